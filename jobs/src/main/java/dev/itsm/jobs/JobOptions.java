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

    private JobOptions() {
    }
}
