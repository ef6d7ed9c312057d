package dev.itsm.cli.demo;

import dev.itsm.connectors.elasticsearch.ElasticsearchOptions;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.core.model.AlertRole;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAlert;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.SlaKind;
import dev.itsm.core.model.SlaState;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.core.model.SloStatus;
import dev.itsm.core.model.ProblemStatus;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.jobs.incident.IncidentJobOptions;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStack;
import dev.itsm.devstack.LocalStackExtension;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/**
 * The demo scenario end to end, through the real broker, the incident job on a local Flink cluster and the real
 * Elasticsearch node: the outcome demo/README-demo.md describes, with topology correlation.
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
        // the demo's configuration correlates in event-time order and keeps burn-rate alerts out of the raw topic, so
        // played as fast as possible the outcome is the same as at 120x
        assertThat(conf.get(IncidentJobOptions.CORRELATION_ORDER)).isEqualTo(IncidentJobOptions.CorrelationOrder.EVENT_TIME);
        assertThat(conf.get(IncidentJobOptions.SLO_BURN_RATE_ALERTS)).isFalse();
        DemoRun.JobHolder job = new DemoRun.JobHolder();

        DemoRun.Summary summary;
        try {
            summary = demo.run(settings, conf, job);
        } finally {
            if (job.client != null) {
                job.client.cancel().get();
            }
        }

        SummaryPrinter.print(summary, Map.of(), new PrintStream(progress, true));
        assertThat(summary.payloadsSent()).isEqualTo(142);
        assertThat(summary.rejected()).extracting(DeadLetter::errorType).containsExactlyInAnyOrder("not_json", "missing_field", "unknown_format");
        assertThat(summary.rejected()).allSatisfy(letter -> assertThat(letter.original()).isNotEmpty());
        assertThat(summary.distinctAlerts()).as("14 alerts, and the backup failure 3 times").isEqualTo(17);
        assertThat(summary.alertNotifications()).as("every firing notification counted").isEqualTo(126);

        // the outcome demo/README-demo.md describes: topology folds the fra1 outage into one incident and the ams1
        // traffic spike into another
        List<Incident> incidents = summary.incidents();
        assertThat(incidents).hasSize(8);
        assertThat(incidents).filteredOn(i -> !"pg-ams1-shop-replica".equals(i.rootCauseCiId())).as("resolved by 09:30, closed 30 min later")
                .hasSize(5).allSatisfy(i -> assertThat(i.status()).isEqualTo(IncidentStatus.CLOSED));
        Incident database = byCi(summary, "host-fra1-db01");
        assertThat(database.openedAt()).as("opened by the first notification, NodeDown's").isEqualTo(Instant.parse("2026-01-15T09:03:45.477Z"));
        assertThat(database.priority()).isEqualTo(Priority.P1);
        assertThat(database.supportGroup()).isEqualTo("linux-ops");
        assertThat(database.alerts()).hasSize(8);
        assertThat(database.alerts()).filteredOn(a -> a.role() == AlertRole.ROOT_CAUSE).extracting(IncidentAlert::name)
                .containsExactlyInAnyOrder("NodeDown", "PostgresInstanceDown");
        assertThat(database.alerts()).filteredOn(a -> a.role() == AlertRole.SYMPTOM).extracting(IncidentAlert::ciId)
                .containsExactlyInAnyOrder("pg-fra1-shop-replica", "app-fra1-checkout-api", "app-fra1-checkout-api",
                        "app-fra1-payment-service", "app-fra1-inventory-service", "app-fra1-shop-frontend");
        assertThat(database.impactedServices()).contains("svc-online-shop", "svc-payments");
        Incident disk = byCi(summary, "host-ams1-mq01");
        assertThat(disk.priority()).isEqualTo(Priority.P2);
        assertThat(disk.alerts()).hasSize(1);
        Incident report = byCi(summary, "app-ams1-reporting");
        assertThat(report.priority()).isEqualTo(Priority.P3);
        assertThat(report.supportGroup()).isEqualTo("data-team");
        assertThat(report.impactedServices()).containsExactly("svc-internal-reporting");
        Incident spike = byCi(summary, "host-ams1-web01");
        assertThat(spike.priority()).isEqualTo(Priority.P2);
        assertThat(spike.alerts()).extracting(IncidentAlert::ciId, IncidentAlert::role).containsExactlyInAnyOrder(
                tuple("host-ams1-web01", AlertRole.ROOT_CAUSE), tuple("svc-online-shop", AlertRole.SYMPTOM));
        assertThat(spike.impactedServices()).contains("svc-online-shop");
        assertThat(spike.openedAt()).isEqualTo(Instant.parse("2026-01-15T09:20:15.310Z"));
        Incident unknown = incidents.stream().filter(i -> "true".equals(i.labels().get("ci_unknown"))).findFirst().orElseThrow();
        assertThat(unknown.priority()).isEqualTo(Priority.P3);
        assertThat(unknown.supportGroup()).isEqualTo("noc");
        assertThat(unknown.alerts()).hasSize(2).allSatisfy(a -> assertThat(a.hostName()).startsWith("build-agent-07"));
        // (g) the backup fails three times, each an incident of its own (the previous one closed after its reopen
        // window): a recurring failure, the problem job's first problem
        List<Incident> backups = incidents.stream().filter(i -> "pg-ams1-shop-replica".equals(i.rootCauseCiId())).toList();
        assertThat(backups).extracting(Incident::status)
                .containsExactly(IncidentStatus.CLOSED, IncidentStatus.CLOSED, IncidentStatus.RESOLVED);
        assertThat(backups).extracting(Incident::title).containsOnly("PgBackupFailed on pg-ams1-shop-replica");
        assertThat(summary.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.pattern()).isEqualTo("recurring-failure");
            assertThat(problem.status()).isEqualTo(ProblemStatus.NEW);
            assertThat(problem.rootCauseCiId()).isEqualTo("pg-ams1-shop-replica");
            assertThat(problem.occurrences()).isEqualTo(3);
            assertThat(problem.incidentIds()).containsExactlyElementsOf(backups.stream().map(Incident::id).toList());
            assertThat(backups.get(2).problemId()).as("the open incident names its problem").isEqualTo(problem.id());
        });
        // the SLA clocks: nobody acknowledged anything, so each response clock stopped when its incident resolved.
        // The fra1 database outage resolved after its P1 response target of 15 minutes: breached at that instant.
        assertThat(summary.slas()).as("a response and a resolution clock per incident").hasSize(2 * incidents.size());
        SlaStatus databaseResponse = summary.slas().stream()
                .filter(s -> s.id().equals(SlaStatus.idOf(database.id(), SlaKind.RESPONSE))).findFirst().orElseThrow();
        assertThat(databaseResponse.state()).isEqualTo(SlaState.BREACHED);
        assertThat(databaseResponse.breachAt()).isEqualTo(database.openedAt().plus(Duration.ofMinutes(15)));
        assertThat(database.resolvedAt()).isAfter(databaseResponse.breachAt());
        assertThat(summary.slas()).filteredOn(s -> s != databaseResponse).as("every other clock met")
                .allSatisfy(s -> assertThat(s.state()).isEqualTo(SlaState.MET));
        assertThat(summary.slas()).as("stopped when the incident resolved").allSatisfy(s -> assertThat(s.stoppedAt())
                .isEqualTo(incidents.stream().filter(i -> i.id().equals(s.incidentId())).findFirst().orElseThrow().resolvedAt()));
        assertThat(progress.toString()).contains("142/142 sent").contains("response BREACHED at 09:18:45 (15m)");

        // the SLOs (slo.yaml: P2 or higher makes a service unavailable; 1-minute slices, bad when impacted for at
        // least half of it; unavailable until the last alert resolves, not the incident): the fra1 outage costs the
        // shop and payments 13 minutes (09:04 to 09:16), the ams1 spike the shop 7 more, the backup failures the
        // reporting service 9
        assertThat(summary.slos()).extracting(SloStatus::service, SloStatus::slicesBad).containsExactly(
                tuple("svc-internal-reporting", 9L), tuple("svc-online-shop", 20L), tuple("svc-payments", 13L));
        SloStatus payments = summary.slos().get(2);
        assertThat(payments.objective()).isEqualTo(0.9995);
        assertThat(payments.slicesTotal()).as("30 days of minutes").isEqualTo(43_200L);
        assertThat(payments.compliance()).isCloseTo(1 - 13 / 43_200.0, within(1e-12));
        assertThat(payments.errorBudgetRemaining()).as("13 of 21.6 bad minutes allowed").isCloseTo(1 - 13 / 21.6, within(1e-9));
        assertThat(progress.toString()).as("the fast burn of the shop's budget fires and clears")
                .contains("burn rate 1h/5m  fired 09:05:00, cleared 09:32:00");
    }

    private static Incident byCi(DemoRun.Summary summary, String ci) {
        return summary.incidents().stream().filter(i -> ci.equals(i.rootCauseCiId())).findFirst()
                .orElseThrow(() -> new AssertionError("no incident on " + ci + " in " + summary.incidents()));
    }
}
