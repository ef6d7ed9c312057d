package dev.itsm.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.core.model.DeadLetter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A generated corpus of hostile payloads mixed with good ones, each knowing its fate: good ones (every format, with
 * and without the format header) become alerts, bad ones are dead-lettered with a known error type. The same seed
 * gives the same corpus, byte for byte, so a failure is reproducible.
 *
 * <p>Every good payload carries a label {@code corpus} (Zabbix: host and trigger id) unique to it, so each of its
 * alerts is a new alert occurrence and shows up once on the alerts changelog topic.
 *
 * <pre>{@code
 * List<HostileCorpus.Payload> corpus = HostileCorpus.generate(20261129L, 10_000);
 * corpus.stream().filter(p -> !p.isGood()).collect(groupingBy(Payload::errorType, counting()));
 * }</pre>
 */
public final class HostileCorpus {
    /** An error type for the record's Kafka timestamp: ahead of the job's clock, or outside the accepted years. */
    public static final String CLOCK_SKEW = DeadLetter.CLOCK_SKEW;
    /** The error type of an alert later than the allowed lateness behind the watermark. */
    public static final String LATE = "late";

    /** What a payload is made of. */
    public enum Kind {
        GOOD, RANDOM_BYTES, TRUNCATED_JSON, INVALID_JSON, WRONG_TYPE, MISSING_FIELD, HUGE_STRING, HUGE_BODY,
        DEEP_NESTING, INVALID_UTF8, FIELD_TIME_PAST, FIELD_TIME_FUTURE, THOUSANDS_OF_LABELS, UNKNOWN_FORMAT, EMPTY,
        /** A good payload whose Kafka timestamp is days behind the watermark. */
        RECORD_TIME_PAST,
        /** A good payload whose Kafka timestamp is before 2000 (a clock or unit error). */
        RECORD_TIME_ANCIENT,
        /** A good payload whose Kafka timestamp is half an hour ahead of the clock. */
        RECORD_TIME_AHEAD;

        /** Whether the kind is about the Kafka record's timestamp, which only a producer, not a webhook, sets. */
        public boolean isRecordTime() {
            return this == RECORD_TIME_PAST || this == RECORD_TIME_ANCIENT || this == RECORD_TIME_AHEAD;
        }
    }

    /**
     * One payload and its fate.
     *
     * @param template  the format the payload was made from (the gateway endpoint to post it to)
     * @param format    the {@code itsm.format} header; {@code null} to let the job detect the format
     * @param errorType the error type its dead letters carry; {@code null} for a good payload
     * @param alerts    how many alerts it holds when its body is good: alerts made, or late letters written
     */
    public record Payload(int number, Kind kind, String template, String format, byte[] body, String errorType,
                          int alerts) {
        public boolean isGood() {
            return errorType == null;
        }

        @Override
        public String toString() {
            return "#" + number + " " + kind + " " + format + " (" + body.length + " bytes) -> "
                    + (isGood() ? "good" : errorType);
        }
    }

    public static final List<String> FORMATS = List.of("alertmanager", "grafana", "zabbix", "generic");
    /** The payload limit of the default rule pack (ingest.yaml max-payload-size). */
    public static final int MAX_PAYLOAD_BYTES = 1 << 20;
    public static final int TEN_MB = 10 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STARTS = "2026-11-01T08:00:00Z";
    /** How many of each expensive kind: enough to show the pattern, few enough to keep the ITCases fast. */
    private static final Map<Kind, Integer> FIXED = new EnumMap<>(Map.of(Kind.HUGE_BODY, 3, Kind.HUGE_STRING, 30,
            Kind.DEEP_NESTING, 40, Kind.THOUSANDS_OF_LABELS, 40)); // in enum order: Map.of's differs from JVM to JVM

    private final Random random;
    private int number;

    private HostileCorpus(long seed) {
        this.random = new Random(seed);
    }

    /**
     * {@code bad} bad payloads of every kind, one good payload after every fourth bad one, shuffled with the seed.
     * Every kind occurs; the expensive ones ({@link #FIXED}) a few dozen times, the others evenly.
     */
    public static List<Payload> generate(long seed, int bad) {
        return new HostileCorpus(seed).corpus(bad);
    }

