package dev.itsm.connectors.cmdb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.connectors.json.StrictJson;
import dev.itsm.core.json.Json;
import dev.itsm.core.json.JsonCodecException;
import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Relation;
import dev.itsm.core.model.RelationType;
import dev.itsm.core.model.Versioned;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The value of one {@code itsm.cmdb} record, checked field by field before it becomes a {@link ConfigItem} or
 * {@link Relation}, so that a bad record is refused with every problem named in the record's own terms rather than
 * in Jackson's, and nothing is coerced silently (a criticality of {@code 2.7} or {@code "2"}, an id of {@code 17}).
 *
 * <p>The bytes must be UTF-8 JSON, nested no deeper than {@value #MAX_NESTING_DEPTH} levels (a record needs 2; a
 * 10,000-deep document must not reach a recursive code path), without duplicate keys. Keys the record does not know
 * are ignored, as {@link Json} does (a newer writer may add fields). The error types are {@link DeadLetter}'s:
 * {@code not_json}, {@code too_large} (nesting, parser limits), {@code missing_field}, {@code invalid_field}.
 */
final class CmdbRecordValue {
    /** Deepest nesting a value may have. */
    static final int MAX_NESTING_DEPTH = 16;

    private static final StrictJson JSON = new StrictJson(MAX_NESTING_DEPTH);
    /** Problems a reason lists; the rest are counted. */
    private static final int MAX_PROBLEMS = 10;

    private CmdbRecordValue() {
    }

    /** The CI a record's value carries; {@code key} names the record in messages. */
    static ConfigItem item(String key, byte[] value) {
        Fields fields = new Fields(key, object(key, value, "ConfigItem"));
        fields.requiredString("ci.id");
        fields.requiredString("ci.type");
        fields.optionalString("ci.name");
        fields.strings("ci.identifiers");
        fields.criticality("ci.criticality");
        fields.optionalString("ci.support_group");
        fields.optionalString("ci.location");
        fields.optionalString("service.id");
        fields.labels("labels");
        fields.time("@timestamp");
        fields.revision(Versioned.REVISION_FIELD);
        return fields.as(ConfigItem.class);
    }

    /** The relation a record's value carries; {@code key} names the record in messages. */
    static Relation relation(String key, byte[] value) {
        Fields fields = new Fields(key, object(key, value, "Relation"));
        fields.requiredString("relation.id");
        fields.relationType("relation.type");
        fields.requiredString("relation.source");
        fields.requiredString("relation.target");
        fields.time("@timestamp");
        fields.revision(Versioned.REVISION_FIELD);
        return fields.as(Relation.class);
    }

    private static JsonNode object(String key, byte[] value, String what) {
        JsonNode node;
        try {
            String text = StrictJson.text(value);
            if (text.isBlank()) {
                throw rejected(DeadLetter.NOT_JSON, key, "not JSON: the value is blank");
            }
            node = JSON.read(text);
        } catch (StrictJson.Refused e) {
            throw rejected(e.errorType(), key, e.getMessage());
        }
        if (!node.isObject()) {
            throw rejected(DeadLetter.INVALID_FIELD, key, "must be a JSON object (the " + what + "), was " + kind(node));
        }
        return node;
    }

    private static CmdbCodec.InvalidCmdbRecordException rejected(String errorType, String key, String problem) {
        return new CmdbCodec.InvalidCmdbRecordException(errorType, "CMDB record '" + key + "': " + problem);
    }

    private static String kind(JsonNode node) {
        return StrictJson.kind(node);
    }

    /** The checks of one value: every problem is collected, the first one's error type classifies them all. */
    private static final class Fields {
        private final String key;
        private final JsonNode node;
        private final List<String> problems = new ArrayList<>();
        private String errorType;

        Fields(String key, JsonNode node) {
            this.key = key;
            this.node = node;
        }

        void requiredString(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                missing(field);
            } else if (!value.isTextual()) {
                invalid(field, "must be a string, was " + kind(value) + (value.isNumber() ? " (quote it: \"" + value.asText() + "\")" : ""));
            } else if (value.asText().isBlank()) {
                invalid(field, "must not be empty");
            }
        }

        void optionalString(String field) {
            JsonNode value = node.get(field);
            if (value != null && !value.isNull() && !value.isTextual()) {
                invalid(field, "must be a string, was " + kind(value));
            }
        }

        void strings(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return;
            }
            if (!value.isArray()) {
                invalid(field, "must be an array of strings, was " + kind(value));
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                if (!element.isTextual()) {
                    invalid(field + "[" + i + "]", "must be a string, was " + kind(element));
                } else if (element.asText().isBlank()) {
                    invalid(field + "[" + i + "]", "must not be empty");
                }
            }
        }

        void criticality(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                missing(field);
            } else if (!(value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 1 && value.intValue() <= 5)) {
                invalid(field, "must be an integer from 1 (most critical) to 5, was " + (value.isNumber() ? value.asText() : kind(value)));
            }
        }

        void labels(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return;
            }
            if (!value.isObject()) {
                invalid(field, "must be an object of strings, was " + kind(value));
                return;
            }
            for (Map.Entry<String, JsonNode> label : value.properties()) {
                if (!label.getValue().isValueNode() || label.getValue().isNull()) {
                    invalid(field + "." + label.getKey(), "must be a string, number or boolean, was " + kind(label.getValue()));
                }
            }
        }

        void time(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                missing(field);
                return;
            }
            if (!value.isTextual()) {
                invalid(field, "must be an RFC 3339 time such as 2026-01-15T08:00:00Z, was " + kind(value));
                return;
            }
            try {
                OffsetDateTime.parse(value.asText());
            } catch (DateTimeParseException e) {
                invalid(field, "'" + value.asText() + "' is not an RFC 3339 time such as 2026-01-15T08:00:00Z");
            }
        }

        void revision(String field) {
            JsonNode value = node.get(field);
            if (value != null && !value.isNull()
                    && !(value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0)) {
                invalid(field, "must be an integer >= 0, was " + (value.isNumber() ? value.asText() : kind(value)));
            }
        }

        void relationType(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                missing(field);
                return;
            }
            if (!value.isTextual()) {
                invalid(field, "must be a string, was " + kind(value));
                return;
            }
            boolean known = Arrays.stream(RelationType.values()).anyMatch(type -> type.json().equalsIgnoreCase(value.asText()));
            if (!known) {
                invalid(field, "'" + value.asText() + "' is not a relation type; use one of "
                        + Arrays.stream(RelationType.values()).map(RelationType::json).collect(Collectors.joining(", ")));
            }
        }

        /** The record, once every field has passed; else every problem, in field order. */
        <T> T as(Class<T> type) {
            if (!problems.isEmpty()) {
                String listed = String.join("; ", problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS)));
                int more = problems.size() - MAX_PROBLEMS;
                throw rejected(errorType, key, more > 0 ? listed + "; and " + more + " more" : listed);
            }
            try {
                return Json.fromTree(node, type);
            } catch (JsonCodecException e) {
                // the checks above should have caught it; keep the codec's own message if not
                throw new CmdbCodec.InvalidCmdbRecordException(DeadLetter.INVALID_FIELD, "CMDB record '" + key + "': " + e.getMessage(), e);
            }
        }

        private void missing(String field) {
            problem(DeadLetter.MISSING_FIELD, "missing \"" + field + "\"");
        }

        private void invalid(String field, String problem) {
            problem(DeadLetter.INVALID_FIELD, field + ": " + problem);
        }

        private void problem(String type, String problem) {
            if (errorType == null) {
                errorType = type;
            }
            problems.add(problem);
        }
    }
}
