package dev.itsm.connectors.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Severity;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A Zabbix webhook media type sending our parameter set (ALERT-FORMATS.md lists it for Zabbix admins): one event per
 * payload, problem or recovery.
 *
 * <p>Zabbix webhook parameters are strings, so numbers are accepted as strings or numbers, and {@code tags}
 * ({EVENT.TAGSJSON}) as an array or as a string holding one. Zabbix leaves a macro it cannot resolve in place
 * (e.g. {EVENT.RECOVERY.TIMESTAMP} in a problem notification) and writes {@code UNKNOWN} / {@code *UNKNOWN*} for
 * missing values: all of these count as absent.
 *
 * <p>Labels: the event's tags (a tag given several values gets them sorted and joined by commas), plus
 * {@code alertname} (event name), {@code host} and {@code trigger_id}, which win over tags of the same name. The
 * event id differs per problem, so it is an annotation, not a label; {@code host, trigger_id} is the natural
 * identifying set for a rule pack, since event names may contain changing values.
 */
final class ZabbixAdapter implements FormatAdapter {
    static final ZabbixAdapter INSTANCE = new ZabbixAdapter();

    /** Keys that mark a payload as Zabbix when no format header is set. */
    static final List<String> MARKER_KEYS = List.of("event_id", "event_name", "event_value", "trigger_id");

