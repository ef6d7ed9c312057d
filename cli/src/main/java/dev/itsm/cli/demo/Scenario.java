package dev.itsm.cli.demo;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A recorded alert stream: a JSONL file, one entry per line, in the order to send them.
 *
 * <pre>{@code
 * {"at": "PT3M45.5S", "format": "alertmanager", "payload": {"receiver": "itsm-webhook", "status": "firing", ...}}
 * {"at": "2026-01-15T09:05:12.5Z", "format": "alertmanager", "payload_text": "{\"receiver\":\"itsm-web", "note": "cut off"}
 * }</pre>
 *
 * <ul>
 *   <li>{@code at} (required): when to send it, an ISO-8601 duration after the base time ({@code PT0S},
 *       {@code PT12.5S}, {@code PT3M45S}) or an RFC 3339 time not before the base;</li>
 *   <li>{@code format} (required): the format name the sender would set ({@code alertmanager}, {@code grafana},
 *       {@code zabbix}, {@code generic}, or anything else to test the rejection of an unknown format);</li>
 *   <li>exactly one of {@code payload}, the payload JSON exactly as the system sends it (sent written compactly,
 *       keys in their order, numbers as written), or {@code payload_text}, a string sent as is (UTF-8), for input
 *       that is not JSON;</li>
 *   <li>{@code note} (optional): what the line is for in the storyline; not sent.</li>
 * </ul>
 *
 * Blank lines are skipped. Times inside payloads are absolute; the player stamps each record with
 * {@code base + at}, so a replay is the same stream in event time whenever it runs. Entries need not be in
 * {@code at} order: one earlier than the one before is sent at once, with its own (earlier) timestamp, which is
 * how a scenario records a late arrival.
 *
 * @param source  the file name, for messages
 * @param base    the simulated time {@code at} counts from
 * @param entries in file order
 */
public record Scenario(String source, Instant base, List<ScenarioEntry> entries) {

    /** The base time of the demo scenario: every time in {@code demo/scenario.jsonl} is relative to it. */
    public static final Instant DEFAULT_BASE = Instant.parse("2026-01-15T09:00:00Z");

    private static final Pattern START_MARKER = Pattern.compile("\\s*\\(start marker at .*\\)\\s*$");
    private static final List<String> KEYS = List.of("at", "format", "payload", "payload_text", "note");

    // exact numbers: a payload is re-written compactly, and 0.10 must stay 0.10, not become 0.1
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    public Scenario {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(base, "base");
        entries = List.copyOf(entries);
    }

    /** Loads a scenario whose times count from {@link #DEFAULT_BASE}. */
    public static Scenario load(Path file) throws IOException {
        return load(file, DEFAULT_BASE);
    }

    /**
     * Loads a scenario file (UTF-8).
     *
     * @throws ScenarioFormatException listing every bad line
     * @throws IOException             if the file cannot be read
     */
    public static Scenario load(Path file, Instant base) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), base);
    }

    /**
     * Parses scenario text.
     *
     * @throws ScenarioFormatException listing every bad line
     */
    public static Scenario parse(String source, String text, Instant base) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(base, "base");
        List<ScenarioEntry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                String where = source + " line " + (i + 1) + ": ";
                int before = problems.size();
                ScenarioEntry entry = entry(i + 1, lines[i], base, problem -> problems.add(where + problem));
                if (entry != null && problems.size() == before) {
                    entries.add(entry);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ScenarioFormatException(source, problems);
        }
        return new Scenario(source, base, entries);
    }

    /** How many entries there are. */
    public int size() {
        return entries.size();
    }

    /** The largest {@code at}: how much simulated time the scenario covers. */
    public Duration duration() {
        return entries.stream().map(ScenarioEntry::at).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    private static ScenarioEntry entry(int number, String line, Instant base, Consumer<String> problem) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String column = at == null || at.getColumnNr() < 1 ? "" : " at column " + at.getColumnNr();
            // Jackson appends where the object started, which on one line says nothing new
            String reason = START_MARKER.matcher(e.getOriginalMessage()).replaceAll("");
            problem.accept(reason.startsWith("Duplicate field ")
                    ? "duplicate key " + reason.substring("Duplicate field ".length()) + column
                    : "not JSON" + column + ": " + reason);
            return null;
        }
        if (!node.isObject()) {
            problem.accept("expected a JSON object with \"at\", \"format\" and \"payload\" or \"payload_text\", got "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
            return null;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                problem.accept("unknown key \"" + name + "\" (known: " + String.join(", ", KEYS) + ")");
            }
        }
        Duration at = at(node.get("at"), base, problem);
        String format = text(node, "format", true, problem);
        String note = text(node, "note", false, problem);
        byte[] payload = payload(node, problem);
        if (at == null || format == null || payload == null) {
            return null;
        }
        return new ScenarioEntry(number, at, format, payload, note);
    }

    private static Duration at(JsonNode value, Instant base, Consumer<String> problem) {
        if (value == null || value.isNull()) {
            problem.accept("missing \"at\" (e.g. \"PT12.5S\" after the base time, or \"" + base + "\")");
            return null;
        }
        if (!value.isTextual()) {
            problem.accept("\"at\" must be a string such as \"PT12.5S\", was " + value);
            return null;
        }
        String text = value.asText().trim();
        Duration at;
        try {
            at = text.startsWith("P") || text.startsWith("p") || text.startsWith("-P")
                    ? Duration.parse(text)
                    : Duration.between(base, OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            problem.accept("\"at\" must be an ISO-8601 duration such as PT12.5S or an RFC 3339 time such as "
                    + base + ", was '" + text + "'");
            return null;
        }
        if (at.isNegative()) {
            problem.accept("\"at\" '" + text + "' is before the scenario's base time " + base);
            return null;
        }
        return at;
    }

    private static String text(JsonNode node, String key, boolean required, Consumer<String> problem) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                problem.accept("missing \"" + key + "\"");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problem.accept("\"" + key + "\" must be a non-empty string, was " + value);
            return null;
        }
        return value.asText().trim();
    }

    private static byte[] payload(JsonNode node, Consumer<String> problem) {
        JsonNode json = node.get("payload");
        JsonNode text = node.get("payload_text");
        if (json != null && text != null) {
            problem.accept("has both \"payload\" and \"payload_text\"; give one");
            return null;
        }
        if (json == null && text == null) {
            problem.accept("missing \"payload\" (the JSON the system sends) or \"payload_text\" (a raw string)");
            return null;
        }
        if (text != null) {
            if (!text.isTextual()) {
                problem.accept("\"payload_text\" must be a string, was " + text.getNodeType().name().toLowerCase(Locale.ROOT)
                        + "; for JSON use \"payload\"");
                return null;
            }
            return text.asText().getBytes(StandardCharsets.UTF_8);
        }
        if (json.isNull()) {
            problem.accept("\"payload\" is null; for a payload that is not JSON use \"payload_text\"");
            return null;
        }
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            // a tree that was just parsed can always be written
            throw new IllegalStateException(e);
        }
    }
}
