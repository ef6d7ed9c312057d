package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Input that could not be processed, kept whole for the dead-letter topic: bad input is data, nothing is dropped
 * silently. In JSON the original bytes are base64 (they need not be text, let alone JSON).
 *
 * <p>equals, hashCode and toString are overridden because a record compares arrays by identity; toString shows a
 * short text preview rather than the whole payload.
 *
 * @param original        the bytes as received; {@code null} (e.g. a Kafka tombstone) becomes empty; copied in and
 *                        out ({@code dlq.original_base64})
 * @param reason          precise, human-readable: what is wrong and where ({@code error.message})
 * @param errorType       short code, see the constants such as {@link #NOT_JSON} ({@code error.type})
 * @param source          format or sender, if known ({@code event.module}); nullable
 * @param receivedAt      ({@code @timestamp})
 * @param originTopic     ({@code dlq.origin_topic}); nullable
 * @param originPartition ({@code dlq.origin_partition}); nullable
 * @param originOffset    ({@code dlq.origin_offset}); nullable
 */
public record DeadLetter(
        @JsonProperty("dlq.original_base64") byte[] original,
        @JsonProperty("error.message") String reason,
        @JsonProperty("error.type") String errorType,
        @JsonProperty("event.module") String source,
        @JsonProperty("@timestamp") Instant receivedAt,
        @JsonProperty("dlq.origin_topic") String originTopic,
        @JsonProperty("dlq.origin_partition") Integer originPartition,
        @JsonProperty("dlq.origin_offset") Long originOffset) {

    /** The payload is not parseable JSON. */
    public static final String NOT_JSON = "not_json";
    /** A required field is absent or empty. */
    public static final String MISSING_FIELD = "missing_field";
    /** A field is present but has a wrong type or value. */
    public static final String INVALID_FIELD = "invalid_field";
    /** The payload exceeds the size limit. */
    public static final String TOO_LARGE = "too_large";
    /** No adapter recognises the payload's format. */
    public static final String UNKNOWN_FORMAT = "unknown_format";
    /**
     * The record's timestamp (its event time) cannot be right: ahead of the job's clock by more than the allowed
     * skew, or outside the accepted years.
     */
    public static final String CLOCK_SKEW = "clock_skew";

    private static final int PREVIEW_CHARS = 120;

    public DeadLetter {
        original = original == null ? new byte[0] : original.clone();
        Checks.nonBlank(reason, "DeadLetter reason");
        Checks.nonBlank(errorType, "DeadLetter errorType");
        Checks.required(receivedAt, "DeadLetter receivedAt");
    }

    /** A dead letter whose origin is not (yet) known; add it with {@link #withOrigin}. */
    public static DeadLetter of(byte[] original, String errorType, String reason, String source, Instant receivedAt) {
        return new DeadLetter(original, reason, errorType, source, receivedAt, null, null, null);
    }

    public DeadLetter withOrigin(String topic, int partition, long offset) {
        return new DeadLetter(original, reason, errorType, source, receivedAt, topic, partition, offset);
    }

    /** A copy of the original bytes. */
    @Override
    public byte[] original() {
        return original.clone();
    }

    /** The original decoded as UTF-8, malformed sequences replaced by U+FFFD, for display. */
    public String originalAsText() {
        return new String(original, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof DeadLetter d
                && Arrays.equals(original, d.original)
                && reason.equals(d.reason)
                && errorType.equals(d.errorType)
                && Objects.equals(source, d.source)
                && receivedAt.equals(d.receivedAt)
                && Objects.equals(originTopic, d.originTopic)
                && Objects.equals(originPartition, d.originPartition)
                && Objects.equals(originOffset, d.originOffset);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(original)
                + Objects.hash(reason, errorType, source, receivedAt, originTopic, originPartition, originOffset);
    }

    @Override
    public String toString() {
        String text = originalAsText();
        String preview = text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS) + "...";
        return "DeadLetter[errorType=" + errorType + ", reason=" + reason + ", source=" + source
                + ", receivedAt=" + receivedAt + ", origin=" + originTopic + "/" + originPartition + "@" + originOffset
                + ", original=" + original.length + " bytes: " + preview + "]";
    }
}
