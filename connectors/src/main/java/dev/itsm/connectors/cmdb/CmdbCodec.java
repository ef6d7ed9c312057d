package dev.itsm.connectors.cmdb;

import dev.itsm.core.json.Json;
import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Relation;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
 * <p>Reading is strict, because what the job takes becomes its CMDB: a record over {@link #MAX_RECORD_BYTES}, a value
 * that is not UTF-8 JSON or nests too deeply, a missing field, a field of the wrong JSON type (no coercion: not
 * {@code "2"} or {@code 2.7} for a criticality), an unknown relation type, and an id that differs from the key's are
 * refused, each with a message naming the record and what is wrong and a {@link DeadLetter} error type. What a
 * record refers to is not checked here: a relation may name CIs not (yet) known, and relations may form cycles.
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
     * Largest record (key and value) the job takes: a CI or relation is a few hundred bytes, so anything near this is
     * not one, and every record taken is held in each parallel instance's CMDB view.
     */
    public static final int MAX_RECORD_BYTES = 256 * 1024;

    /** Longest part of a key a message quotes. */
    private static final int MAX_QUOTED_KEY = 120;

    /**
     * Reads one record of the topic.
     *
     * @throws InvalidCmdbRecordException (an {@link IllegalArgumentException}) naming what is wrong: no key, a record
     *                                    over {@link #MAX_RECORD_BYTES}, a key that is not UTF-8 or has an unknown
     *                                    prefix or an empty id, an empty value, a value that is not UTF-8 JSON or
     *                                    nested too deeply, a field missing or of the wrong type or value (each
     *                                    one named), or a value whose id differs from the key's
     */
    public static CmdbChange fromRecord(byte[] key, byte[] value) {
        if (key == null) {
            throw new InvalidCmdbRecordException(DeadLetter.MISSING_FIELD,
                    "CMDB record has no key; expected 'ci:<id>' or 'relation:<id>'");
        }
        long size = (long) key.length + (value == null ? 0 : value.length);
        if (size > MAX_RECORD_BYTES) {
            // checked before anything is decoded: nothing of a huge record is parsed or kept
            throw new InvalidCmdbRecordException(DeadLetter.TOO_LARGE, "CMDB record '" + quoted(new String(key, StandardCharsets.UTF_8))
                    + "' is " + String.format(Locale.ROOT, "%,d", size) + " bytes (key and value); the limit is "
                    + String.format(Locale.ROOT, "%,d", MAX_RECORD_BYTES) + " bytes");
        }
        String text = utf8(key);
        CmdbChange.Kind kind;
        if (text.startsWith(CmdbChange.Kind.CI.keyPrefix())) {
            kind = CmdbChange.Kind.CI;
        } else if (text.startsWith(CmdbChange.Kind.RELATION.keyPrefix())) {
            kind = CmdbChange.Kind.RELATION;
        } else {
            throw new InvalidCmdbRecordException(DeadLetter.INVALID_FIELD,
                    "CMDB record key '" + quoted(text) + "' must start with 'ci:' or 'relation:'");
        }
        String id = text.substring(kind.keyPrefix().length());
        if (id.isBlank()) {
            throw new InvalidCmdbRecordException(DeadLetter.INVALID_FIELD, "CMDB record key '" + quoted(text) + "' has an empty id");
        }
        if (value == null) {
            return kind == CmdbChange.Kind.CI ? CmdbChange.deleteItem(id) : CmdbChange.deleteRelation(id);
        }
        String shownKey = quoted(text);
        if (value.length == 0) {
            throw new InvalidCmdbRecordException(DeadLetter.MISSING_FIELD, "CMDB record '" + shownKey
                    + "' has an empty value; a delete is a null value (tombstone), an upsert the "
                    + (kind == CmdbChange.Kind.CI ? "ConfigItem" : "Relation") + " JSON");
        }
        if (kind == CmdbChange.Kind.CI) {
            ConfigItem item = CmdbRecordValue.item(shownKey, value);
            requireSameId(shownKey, "ci.id", item.id(), id);
            return CmdbChange.upsert(item);
        }
        Relation relation = CmdbRecordValue.relation(shownKey, value);
        requireSameId(shownKey, "relation.id", relation.id(), id);
        return CmdbChange.upsert(relation);
    }

    private static String quoted(String key) {
        return key.length() <= MAX_QUOTED_KEY ? key : key.substring(0, MAX_QUOTED_KEY) + "...";
    }

    private static void requireSameId(String key, String field, String valueId, String keyId) {
        if (!valueId.equals(keyId)) {
            throw new InvalidCmdbRecordException(DeadLetter.INVALID_FIELD,
                    "CMDB record '" + key + "' carries " + field + " '" + quoted(valueId) + "'; the key and the value must name the same id");
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

        /**
         * One of {@link DeadLetter#NOT_JSON}, {@link DeadLetter#TOO_LARGE}, {@link DeadLetter#MISSING_FIELD},
         * {@link DeadLetter#INVALID_FIELD}.
         */
        public String errorType() {
            return errorType;
        }
    }
}
