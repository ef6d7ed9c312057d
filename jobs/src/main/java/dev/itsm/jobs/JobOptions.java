package dev.itsm.jobs;

import org.apache.flink.configuration.ConfigOption;

import java.time.Duration;

import static org.apache.flink.configuration.ConfigOptions.key;

/** Options every job shares. Flink's own options (state backend, parallelism, ...) pass through unchanged. */
public final class JobOptions {

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = key("itsm.checkpoint-interval")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("How often jobs checkpoint. Results reach Elasticsearch and Kafka at the latest on each "
                    + "checkpoint, so this bounds how stale a dashboard can be under low load.");

    public static final ConfigOption<Duration> BUFFER_TIMEOUT = key("itsm.buffer-timeout")
            .durationType().defaultValue(Duration.ofMillis(10))
            .withDescription("Longest time a record waits in a network buffer between operators. Lower: less latency, "
                    + "more CPU per record.");

    public static final ConfigOption<Duration> SOURCE_IDLE_TIMEOUT = key("itsm.source-idle-timeout")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("How long (wall clock) a partition of a job's main input (the incident job's raw alerts, the problem job's incidents) may go without a record before event time moves on without it. Shorter: timers (resolve holds, SLA and SLO) stall less behind a silent partition. Longer than the longest broker outage to ride out: when the broker comes back, the partitions resume one after the other, and in a catch-up (event time running faster than the clock) the first to resume can move event time past the others' next records by more than the allowed lateness, which are then late (the incident job's alerts go to the dead letters as late).");

    private JobOptions() {
    }
}
