package dev.itsm.connectors.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.core.model.DeadLetter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to one JSON object of a payload, with rejections that name the format and the path:
 * {@code alertmanager: alerts[2].startsAt: '2024-13-01' is not an RFC 3339 time}.
 *
 * <p>Leniency, the same for every format: a JSON {@code null} counts as absent; where text is expected, numbers and
 * booleans are taken as their text (a label {@code "port": 8080} means "8080"); objects and arrays are refused.
 */
final class Fields {
    /** Most labels (and annotations) one alert may carry; Prometheus's own default limit is far lower. */
    static final int MAX_LABELS = 256;
    /**
     * Most characters of one alert's JSON. An alert lives on in state and in every changelog record of its
     * occurrence, which repeats its texts beside the original: an alert the size of the payload limit would make
     * records over Kafka's default message size (1 MB), which the job's sinks cannot write. Real alerts are 1-5 KB.
     */
    static final int MAX_ALERT_CHARS = 65_536;

    private final String format;
    private final String path;
    private final JsonNode node;

    private Fields(String format, String path, JsonNode node) {
        this.format = format;
        this.path = path;
        this.node = node;
    }

    /** The payload's top-level object. */
    static Fields root(AlertFormat format, JsonNode node) {
        if (!node.isObject()) {
            throw new Rejection(DeadLetter.INVALID_FIELD,
                    format.id() + ": expected a JSON object, got " + Describe.kind(node));
        }
        return new Fields(format.id(), "", node);
    }

    /** Element {@code index} of an array: {@code alerts[2]}, or {@code [2]} for a top-level array. */
    static Fields element(AlertFormat format, String arrayPath, int index, JsonNode element) {
        String elementPath = arrayPath + "[" + index + "]";
        if (!element.isObject()) {
            throw new Rejection(DeadLetter.INVALID_FIELD,
                    format.id() + ": " + elementPath + ": expected an object, got " + Describe.kind(element));
        }
        return new Fields(format.id(), elementPath, element);
    }

    JsonNode node() {
        return node;
    }

    /** The path of a field of this object, as reasons show it. */
    String pathOf(String field) {
        return join(path, field);
    }

    /** Whether the field is present and not {@code null}. */
    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** The raw value, {@code null} when absent or JSON {@code null}. */
    JsonNode get(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /** The text of a scalar field; empty when absent, {@code null} or blank. */
    Optional<String> text(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return Optional.empty();
        }
        String text = scalarText(value, pathOf(field));
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /** As {@link #text}, but absent or blank is a rejection. */
    String requiredText(String field) {
        JsonNode value = get(field);
        if (value == null) {
            throw missing(field);
        }
        String text = scalarText(value, pathOf(field));
        if (text.isBlank()) {
            throw new Rejection(DeadLetter.MISSING_FIELD, prefix() + "required field '" + field + "' is empty");
        }
        return text;
    }

    /**
     * A map of text values such as {@code labels}: empty when absent; {@code null} values are left out; at most
     * {@value #MAX_LABELS} entries.
     */
    Map<String, String> textMap(String field) {
        JsonNode value = get(field);
        var map = new LinkedHashMap<String, String>();
        if (value == null) {
            return map;
        }
        String where = pathOf(field);
        if (!value.isObject()) {
            throw new Rejection(DeadLetter.INVALID_FIELD,
                    format + ": " + where + ": expected an object, got " + Describe.kind(value));
        }
        if (value.size() > MAX_LABELS) {
            throw new Rejection(DeadLetter.TOO_LARGE, format + ": " + where + ": " + Describe.count(value.size())
                    + " " + field + " exceed the limit of " + MAX_LABELS + " per alert");
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String key = entry.getKey();
            if (key.isBlank()) {
                throw new Rejection(DeadLetter.INVALID_FIELD, format + ": " + where + ": a key is empty");
            }
            if (!entry.getValue().isNull()) {
                map.put(key, scalarText(entry.getValue(), join(where, key)));
            }
        }
        return map;
    }

    /** An RFC 3339 time within the accepted years; empty when absent. Go's zero time is returned as is. */
    Optional<Instant> time(String field) {
        return text(field).map(text -> {
            Instant instant = Times.rfc3339(text.strip()).orElseThrow(() -> invalid(field,
                    Describe.quote(text) + " is not an RFC 3339 time"));
            if (!instant.equals(Times.GO_ZERO)) {
                checkRange(field, text, instant);
            }
            return instant;
        });
    }

    /** Rejects an instant outside the accepted years, quoting the field's text. */
    Instant checkRange(String field, String text, Instant instant) {
        if (!Times.accepted(instant)) {
            throw invalid(field, Describe.quote(text) + " is outside the accepted years " + Times.ACCEPTED_YEARS);
        }
        return instant;
    }

    Rejection invalid(String field, String problem) {
        return new Rejection(DeadLetter.INVALID_FIELD, format + ": " + pathOf(field) + ": " + problem);
    }

    /** A rejection for something missing inside a field: {@code alerts[1].labels: missing required label ...}. */
    Rejection missingIn(String field, String problem) {
        return new Rejection(DeadLetter.MISSING_FIELD, format + ": " + pathOf(field) + ": " + problem);
    }

    Rejection missing(String field) {
        return new Rejection(DeadLetter.MISSING_FIELD, prefix() + "missing required field '" + field + "'");
    }

    /** {@code "alertmanager: alerts[2]: "}, or {@code "generic: "} at the top level. */
    String prefix() {
        return format + ": " + (path.isEmpty() ? "" : path + ": ");
    }

    private String scalarText(JsonNode value, String where) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        throw new Rejection(DeadLetter.INVALID_FIELD,
                format + ": " + where + ": expected a string, got " + Describe.kind(value));
    }

    /** {@code parent.key}, or {@code parent["odd key"]} for keys that are not plain words. */
    /** [A-Za-z0-9_]+ without a regex: this runs for every label of every alert. */
    private static boolean isPlain(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static String join(String parent, String key) {
        if (isPlain(key)) {
            return parent.isEmpty() ? key : parent + "." + key;
        }
        String shown = Describe.quote(key);
        return parent + "[\"" + shown.substring(1, shown.length() - 1).replace("\"", "\\\"") + "\"]";
    }
}
