package dev.itsm.connectors.cmdb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.connectors.json.StrictJson;
import dev.itsm.core.json.Json;
import dev.itsm.core.json.JsonCodecException;
import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Relation;
import dev.itsm.core.model.Versioned;

import java.util.ArrayList;
import java.util.List;

/**
 * The value of one {@code itsm.cmdb} record, checked field by field before it becomes a {@link ConfigItem} or
 * {@link Relation}, so that a bad record is refused with every problem named in the record's own terms rather than
 * in Jackson's, and nothing is coerced silently (a criticality of {@code 2.7} or {@code "2"}, an id of {@code 17}).
 *
 * <p>The bytes must be UTF-8 JSON, nested no deeper than {@value #MAX_NESTING_DEPTH} levels (a record needs 2; a
 * 10,000-deep document must not reach a recursive code path), without duplicate keys. Keys the record does not know
 * are ignored, as {@link Json} does (a newer writer may add fields). The error types are {@link DeadLetter}'s:
 * {@code not_json}, {@code too_large} (nesting, parser limits), {@code missing_field}, {@code invalid_field}.
 *
 * <p>The fields are checked by {@link CmdbFields}, as {@link CmdbFiles} checks an export's, with the topic's policy:
 * {@code ci.criticality} and {@code @timestamp} are required, and a time or relation type must be exactly what
 * {@link Json} reads ({@link CmdbFields#requiredTime}, {@link CmdbFields#relationType}). A reason lists the problems
 * as {@code field: problem} or {@code missing "field"}, the first one's error type classifies the record, and only a
 * value without problems is handed to {@link Json#fromTree}.
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
        JsonNode node = object(key, value, "ConfigItem");
        Problems problems = new Problems(key);
        CmdbFields fields = new CmdbFields(node, "", problems);
        fields.requiredString("ci.id");
        fields.requiredString("ci.type");
        fields.optionalString("ci.name");
        fields.strings("ci.identifiers");
        fields.requiredCriticality("ci.criticality");
        fields.optionalString("ci.support_group");
        fields.optionalString("ci.location");
        fields.optionalString("service.id");
        fields.labels("labels");
        fields.requiredTime("@timestamp");
        fields.revision(Versioned.REVISION_FIELD);
        return problems.orRead(node, ConfigItem.class);
    }

    /** The relation a record's value carries; {@code key} names the record in messages. */
    static Relation relation(String key, byte[] value) {
        JsonNode node = object(key, value, "Relation");
        Problems problems = new Problems(key);
        CmdbFields fields = new CmdbFields(node, "", problems);
        fields.requiredString("relation.id");
        fields.relationType("relation.type");
        fields.requiredString("relation.source");
        fields.requiredString("relation.target");
        fields.requiredTime("@timestamp");
        fields.revision(Versioned.REVISION_FIELD);
        return problems.orRead(node, Relation.class);
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

    /** The problems of one value: every one is collected, the first one's error type classifies them all. */
    private static final class Problems implements CmdbFields.Problems {
        private final String key;
        private final List<String> problems = new ArrayList<>();
        private String errorType;

        Problems(String key) {
            this.key = key;
        }

        @Override
        public void report(String type, String path, String message) {
            if (errorType == null) {
                errorType = type;
            }
            // a missing field is reported at the value's own path, "": the message names the field
            problems.add(path.isEmpty() ? message : path + ": " + message);
        }

        /** The record, once every field has passed; else every problem, in field order. */
        <T> T orRead(JsonNode node, Class<T> type) {
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
    }
}
