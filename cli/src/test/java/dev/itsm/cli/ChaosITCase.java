package dev.itsm.cli;

import dev.itsm.cli.chaos.ChaosReport;
import dev.itsm.cli.chaos.ChaosRunner;
import dev.itsm.cli.chaos.ChaosStorm;
import dev.itsm.cli.chaos.Fault;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.FlinkCluster;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast cases of {@code itsm chaos} on a real standalone cluster (a JobManager and two TaskManagers of three slots
 * as processes) against the shared broker and node, which these faults leave alone: a small storm through the
 * incident job (with its SLA clocks, SLOs, burn-rate alerts and indexer) and the problem job, once as the reference,
 * once with a TaskManager killed mid-storm and once with the incident job stopped with a savepoint and started from
 * it. Every index, the incidents topic and the dead letters must equal the reference's. The storm is too small to
 * open a problem; {@code itsm chaos} runs one that does, and the broker, Elasticsearch and CMDB faults (README,
 * Guarantees).
 *
 * <p>Tagged {@code chaos}: it takes three and a half minutes on two cores, a quarter of the suite;
 * {@code -Dtest.excludedGroups=chaos} leaves it out of a local run.
 */
@Tag("chaos")
@ExtendWith(LocalStackExtension.class)
class ChaosITCase {

    @Test
    void shouldGiveTheReferenceResultAfterATaskManagerKillAndASavepointRestart(
            KafkaBroker kafka, ElasticsearchNode node, @TempDir Path work) throws Exception {
        Path jar = RunCommand.defaultJar();
        assertThat(jar).as("the shaded job jar (mvn package builds it before this module's tests)").isRegularFile();
        ChaosStorm storm = new ChaosStorm(60, 300);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8);
        ChaosRunner.Settings settings = new ChaosRunner.Settings(50, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(5), true);

        try (FlinkCluster cluster = FlinkCluster.start(work.resolve("flink"), FlinkCluster.flinkClassPath(), 2,
                // as itsm chaos: the incident job (parallelism 2) and the problem job (1) fit on the survivor
                Map.of("taskmanager.numberOfTaskSlots", "3"))) {
            ChaosRunner chaos = new ChaosRunner(kafka, node, cluster, jar, work.resolve("runs"), storm, settings, out);
            ChaosReport report = ChaosReport.run(chaos, java.util.List.of(Fault.TASKMANAGER, Fault.SAVEPOINT), storm, out);

            String printed = progress.toString(StandardCharsets.UTF_8);
            assertThat(report.reference().lost()).as(printed).isZero();
            assertThat(report.outcomes()).as(printed).hasSize(2);
            for (ChaosRunner.Outcome outcome : report.outcomes()) {
                assertThat(outcome.comparison().differences()).as(outcome.fault() + "\n" + printed).isEmpty();
                assertThat(outcome.comparison().lost()).as(printed).isZero();
                assertThat(outcome.comparison().duplicated()).as(printed).isZero();
            }
            assertThat(report.outcomes().get(0).run().restarts()).as("the killed TaskManager ran part of the job").isPositive();
            assertThat(printed).contains("faults survived 2/2, alerts lost 0, incidents duplicated 0, differences 0");
            assertThat(Files.list(work.resolve("runs")).map(p -> p.getFileName().toString()))
                    .contains("chaos-1-reference.json");
        }
    }
}