    /** How many dead letters of each error type a run of these payloads must produce. */
    public static Map<String, Long> expectedDeadLetters(List<Payload> payloads) {
        return payloads.stream().filter(p -> !p.isGood()).collect(Collectors.groupingBy(Payload::errorType,
                TreeMap::new, Collectors.summingLong(p -> p.errorType().equals(LATE) ? p.alerts() : 1)));
    }

    /** How many payloads of each kind. */
    public static Map<Kind, Long> kinds(List<Payload> payloads) {
        return payloads.stream().collect(Collectors.groupingBy(Payload::kind, TreeMap::new, Collectors.counting()));
    }

    private List<Payload> corpus(int bad) {
        List<Kind> kinds = new ArrayList<>();
        FIXED.forEach((kind, count) -> kinds.addAll(Collections.nCopies(count, kind)));
        List<Kind> cheap = List.of(Kind.values()).stream().filter(k -> k != Kind.GOOD && !FIXED.containsKey(k)).toList();
        for (int i = 0; kinds.size() < bad; i++) {
            kinds.add(cheap.get(i % cheap.size()));
        }
        for (int i = 0, n = kinds.size() / 4; i < n; i++) {
            kinds.add(Kind.GOOD);
        }
        Collections.shuffle(kinds, random);
        List<Payload> payloads = new ArrayList<>(kinds.size());
        for (Kind kind : kinds) {
            payloads.add(make(kind, FORMATS.get(random.nextInt(FORMATS.size()))));
        }
        return payloads;
    }

    private Payload make(Kind kind, String format) {
        int n = ++number;
        ObjectNode good = good(format, n);
        int alerts = alertCount(good);
        return switch (kind) {
            // one in four without the header: the job detects the format
            case GOOD -> new Payload(n, kind, format, random.nextInt(4) == 0 ? null : format, bytes(good), null, alerts);
            case RECORD_TIME_PAST -> new Payload(n, kind, format, format, bytes(good), LATE, alerts);
            case RECORD_TIME_ANCIENT, RECORD_TIME_AHEAD ->
                    new Payload(n, kind, format, format, bytes(good), CLOCK_SKEW, alerts);
            case RANDOM_BYTES -> bad(n, kind, format, randomBytes(), DeadLetter.NOT_JSON);
            case TRUNCATED_JSON -> bad(n, kind, format, truncated(bytes(good)), DeadLetter.NOT_JSON);
            case INVALID_JSON -> bad(n, kind, format, invalidJson(bytes(good)), DeadLetter.NOT_JSON);
            case INVALID_UTF8 -> bad(n, kind, format, invalidUtf8(bytes(good)), DeadLetter.NOT_JSON);
            case EMPTY -> bad(n, kind, format, new byte[0], DeadLetter.NOT_JSON);
            case WRONG_TYPE -> bad(n, kind, format, bytes(wrongType(format, good)), DeadLetter.INVALID_FIELD);
            case MISSING_FIELD -> bad(n, kind, format, bytes(missingField(format, good)), DeadLetter.MISSING_FIELD);
            case FIELD_TIME_PAST -> bad(n, kind, format, bytes(withTime(format, good,
                    random.nextBoolean() ? "1970-01-01T00:00:00Z" : "1999-12-31T23:59:59Z")), DeadLetter.INVALID_FIELD);
            case FIELD_TIME_FUTURE -> bad(n, kind, format, bytes(withTime(format, good,
                    random.nextBoolean() ? "2999-01-01T00:00:00Z" : "2101-01-01T00:00:00Z")), DeadLetter.INVALID_FIELD);
            case HUGE_STRING -> bad(n, kind, format, bytes(withHugeString(format, good,
                    100_000 + random.nextInt(400_000))), DeadLetter.TOO_LARGE);
            case HUGE_BODY -> bad(n, kind, format, bytes(withHugeString(format, good, TEN_MB)), DeadLetter.TOO_LARGE);
            case DEEP_NESTING -> bad(n, kind, format, deeplyNested(format, 10_000), DeadLetter.TOO_LARGE);
            case THOUSANDS_OF_LABELS -> bad(n, kind, format, bytes(withLabels(format, good,
                    1_000 + random.nextInt(4_000))), DeadLetter.TOO_LARGE);
            case UNKNOWN_FORMAT -> new Payload(n, kind, format, random.nextBoolean() ? "nagios" : "prometheus-v1",
                    bytes(good), DeadLetter.UNKNOWN_FORMAT, 0);
        };
    }