    private static final Pattern UNEXPANDED_MACRO = Pattern.compile("\\{[A-Z][A-Z0-9_.]*(\\[[^]]*])?}|\\{\\$[^}]+}");
    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,12}");
    private static final DateTimeFormatter ZABBIX_DATE =
            DateTimeFormatter.ofPattern("uuuu.MM.dd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter ZABBIX_TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    // Zabbix's names, as {EVENT.SEVERITY} writes them, by {EVENT.NSEVERITY}.
    private static final Severity[] BY_NSEVERITY = {
        Severity.INFO, Severity.INFO, Severity.WARNING, Severity.MINOR, Severity.MAJOR, Severity.CRITICAL};

    private ZabbixAdapter() {}

    @Override
    public List<Alert> toAlerts(JsonNode root, AlertAssembler assembler) {
        Fields z = Fields.root(AlertFormat.ZABBIX, root);
        var d = new AlertDraft(z);

        String eventId = required(z, "event_id");
        d.name = param(z, "event_name").or(() -> param(z, "trigger_name"))
                .orElseThrow(() -> missing(z, "'event_name' (or 'trigger_name')"));
        d.status = status(z);
        d.startsAt = time(z, "event_timestamp", "event_date", "event_time")
                .orElseThrow(() -> missing(z, "'event_timestamp' (or 'event_date' and 'event_time')"));
        d.endsAt = time(z, "recovery_timestamp", "recovery_date", "recovery_time").orElse(null);
        d.endsAtField = z.has("recovery_timestamp") ? "recovery_timestamp" : "recovery_date";

        Optional<String> severityWord = param(z, "severity");
        Optional<Severity> numeric = nseverity(z);
        d.severity = severityWord.flatMap(assembler::severityOf).or(() -> numeric).orElse(null);
        d.severityWord = severityWord.orElse(null);

        Optional<String> host = param(z, "host_name");
        Optional<String> triggerId = param(z, "trigger_id");
        d.labels.putAll(tags(z));
        d.labels.put("alertname", d.name);
        host.ifPresent(h -> d.labels.put("host", h));
        triggerId.ifPresent(t -> d.labels.put("trigger_id", t));
        d.hostName = host.orElse(null);
        d.hostIp = param(z, "host_ip").orElse(null);

        d.annotations.put("event_id", eventId);
        param(z, "recovery_event_id").ifPresent(v -> d.annotations.put("recovery_event_id", v));
        severityWord.ifPresent(v -> d.annotations.put("source_severity", v));
        param(z, "event_url").ifPresent(v -> d.annotations.put("event_url", v));
        d.summary = param(z, "subject").orElse(d.name);
        d.description = param(z, "message").orElse(null);
        d.raw = root.toString();
        return List.of(assembler.assemble(d));
    }

    private static AlertStatus status(Fields z) {
        Optional<String> value = param(z, "event_value");
        if (value.isPresent()) {
            return switch (value.get().strip()) {
                case "1" -> AlertStatus.FIRING;
                case "0" -> AlertStatus.RESOLVED;
                default -> throw z.invalid("event_value",
                        Describe.quote(value.get()) + " is not 1 (problem) or 0 (resolved)");
            };
        }
        Optional<String> status = param(z, "status");
        if (status.isPresent()) {
            return switch (status.get().strip().toUpperCase(Locale.ROOT)) {
                case "PROBLEM" -> AlertStatus.FIRING;
                case "RESOLVED", "OK" -> AlertStatus.RESOLVED;
                default -> throw z.invalid("status",
                        Describe.quote(status.get()) + " is not PROBLEM or RESOLVED");
            };
        }
        throw missing(z, "'event_value' (or 'status')");
    }

    /** From a UNIX timestamp, else a Zabbix date and time in the payload's {@code timezone} (default UTC). */
    private static Optional<Instant> time(Fields z, String timestampField, String dateField, String timeField) {
        Optional<String> timestamp = param(z, timestampField);
        if (timestamp.isPresent()) {
            String text = timestamp.get().strip();
            if (!EPOCH_SECONDS.matcher(text).matches()) {
                throw z.invalid(timestampField, Describe.quote(text) + " is not a UNIX time in seconds");
            }
            return Optional.of(z.checkRange(timestampField, text, Instant.ofEpochSecond(Long.parseLong(text))));
        }
        Optional<String> date = param(z, dateField);
        Optional<String> time = param(z, timeField);
        if (date.isEmpty() && time.isEmpty()) {
            return Optional.empty();
        }
        if (date.isEmpty() || time.isEmpty()) {
            String lacking = date.isEmpty() ? dateField : timeField;
            throw missing(z, "'" + lacking + "' (given '" + (date.isEmpty() ? timeField : dateField) + "')");
        }
        LocalDate day;
        LocalTime clock;
        try {
            day = LocalDate.parse(date.get().strip(), ZABBIX_DATE);
        } catch (DateTimeException e) {
            throw z.invalid(dateField, Describe.quote(date.get()) + " is not a Zabbix date (yyyy.mm.dd)");
        }
        try {
            clock = LocalTime.parse(time.get().strip(), ZABBIX_TIME);
        } catch (DateTimeException e) {
            throw z.invalid(timeField, Describe.quote(time.get()) + " is not a Zabbix time (hh:mm:ss)");
        }
        Instant instant = LocalDateTime.of(day, clock).atZone(zone(z)).toInstant();
        return Optional.of(z.checkRange(dateField, date.get() + " " + time.get(), instant));
    }

    private static ZoneId zone(Fields z) {
        Optional<String> zone = param(z, "timezone");
        if (zone.isEmpty()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone.get().strip());
        } catch (DateTimeException e) {
            throw z.invalid("timezone", Describe.quote(zone.get())
                    + " is not a time zone (e.g. 'Europe/Berlin' or '+02:00')");
        }
    }

    private static Optional<Severity> nseverity(Fields z) {
        return param(z, "event_nseverity").map(text -> {
            String n = text.strip();
            if (n.length() != 1 || n.charAt(0) < '0' || n.charAt(0) > '5') {
                throw z.invalid("event_nseverity", Describe.quote(text) + " is not a Zabbix severity 0..5");
            }
            return BY_NSEVERITY[n.charAt(0) - '0'];
        });
    }

    private static Map<String, String> tags(Fields z) {
        JsonNode tags = z.get("tags");
        if (tags == null) {
            return Map.of();
        }
        if (tags.isTextual()) {
            String text = tags.textValue().strip();
            if (text.isEmpty() || isPlaceholder(text)) {
                return Map.of();
            }
            tags = JsonPayloads.parseEmbedded(text, "zabbix: tags: ");
        }
        if (!tags.isArray()) {
            throw z.invalid("tags", "expected an array of {\"tag\", \"value\"} objects, got " + Describe.kind(tags));
        }
        if (tags.size() > Fields.MAX_LABELS) {
            throw new Rejection(DeadLetter.TOO_LARGE, "zabbix: tags: " + Describe.count(tags.size())
                    + " tags exceed the limit of " + Fields.MAX_LABELS + " labels per alert");
        }
        var values = new TreeMap<String, TreeSet<String>>();
        for (int i = 0; i < tags.size(); i++) {
            Fields tag = Fields.element(AlertFormat.ZABBIX, "tags", i, tags.get(i));
            String name = tag.requiredText("tag").strip();
            values.computeIfAbsent(name, k -> new TreeSet<>()).add(tag.text("value").orElse("").strip());
        }
        var labels = new TreeMap<String, String>();
        values.forEach((name, set) -> {
            set.remove("");
            labels.put(name, String.join(",", set));
        });
        return labels;
    }

    /** A parameter's text; absent when missing, blank, an unexpanded macro or Zabbix's UNKNOWN. */
    private static Optional<String> param(Fields z, String field) {
        return z.text(field).filter(text -> !isPlaceholder(text.strip()));
    }

    private static String required(Fields z, String field) {
        Optional<String> text = z.text(field);
        if (text.isPresent() && isPlaceholder(text.get().strip())) {
            throw z.missingIn(field, Describe.quote(text.get()) + " is a macro Zabbix did not expand");
        }
        return text.orElseThrow(() -> z.missing(field)).strip();
    }

    private static boolean isPlaceholder(String text) {
        return text.equals("UNKNOWN") || text.equals("*UNKNOWN*") || UNEXPANDED_MACRO.matcher(text).matches();
    }

    private static Rejection missing(Fields z, String what) {
        return new Rejection(DeadLetter.MISSING_FIELD, z.prefix() + "missing required field " + what);
    }
}
