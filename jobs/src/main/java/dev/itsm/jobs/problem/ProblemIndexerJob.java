package dev.itsm.jobs.problem;

import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.model.Problem;
import dev.itsm.jobs.ChangelogIndexer;
import dev.itsm.jobs.ConfigFiles;
import dev.itsm.jobs.JobEnvironments;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;

/**
 * Copies the problems changelog topic into the {@code itsm-problems} index: each problem by id, its revision as the
 * external version, so a replayed or late older revision never overwrites a newer one. Fed from Kafka for the same
 * reason as the incidents indexer: Elasticsearch's pace never holds the problem job back. Runs inside the problem job
 * by default ({@code itsm.elasticsearch.enabled}), or alone through {@link #main}.
 */
public final class ProblemIndexerJob {
    static final String JOB_ID = "problem-indexer";

    private ProblemIndexerJob() {
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = ConfigFiles.fromArgs(List.of(args));
        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        build(env, conf, false);
        env.execute("itsm problem indexer");
    }

    /** Adds the indexing pipeline to the environment. */
    public static void build(StreamExecutionEnvironment env, Configuration conf, boolean bounded) {
        ChangelogIndexer.build(env, conf, bounded, Problem.class, Topics.PROBLEMS, "problems", JOB_ID);
    }
}
