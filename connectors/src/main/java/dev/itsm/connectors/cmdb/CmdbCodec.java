package dev.itsm.connectors.cmdb;

import com.fasterxml.jackson.core.JsonParseException;
import dev.itsm.core.json.Json;
import dev.itsm.core.json.JsonCodecException;
import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Relation;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The record layout of the compacted {@code itsm.cmdb} topic.
 *
 * <ul>
 *   <li>key: {@code ci:<CI id>} or {@code relation:<relation id>} (UTF-8), so compaction keeps the newest version of
 *       each CI and each relation;</li>
 *   <li>value: the {@link ConfigItem} or {@link Relation} as core's {@link Json} writes it ({@code ci.id},
 *       {@code relation.source}, ...); the id in the value must equal the id in the key;</li>
 *   <li>a null value (tombstone) deletes the CI or relation;</li>
 *   <li>timestamp: the item's or relation's {@code updated} time; none (the broker's time) for a delete.</li>
 * </ul>
 *
 * <pre>{@code
 * producer.send(CmdbCodec.toRecord(kafka.topic(Topics.CMDB), CmdbChange.upsert(item)));
 * CmdbChange change = CmdbCodec.fromRecord(record.key(), record.value()); // IllegalArgumentException if bad
 * }</pre>
 */
public final class CmdbCodec {

    private CmdbCodec() {
    }

    /** The Kafka record for one change. */
    public static ProducerRecord<byte[], byte[]> toRecord(String topic, CmdbChange change) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(change, "change");
        byte[] key = change.key().getBytes(StandardCharsets.UTF_8);
        if (change.deleted()) {
            return new ProducerRecord<>(topic, null, (Long) null, key, (byte[]) null);
        }
        if (change.kind() == CmdbChange.Kind.CI) {
            return new ProducerRecord<>(topic, null, change.item().updated().toEpochMilli(), key, Json.toBytes(change.item()));
        }
        return new ProducerRecord<>(topic, null, change.relation().updated().toEpochMilli(), key, Json.toBytes(change.relation()));
    }

    /**
     * Reads one record of the topic.
     *
     * @throws InvalidCmdbRecordException (an {@link IllegalArgumentException}) naming what is wrong: no key, a key that
     *                                    is not UTF-8 or has an unknown prefix or an empty id, an empty value, a value
     *                                    that is not the CI or relation JSON, or a value whose id differs from the key's
     */
    public static CmdbChange fromRecord(byte[] key, byte[] value) {
        if (key == null) {
            throw new InvalidCmdbRecordException(DeadLetter.MISSING_FIELD,
                    "CMDB record has no key; expected 'ci:<id>' or 'relation:<id>'");
        }
        String text = utf8(key);
        CmdbChange.Kind kind;
        if (text.startsWith(CmdbChange.Kind.CI.keyPrefix())) {
            kind = CmdbChange.Kind.CI;
        } else if (text.startsWith(CmdbChange.Kind.RELATION.keyPrefix())) {
            kind = CmdbChange.Kind.RELATION;
        } else {
            throw new InvalidCmdbRecordException(DeadLetter.INVALID_FIELD,
                    "CMDB record key '" + text + "' must start with 'ci:' or 'relation:'");
        }
        String id = text.substring(kind.keyPrefix().length());
        if (id.isBlank()) {
            throw new InvalidCmdbRecordException(DeadLetter.INVALID_FIELD, "CMDB record key '" + text + "' has an empty id");
        }
        if (value == null) {
            return kind == CmdbChange.Kind.CI ? CmdbChange.deleteItem(id) : CmdbChange.deleteRelation(id);
        }
        if (value.length == 0) {
            throw new InvalidCmdbRecordException(DeadLetter.MISSING_FIELD, "CMDB record '" + text
                    + "' has an empty value; a delete is a null value (tombstone), an upsert the "
                    + (kind == CmdbChange.Kind.CI ? "ConfigItem" : "Relation") + " JSON");
        }
        try {
            if (kind == CmdbChange.Kind.CI) {
                ConfigItem item = Json.fromBytes(value, ConfigItem.class);
                requireSameId(text, "ci.id", item.id(), id);
                return CmdbChange.upsert(item);
            }
            Relation relation = Json.fromBytes(value, Relation.class);
            requireSameId(text, "relation.id", relation.id(), id);
            return CmdbChange.upsert(relation);
        } catch (JsonCodecException e) {
            boolean notJson = e.getCause() instanceof JsonParseException;
            throw new InvalidCmdbRecordException(notJson ? DeadLetter.NOT_JSON : DeadLetter.INVALID_FIELD,
                    "CMDB record '" + text + "': " + e.getMessage(), e);
        }
    }

    private static void requireSameId(String key, String field, String valueId, String keyId) {
        if (!valueId.equals(keyId)) {
            throw new InvalidCmdbRecordException(DeadLetter.INVALID_FIELD,
                    "CMDB record '" + key + "' carries " + field + " '" + valueId + "'; the key and the value must name the same id");
        }
    }

    private static String utf8(byte[] key) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidCmdbRecordException(DeadLetter.INVALID_FIELD, "CMDB record key is not UTF-8 text ("
                    + key.length + " bytes)");
        }
    }

    /**
     * A CMDB record that cannot be read; the message says why and {@link #errorType()} classifies it with the
     * {@link DeadLetter} error types, so the job can dead-letter it as is.
     */
    public static final class InvalidCmdbRecordException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String errorType;

        InvalidCmdbRecordException(String errorType, String message) {
            super(message);
            this.errorType = errorType;
        }

        InvalidCmdbRecordException(String errorType, String message, Throwable cause) {
            super(message, cause);
            this.errorType = errorType;
        }

        /** One of {@link DeadLetter#NOT_JSON}, {@link DeadLetter#MISSING_FIELD}, {@link DeadLetter#INVALID_FIELD}. */
        public String errorType() {
            return errorType;
        }
    }
}
