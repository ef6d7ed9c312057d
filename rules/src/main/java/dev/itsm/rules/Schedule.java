package dev.itsm.rules;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/** When a maintenance window or silence is in force: once, or at each firing of a cron expression. */
sealed interface Schedule extends Serializable {

    /** The occurrence in force at {@code at} (start inclusive, end exclusive); when several are, the latest-ending. */
    Optional<Occurrence> activeAt(Instant at);

    /** One stretch of time a schedule is in force, {@code [from, until)}. */
    record Occurrence(Instant from, Instant until) {}

    /** From {@code start} (inclusive) to {@code end} (exclusive). */
    record OneOff(Instant start, Instant end) implements Schedule {
        public OneOff {
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("end must be after start");
            }
        }

        @Override
        public Optional<Occurrence> activeAt(Instant at) {
            return !at.isBefore(start) && at.isBefore(end)
                    ? Optional.of(new Occurrence(start, end))
                    : Optional.empty();
        }
    }

    /**
     * For {@code duration} of elapsed time from each firing of {@code cron} in {@code zone}'s local time. A weekly
     * window is the cron expression of its days and time.
     */
    record Recurring(CronExpression cron, Duration duration, ZoneId zone) implements Schedule {
        public Recurring {
            Objects.requireNonNull(cron, "cron must not be null");
            Objects.requireNonNull(zone, "zone must not be null");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration must be positive");
            }
        }

        @Override
        public Optional<Occurrence> activeAt(Instant at) {
            // the latest firing ends latest, as every occurrence lasts the same
            return cron.latestFiring(at, duration, zone).map(from -> new Occurrence(from, from.plus(duration)));
        }
    }
}
