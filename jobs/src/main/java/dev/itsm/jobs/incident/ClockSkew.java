package dev.itsm.jobs.incident;

import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.core.model.DeadLetter;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * How far a raw record's Kafka timestamp may be ahead of the job's clock ({@link IncidentJobOptions#MAX_CLOCK_SKEW}).
 *
 * <p>Event time is the record timestamp, which the producer sets. A single record stamped an hour ahead would move
 * the watermark an hour ahead, and every alert sent during that hour would be late and dead-lettered. So a record
 * further ahead than the skew moves no watermark ({@link #watermarks}) and is dead-lettered as
 * {@link DeadLetter#CLOCK_SKEW} ({@link ParseFunction}). It is rejected rather than clamped to the clock: a clamped
 * time would come from the wall clock and differ on a replay, while a record accepted once is accepted on every
 * replay (the clock only moves on). Records in the past are not judged by the clock, so that replays and the demo's
 * scenario keep their own times; the watermark sends the late ones to the dead letters.
 *
 * @param maxMillis how far ahead of the clock a timestamp may be
 */
record ClockSkew(long maxMillis) implements Serializable {

    ClockSkew {
        if (maxMillis < 0) {
            throw new IllegalArgumentException(IncidentJobOptions.MAX_CLOCK_SKEW.key() + " must not be negative, was "
                    + maxMillis + " ms");
        }
    }

    static ClockSkew of(Duration max) {
        return new ClockSkew(max.toMillis());
    }

    boolean isAhead(long timestamp, long now) {
        return timestamp > now && timestamp - now > maxMillis;
    }

    /** The dead letter of a record whose timestamp is ahead of {@code now} by more than the skew. */
    DeadLetter reject(RawRecord raw, long now) {
        String reason = "record timestamp " + Instant.ofEpochMilli(raw.timestamp()) + " is "
                + Duration.ofMillis(raw.timestamp() - now).toSeconds() + " s ahead of the job's clock, more than "
                + IncidentJobOptions.MAX_CLOCK_SKEW.key() + " (" + Duration.ofMillis(maxMillis).toSeconds()
                + " s): the sender's clock is wrong";
        return DeadLetter.of(raw.value(), DeadLetter.CLOCK_SKEW, reason, raw.header(AlertParser.FORMAT_HEADER),
                Instant.ofEpochMilli(raw.timestamp()));
    }

    /** Bounded out-of-orderness watermarks that ignore the timestamps too far ahead of the clock. */
    <T> BoundedOutOfOrdernessWatermarks<T> watermarks(Duration outOfOrderness) {
        return new BoundedOutOfOrdernessWatermarks<>(outOfOrderness) {
            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
                if (!isAhead(eventTimestamp, System.currentTimeMillis())) {
                    super.onEvent(event, eventTimestamp, output);
                }
            }
        };
    }
}