    private static Payload bad(int n, Kind kind, String format, byte[] body, String errorType) {
        return new Payload(n, kind, format, format, body, errorType, 0);
    }

    // --- good payloads, one template per format, made unique by n ---

    private ObjectNode good(String format, int n) {
        String corpus = String.valueOf(n);
        return switch (format) {
            case "alertmanager", "grafana" -> {
                ObjectNode group = object(format.equals("grafana")
                        ? "{\"receiver\":\"itsm\",\"status\":\"firing\",\"orgId\":1,\"version\":\"1\",\"title\":\"[FIRING]\"}"
                        : "{\"version\":\"4\",\"receiver\":\"itsm\",\"status\":\"firing\"}");
                group.put("groupKey", "{}:{corpus=\"" + corpus + "\"}");
                ArrayNode alerts = group.putArray("alerts");
                for (int i = 0, size = 1 + random.nextInt(3); i < size; i++) {
                    ObjectNode alert = alerts.addObject();
                    alert.put("status", "firing");
                    alert.putObject("labels").put("alertname", "CorpusAlert" + i).put("instance", "node-" + n + ":9100")
                            .put("severity", List.of("critical", "warning", "info").get(random.nextInt(3)))
                            .put("corpus", corpus);
                    alert.putObject("annotations").put("summary", "corpus alert " + n + "/" + i);
                    alert.put("startsAt", STARTS);
                    alert.put("endsAt", "0001-01-01T00:00:00Z");
                }
                yield group;
            }
            case "zabbix" -> {
                ObjectNode z = object("{\"event_name\":\"High CPU utilization\",\"event_value\":\"1\","
                        + "\"status\":\"PROBLEM\",\"severity\":\"High\",\"event_timestamp\":\"1793520000\","
                        + "\"host_ip\":\"192.168.10.21\",\"tags\":[{\"tag\":\"component\",\"value\":\"cpu\"}],"
                        + "\"subject\":\"Problem: High CPU utilization\"}");
                z.put("event_id", corpus);
                z.put("trigger_id", corpus);
                z.put("host_name", "zbx-" + corpus);
                yield z;
            }
            default -> {
                ObjectNode g = object("{\"status\":\"firing\",\"severity\":\"major\",\"summary\":\"corpus\"}");
                g.put("name", "CorpusGeneric");
                g.put("starts_at", STARTS);
                g.put("host", "gen-" + corpus);
                g.putObject("labels").put("corpus", corpus);
                yield g;
            }
        };
    }

    private static int alertCount(ObjectNode payload) {
        JsonNode alerts = payload.get("alerts");
        return alerts == null ? 1 : alerts.size();
    }

    /** The object holding an alert's labels: the first alert of a group, the payload itself otherwise. */
    private static ObjectNode firstAlert(String format, ObjectNode payload) {
        return switch (format) {
            case "alertmanager", "grafana" -> (ObjectNode) payload.get("alerts").get(0);
            default -> payload;
        };
    }

    // --- bad payloads: each made so that exactly one error type applies ---

    /** Random bytes whose first byte no JSON text starts with (a control character or a non-UTF-8 byte). */
    private byte[] randomBytes() {
        byte[] bytes = new byte[1 + random.nextInt(400)];
        random.nextBytes(bytes);
        byte[] starts = {0x00, 0x01, 0x07, 0x08, (byte) 0xC0, (byte) 0xFE, (byte) 0xFF};
        bytes[0] = starts[random.nextInt(starts.length)];
        return bytes;
    }

    /** Cut before the closing bracket: always unfinished JSON (or nothing at all). */
    private byte[] truncated(byte[] good) {
        int end = good.length - 1; // the closing '}' of the compact JSON
        byte[] cut = new byte[random.nextInt(end)];
        System.arraycopy(good, 0, cut, 0, cut.length);
        return cut;
    }

    private byte[] invalidJson(byte[] good) {
        String text = new String(good, StandardCharsets.UTF_8);
        String broken = switch (random.nextInt(5)) {
            case 0 -> text.replaceFirst(":", "=");
            case 1 -> text + " trailing";
            case 2 -> "{\"dup\":1,\"dup\":2," + text.substring(1); // duplicate keys are refused
            case 3 -> text.replace('"', '\'');
            default -> text.replaceFirst("\"", "\"\u0001"); // an unescaped control character inside a string
        };
        return broken.getBytes(StandardCharsets.UTF_8);
    }

