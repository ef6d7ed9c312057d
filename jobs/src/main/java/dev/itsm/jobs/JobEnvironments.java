package dev.itsm.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Creates the execution environment every job runs in, with the settings the project's guarantees depend on.
 *
 * <ul>
 *   <li>{@code pipeline.generic-types: false}: a type that would silently fall back to Kryo fails at job build
 *       time instead, so every event travels through Flink's record/POJO serializers;</li>
 *   <li>exactly-once checkpoints every {@link JobOptions#CHECKPOINT_INTERVAL}: state and Kafka offsets move together,
 *       and the sinks flush on each checkpoint;</li>
 *   <li>network buffers sent after at most {@link JobOptions#BUFFER_TIMEOUT}: an alert should not wait 100 ms (Flink's
 *       default) at each of the job's shuffles;</li>
 *   <li>{@code pipeline.object-reuse: true}: chained operators get the same record instead of a deep copy each. Safe
 *       here because every record type is an immutable Java record (its collections copied into unmodifiable ones),
 *       no function changes its input, and Flink builds a new record on every deserialisation (its record
 *       serializer never reuses an instance).</li>
 * </ul>
 */
public final class JobEnvironments {

    private JobEnvironments() {
    }

    /** The environment for a job: on a cluster when submitted to one, otherwise a local one. */
    public static StreamExecutionEnvironment create(Configuration options) {
        return configure(StreamExecutionEnvironment.getExecutionEnvironment(options), options);
    }

    /** Applies the project's settings to an environment made elsewhere (e.g. by a test's MiniCluster). */
    public static StreamExecutionEnvironment configure(StreamExecutionEnvironment env, ReadableConfig options) {
        Configuration fixed = new Configuration();
        fixed.set(PipelineOptions.GENERIC_TYPES, false);
        fixed.set(PipelineOptions.OBJECT_REUSE, true);
        env.configure(fixed);
        env.enableCheckpointing(options.get(JobOptions.CHECKPOINT_INTERVAL).toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.setBufferTimeout(options.get(JobOptions.BUFFER_TIMEOUT).toMillis());
        return env;
    }
}
