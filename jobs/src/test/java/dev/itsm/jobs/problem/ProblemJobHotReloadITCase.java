package dev.itsm.jobs.problem;

import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.connectors.rules.RulePackPublisher;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.Problem;
import dev.itsm.core.model.ProblemStatus;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.jobs.JobOptions;
import dev.itsm.jobs.TestingMetrics;
import dev.itsm.jobs.TestingRulePacks;
import dev.itsm.jobs.incident.IncidentJobOptions;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.itsm.jobs.problem.TestingIncidents.hours;
import static dev.itsm.jobs.problem.TestingIncidents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Hot reload of the problem job on the real broker: the job runs with the default pack (a recurrence is 3
 * incidents); a pack for which 2 are enough is published as {@code itsm rules publish} does; from then on 2 incidents
 * of a signature open a problem that names the new lineage, and the problem opened before keeps its revision and
 * names the new lineage on its next one.
 */
@ExtendWith(LocalStackExtension.class)
class ProblemJobHotReloadITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Signatures and problems, each at parallelism 2. */
    private static final int RULE_READING_SUBTASKS = 4;

    @Test
    void shouldOpenProblemsWithAPublishedPacksThresholdFromTheMomentItArrives(KafkaBroker kafka, @TempDir Path work)
            throws Exception {
        String prefix = kafka.freshTopic("problem-hot-reload");
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(KafkaOptions.TOPIC_PREFIX, prefix);
        conf.set(KafkaOptions.GROUP_ID_PREFIX, prefix);
        conf.set(IncidentJobOptions.ELASTICSEARCH_ENABLED, false); // Kafka is where this test looks
        conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        conf.setString("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        KafkaConfig topics = KafkaConfig.fromConfiguration(conf);
        String incidents = topics.topic(Topics.INCIDENTS);
        kafka.createTopic(incidents, 1); // the changes are read in the order they are written
        String startUp = RulePackLoader.loadDefault().lineage();
        Path twice = TestingRulePacks.write(TestingRulePacks.defaultWithRecurrenceAfter("2026.11.2", 2),
                work.resolve("twice"));

        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        env.setParallelism(2);
        ProblemJobRunner.build(env, conf);
        JobClient job = env.executeAsync(ProblemJobRunner.JOB_NAME);
        try {
            // 1. the default pack: three backup failures are a recurring problem (hours apart, irregularly: no rhythm)
            ProblemJobITCase.produce(kafka, incidents, List.of(backup(1, 0), backup(2, 2), backup(3, 9), tick(9.5)));
            Problem before = problems(kafka, topics, 1).get(0);
            assertThat(before.incidentIds()).containsExactly("inc-backup-1", "inc-backup-2", "inc-backup-3");
            assertThat(before.rulePackVersion()).isEqualTo(startUp);

            // 2. publish the pack for which two are enough; wait until the signatures and problems have switched
            RulePackRecord published;
            try (RulePackPublisher publisher = RulePackPublisher.create(kafka.bootstrapServers(), topics.topic(Topics.RULES))) {
                published = publisher.publish(twice);
            }
            assertThat(published.lineage()).isNotEqualTo(startUp);
            assertThat(TestingMetrics.awaitCount(REPORTER, "rulePacksActivated", RULE_READING_SUBTASKS, WAIT))
                    .isEqualTo(RULE_READING_SUBTASKS);

            // 3. two report failures are a problem now; a fourth backup failure joins the problem opened before
            ProblemJobITCase.produce(kafka, incidents, List.of(report(1, 10), report(2, 11), backup(4, 12), tick(12.5)));
            List<Problem> all = problems(kafka, topics, 3);
            assertThat(all).extracting(Problem::signature, Problem::revision, Problem::status, Problem::occurrences,
                    Problem::rulePackVersion).containsExactlyInAnyOrder(
                    tuple(before.signature(), 1L, ProblemStatus.NEW, 3, startUp),
                    tuple("root_cause_ci=app-reporting, alert_name=ReportJobFailed", 1L, ProblemStatus.NEW, 2, published.lineage()),
                    tuple(before.signature(), 2L, ProblemStatus.NEW, 4, published.lineage()));
            assertThat(TestingMetrics.count(REPORTER, "rulePacksRefused")).isZero();
        } finally {
            job.cancel().get();
        }
    }

    private static Incident backup(int n, double hour) {
        return opened("inc-backup-" + n, "pg-replica", "PgBackupFailed", hours(hour));
    }

    /**
     * A change that counts for no pattern (no root cause, no service), later than the out-of-orderness (30s): it moves
     * the problem job's watermark past the changes before it, which are decided only then.
     */
    private static Incident tick(double hour) {
        return TestingIncidents.withoutRootCause(opened("inc-tick-" + hour, "none", "Tick", hours(hour)));
    }

    private static Incident report(int n, double hour) {
        return opened("inc-report-" + n, "app-reporting", "ReportJobFailed", hours(hour));
    }

    private static List<Problem> problems(KafkaBroker kafka, KafkaConfig topics, int expected) {
        List<Problem> problems = kafka.readFromStart(topics.topic(Topics.PROBLEMS), expected, WAIT).stream()
                .map(record -> Json.fromBytes(record.value(), Problem.class)).toList();
        assertThat(problems).hasSize(expected);
        return problems;
    }
}