    /** A byte sequence that is not UTF-8 (0xC3 must be followed by a continuation byte) inside the first string. */
    private byte[] invalidUtf8(byte[] good) {
        int at = new String(good, StandardCharsets.UTF_8).indexOf('"') + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(good, 0, at);
        out.write(random.nextBoolean() ? 0xC3 : 0xFF);
        out.write('(');
        out.write(good, at, good.length - at);
        return out.toByteArray();
    }

    private ObjectNode wrongType(String format, ObjectNode payload) {
        ObjectNode alert = firstAlert(format, payload);
        switch (format) {
            case "alertmanager", "grafana" -> {
                switch (random.nextInt(3)) {
                    case 0 -> payload.put("alerts", "none");
                    case 1 -> alert.putArray("labels").add("alertname");
                    default -> alert.put("status", "burning");
                }
            }
            case "zabbix" -> alert.putObject(random.nextBoolean() ? "host_name" : "event_name").put("nested", 1);
            default -> {
                switch (random.nextInt(3)) {
                    case 0 -> alert.putArray("labels").add(1);
                    case 1 -> alert.putObject("name").put("nested", true);
                    default -> alert.put("status", "burning");
                }
            }
        }
        return payload;
    }

    private ObjectNode missingField(String format, ObjectNode payload) {
        ObjectNode alert = firstAlert(format, payload);
        switch (format) {
            case "alertmanager", "grafana" -> {
                switch (random.nextInt(3)) {
                    case 0 -> payload.remove("alerts");
                    case 1 -> alert.remove("startsAt");
                    default -> ((ObjectNode) alert.get("labels")).remove("alertname");
                }
            }
            case "zabbix" -> alert.remove(random.nextBoolean() ? "event_id" : "event_name");
            default -> alert.remove(random.nextBoolean() ? "name" : "status");
        }
        return payload;
    }

    private static ObjectNode withTime(String format, ObjectNode payload, String time) {
        ObjectNode alert = firstAlert(format, payload);
        switch (format) {
            case "alertmanager", "grafana" -> alert.put("startsAt", time);
            case "zabbix" -> alert.put("event_timestamp",
                    String.valueOf(java.time.Instant.parse(time).getEpochSecond()));
            default -> alert.put("starts_at", time);
        }
        return payload;
    }

    /** Letters, so that neither JSON escaping nor compression changes the size much. */
    private ObjectNode withHugeString(String format, ObjectNode payload, int length) {
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            text[i] = (char) ('a' + random.nextInt(26));
        }
        ObjectNode alert = firstAlert(format, payload);
        String value = new String(text);
        switch (format) {
            case "alertmanager", "grafana" -> ((ObjectNode) alert.get("annotations")).put("description", value);
            case "zabbix" -> alert.put("message", value);
            default -> alert.put("description", value);
        }
        return payload;
    }

    private static ObjectNode withLabels(String format, ObjectNode payload, int count) {
        ObjectNode alert = firstAlert(format, payload);
        if (format.equals("zabbix")) {
            ArrayNode tags = alert.putArray("tags");
            for (int i = 0; i < count; i++) {
                tags.addObject().put("tag", "t" + i).put("value", "v" + i);
            }
        } else {
            ObjectNode labels = (ObjectNode) alert.get("labels");
            for (int i = 0; i < count; i++) {
                labels.put("label_" + i, "value-" + i);
            }
        }
        return payload;
    }

    /** {@code levels} nested arrays where the format expects a label value (or as the whole body). */
    private byte[] deeplyNested(String format, int levels) {
        String deep = "[".repeat(levels) + "]".repeat(levels);
        String body = switch (random.nextInt(3)) {
            case 0 -> deep;
            case 1 -> "{\"name\":\"Deep\",\"status\":\"firing\",\"labels\":{\"deep\":" + deep + "}}";
            default -> "{\"alerts\":[{\"labels\":" + "{\"a\":".repeat(levels) + "1" + "}".repeat(levels) + "}]}";
        };
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** For assertions' messages: a payload's first bytes. */
    public static String preview(Payload payload) {
        int n = Math.min(120, payload.body().length);
        return new String(payload.body(), 0, n, StandardCharsets.UTF_8);
    }
}
