package dev.itsm.connectors.cmdb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.connectors.json.StrictJson;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.RelationType;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The checks of one JSON object's fields, shared by the CMDB file loader and the {@code itsm.cmdb} topic reader: each
 * method checks one field, returns its value (or {@code null}, or an empty list or map, when it is absent or bad) and
 * reports every problem it finds to a {@link Problems} callback, without coercing anything (a criticality of
 * {@code 2.7} or {@code "2"}, an id of {@code 17} are problems, not values).
 *
 * <p>A caller keeps its own policy (which fields are required, defaults, what a bad value costs) and its own message
 * format: the callback gets the error type, the path and the message, never a formatted line. Paths: the object's own
 * path as given ({@code $.configuration_items[3]}, or {@code ""} for a topic record's top level), then
 * {@code .key} ({@code key} alone under {@code ""}), {@code [i]} for an array element, {@code .label} for a label. A
 * missing required field is reported at the object's path with {@code missing "key"}; every other problem at the
 * field's path.
 *
 * <pre>{@code
 * CmdbFields fields = new CmdbFields(node, "$.configuration_items[3]",
 *         (errorType, path, message) -> problems.add(file + ": " + path + ": " + message));
 * String id = fields.requiredString("id");
 * Integer criticality = fields.optionalCriticality("criticality");
 * }</pre>
 *
 * <p>An absent key and a JSON {@code null} are the same. Where the file loader and the topic reader differ beyond
 * required or optional, both ways are here, named: a time or relation type an administrator writes by hand
 * ({@link #optionalTime}, {@link #looseRelationType}) is read more leniently than one a program writes to the topic
 * ({@link #requiredTime}, {@link #relationType}), which must be exactly what the core JSON codec reads.
 */
final class CmdbFields {
    private static final int MOST_CRITICAL = 1;
    private static final int LEAST_CRITICAL = 5;

    private static final String TIME_EXAMPLE = "2026-01-15T08:00:00Z";
    private static final String RELATION_TYPES =
            Arrays.stream(RelationType.values()).map(RelationType::json).collect(Collectors.joining(", "));

    /** Where the checks report what is wrong. */
    @FunctionalInterface
    interface Problems {
        /**
         * One problem.
         *
         * @param errorType {@link DeadLetter#MISSING_FIELD} for a required field that is absent or {@code null},
         *                  {@link DeadLetter#INVALID_FIELD} for anything else
         * @param path      where: the object's path for a missing field, else the field's (see {@link CmdbFields})
         * @param message   what, without the path: {@code missing "id"}, {@code must not be empty}, ...
         */
        void report(String errorType, String path, String message);
    }

    private final JsonNode node;
    private final String path;
    private final Problems problems;

    /**
     * @param node     the object whose fields are checked
     * @param path     its path in messages; {@code ""} for none
     * @param problems where every problem goes
     */
    public CmdbFields(JsonNode node, String path, Problems problems) {
        this.node = Objects.requireNonNull(node, "node");
        this.path = Objects.requireNonNull(path, "path");
        this.problems = Objects.requireNonNull(problems, "problems");
    }

    /** The path of a field of this object, as messages give it. */
    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * A string that must be there and not blank, as written (not trimmed). A number gets a hint to quote it: an id of
     * {@code 1234} is almost always meant as {@code "1234"}.
     */
    public String requiredString(String key) {
        JsonNode value = node.get(key);
        if (absent(value)) {
            missing(key);
            return null;
        }
        if (!value.isTextual()) {
            invalid(path(key), "must be a string, was " + kind(value)
                    + (value.isNumber() ? " (quote it: \"" + value.asText() + "\")" : ""));
            return null;
        }
        if (value.asText().isBlank()) {
            invalid(path(key), "must not be empty");
            return null;
        }
        return value.asText();
    }

    /** A string that may be absent, trimmed; {@code null} when absent, blank or not a string. */
    public String optionalString(String key) {
        JsonNode value = node.get(key);
        if (absent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            invalid(path(key), "must be a string, was " + kind(value));
            return null;
        }
        return value.asText().isBlank() ? null : value.asText().trim();
    }

    /**
     * An optional array of non-blank strings: the good ones trimmed, each once, in order; empty when absent. Each bad
     * element is reported at its index.
     */
    public List<String> strings(String key) {
        JsonNode value = node.get(key);
        if (absent(value)) {
            return List.of();
        }
        if (!value.isArray()) {
            invalid(path(key), "must be an array of strings, was " + kind(value));
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            String at = path(key) + "[" + i + "]";
            if (!element.isTextual()) {
                invalid(at, "must be a string, was " + kind(element));
            } else if (element.asText().isBlank()) {
                invalid(at, "must not be empty");
            } else if (!strings.contains(element.asText().trim())) {
                strings.add(element.asText().trim());
            }
        }
        return strings;
    }

    /** A criticality that must be there: an integer 1..5. */
    public Integer requiredCriticality(String key) {
        return criticality(key, true);
    }

    /** A criticality that may be absent ({@code null} then): an integer 1..5. */
    public Integer optionalCriticality(String key) {
        return criticality(key, false);
    }

    private Integer criticality(String key, boolean required) {
        JsonNode value = node.get(key);
        if (absent(value)) {
            if (required) {
                missing(key);
            }
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()
                && value.intValue() >= MOST_CRITICAL && value.intValue() <= LEAST_CRITICAL) {
            return value.intValue();
        }
        invalid(path(key), "must be an integer from " + MOST_CRITICAL + " (most critical) to " + LEAST_CRITICAL
                + ", was " + (value.isNumber() ? value.asText() : kind(value)));
        return null;
    }

    /**
     * Optional labels: an object whose values are strings, numbers or booleans, kept as text, in order; empty when
     * absent. Each bad value is reported at {@code key.label}.
     */
    public Map<String, String> labels(String key) {
        JsonNode value = node.get(key);
        if (absent(value)) {
            return Map.of();
        }
        if (!value.isObject()) {
            invalid(path(key), "must be an object of strings, was " + kind(value));
            return Map.of();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> label : value.properties()) {
            if (label.getValue().isValueNode() && !label.getValue().isNull()) {
                labels.put(label.getKey(), label.getValue().asText());
            } else {
                invalid(path(key) + "." + label.getKey(), "must be a string, number or boolean, was " + kind(label.getValue()));
            }
        }
        return labels;
    }

    /**
     * A time a program wrote: required, an RFC 3339 string exactly as given (no spaces around it; a blank one is a
     * bad time, not an absent one).
     */
    public Instant requiredTime(String key) {
        String text = requiredText(key, "must be an RFC 3339 time such as " + TIME_EXAMPLE);
        return text == null ? null : time(key, text);
    }

    /**
     * A time written by hand: optional, an RFC 3339 string; spaces around it are dropped and a blank one counts as
     * absent ({@code null}).
     */
    public Instant optionalTime(String key) {
        String text = optionalString(key);
        return text == null ? null : time(key, text);
    }

    private Instant time(String key, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            invalid(path(key), "'" + text + "' is not an RFC 3339 time such as " + TIME_EXAMPLE);
            return null;
        }
    }

    /** An optional revision: an integer >= 0; {@code null} when absent or bad. */
    public Long revision(String key) {
        JsonNode value = node.get(key);
        if (absent(value)) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0) {
            return value.longValue();
        }
        invalid(path(key), "must be an integer >= 0, was " + (value.isNumber() ? value.asText() : kind(value)));
        return null;
    }

    /**
     * A relation type a program wrote: required, a string that is one of {@link RelationType}'s JSON names in any case
     * ({@code runs_on}, {@code RUNS_ON}), as the core JSON codec reads it.
     */
    public RelationType relationType(String key) {
        String text = requiredText(key, "must be a string");
        return text == null ? null : relationTypeNamed(key, text, text);
    }

    /**
     * A relation type written by hand, from the text of field {@code key} (read with {@link #requiredString}, so that
     * the caller decides when this problem is reported): case, spaces around it and {@code -} or a space for
     * {@code _} do not matter ({@code Runs-On}, {@code depends on}). The core JSON codec does not read those, so a
     * caller that hands the node to it afterwards needs {@link #relationType}.
     */
    public RelationType looseRelationType(String key, String written) {
        String normalised = written.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return relationTypeNamed(key, normalised, written);
    }

    private RelationType relationTypeNamed(String key, String name, String written) {
        for (RelationType type : RelationType.values()) {
            if (type.json().equalsIgnoreCase(name)) {
                return type;
            }
        }
        invalid(path(key), "'" + written + "' is not a relation type; use one of " + RELATION_TYPES);
        return null;
    }

    /**
     * The text of a field that must be there and be a string, exactly as written (blank included); {@code null}, with
     * the problem reported, when it is absent or {@code wrongType} (followed by what it was) when it is not a string.
     */
    private String requiredText(String key, String wrongType) {
        JsonNode value = node.get(key);
        if (absent(value)) {
            missing(key);
            return null;
        }
        if (!value.isTextual()) {
            invalid(path(key), wrongType + ", was " + kind(value));
            return null;
        }
        return value.asText();
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull();
    }

    private static String kind(JsonNode value) {
        return StrictJson.kind(value);
    }

    private void missing(String key) {
        problems.report(DeadLetter.MISSING_FIELD, path, "missing \"" + key + "\"");
    }

    private void invalid(String at, String message) {
        problems.report(DeadLetter.INVALID_FIELD, at, message);
    }
}
