package dev.itsm.jobs.sla;

import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.jobs.ChangelogIndexer;
import dev.itsm.jobs.ConfigFiles;
import dev.itsm.jobs.JobEnvironments;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;

/**
 * Copies the SLA changelog topic into the {@code itsm-sla} index: each clock by id, its revision as the external
 * version, so a replayed or late older revision never overwrites a newer one. Fed from Kafka so that
 * Elasticsearch's pace never holds the clocks back. Runs inside the SLA job by default
 * ({@code itsm.elasticsearch.enabled}), or alone through {@link #main}.
 */
public final class SlaIndexerJob {
    static final String JOB_ID = "sla-indexer";

    private SlaIndexerJob() {
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = ConfigFiles.fromArgs(List.of(args));
        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        build(env, conf, false);
        env.execute("itsm sla indexer");
    }

    /** Adds the indexing pipeline to the environment. */
    public static void build(StreamExecutionEnvironment env, Configuration conf, boolean bounded) {
        ChangelogIndexer.build(env, conf, bounded, SlaStatus.class, Topics.SLA, "sla", JOB_ID);
    }
}
