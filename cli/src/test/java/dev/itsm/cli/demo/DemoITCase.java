package dev.itsm.cli.demo;

import dev.itsm.connectors.elasticsearch.ElasticsearchOptions;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStack;
import dev.itsm.devstack.LocalStackExtension;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo scenario end to end, through the real broker, the incident job on a local Flink cluster and the real
 * Elasticsearch node: the outcome demo/README-demo.md describes for grouping by CI (no topology folding yet).
 */
@ExtendWith(LocalStackExtension.class)
class DemoITCase {

    @Test
    void shouldTurnTheDemoScenarioIntoTheExpectedIncidentsAndDeadLetters(LocalStack stack, KafkaBroker kafka, ElasticsearchNode node) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        DemoRun demo = new DemoRun(stack, new PrintStream(progress, true));
        DemoRun.Settings settings = new DemoRun.Settings(Path.of("../demo/cmdb.json"), Path.of("../demo/scenario.jsonl"), 0, null);
        Configuration conf = demo.configuration(settings);
        conf.set(KafkaOptions.TOPIC_PREFIX, kafka.freshTopic("demo"));
        conf.set(ElasticsearchOptions.INDEX_PREFIX, node.freshIndex("demo"));
        conf.setString("metrics.reporters", "");
        DemoRun.JobHolder job = new DemoRun.JobHolder();

        DemoRun.Summary summary;
        try {
            summary = demo.run(settings, conf, job);
        } finally {
            if (job.client != null) {
                job.client.cancel().get();
            }
        }

        assertThat(summary.payloadsSent()).isEqualTo(136);
        assertThat(summary.rejected()).extracting(DeadLetter::errorType).containsExactlyInAnyOrder("not_json", "missing_field", "unknown_format");
        assertThat(summary.rejected()).allSatisfy(letter -> assertThat(letter.original()).isNotEmpty());
        assertThat(summary.distinctAlerts()).isEqualTo(14);
        assertThat(summary.alertNotifications()).as("every firing notification counted").isEqualTo(123);

        assertThat(summary.incidents()).hasSize(11).allSatisfy(i -> assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED));
        assertThat(summary.incidents()).extracting(Incident::priority)
                .containsExactlyInAnyOrder(Priority.P1, Priority.P1, Priority.P1, Priority.P1, Priority.P2, Priority.P2, Priority.P2,
                        Priority.P2, Priority.P2, Priority.P3, Priority.P3);
        Incident database = byCi(summary, "host-fra1-db01");
        assertThat(database.priority()).isEqualTo(Priority.P1);
        assertThat(database.supportGroup()).isEqualTo("linux-ops");
        assertThat(database.alerts()).hasSize(2);
        assertThat(database.impactedServices()).contains("svc-online-shop", "svc-payments");
        Incident report = byCi(summary, "app-ams1-reporting");
        assertThat(report.priority()).isEqualTo(Priority.P3);
        assertThat(report.supportGroup()).isEqualTo("data-team");
        Incident unknown = summary.incidents().stream().filter(i -> "true".equals(i.labels().get("ci_unknown"))).findFirst().orElseThrow();
        assertThat(unknown.priority()).isEqualTo(Priority.P3);
        assertThat(unknown.supportGroup()).isEqualTo("noc");
        assertThat(unknown.alerts()).hasSize(2).allSatisfy(a -> assertThat(a.hostName()).startsWith("build-agent-07"));
        assertThat(progress.toString()).contains("136/136 sent");
    }

    private static Incident byCi(DemoRun.Summary summary, String ci) {
        return summary.incidents().stream().filter(i -> ci.equals(i.rootCauseCiId())).findFirst()
                .orElseThrow(() -> new AssertionError("no incident on " + ci + " in " + summary.incidents()));
    }
}
