package dev.itsm.cli.demo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.itsm.connectors.cmdb.CmdbFiles;
import dev.itsm.connectors.elasticsearch.ElasticsearchClients;
import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.elasticsearch.ElasticsearchOptions;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.AlertRole;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAlert;
import dev.itsm.core.model.Priority;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStack;
import dev.itsm.devstack.LocalStackExtension;
import org.apache.flink.configuration.Configuration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static dev.itsm.core.model.AlertRole.MEMBER;
import static dev.itsm.core.model.AlertRole.ROOT_CAUSE;
import static dev.itsm.core.model.AlertRole.SYMPTOM;
import static dev.itsm.core.model.IncidentStatus.CLOSED;
import static dev.itsm.core.model.IncidentStatus.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Topology correlation end to end: the scenario {@code topology/scenario.jsonl} played through the real broker into
 * the incident job on a local Flink cluster, against the synthetic estate {@code topology/cmdb.json} and the rule pack
 * {@code topology/rules/} (the default pack plus a maintenance window and an inhibit rule), and its outcome read back
 * from Elasticsearch ({@code itsm-incidents}, {@code itsm-alerts}).
 *
 * <p>The estate has six sites built alike (core switch, two access switches, two rack UPSs, six hosts, a PostgreSQL
 * primary and replica, four applications; three business services span all sites). Each site is a correlation
 * region of its own, so each story plays in its own site and the stories cannot correlate with each other, even
 * where they overlap in time:
 * <ul>
 *   <li>(a) par1: the core switch fails, then ten alerts behind it (six hosts, two databases, two applications);</li>
 *   <li>(b) lon1: two sibling hosts on different access switches fail at the same moment;</li>
 *   <li>(c) mad1: two hosts behind one access switch alert, then the access switch, the cause, arrives last;</li>
 *   <li>(d) ber1: db02 reboots inside its maintenance window while a disk alert on web01, not covered, fires; a
 *       failed unit on db02 that opens inside the window and outlasts it becomes an incident when it ends;</li>
 *   <li>(e) osl1: an HTTP check fires and resolves four times in four minutes;</li>
 *   <li>(f) waw1: a rack's UPS runs on battery and inhibits the power-supply alert of a server in that rack.</li>
 * </ul>
 * Everything the job wrote to Elasticsearch counts: a merged-away incident stays there, closed, so "one incident"
 * means no other incident ever existed for that story.
 */
@ExtendWith(LocalStackExtension.class)
class TopologyCorrelationITCase {

    /**
     * A simulated minute per wall-clock second. The incident operator sees alerts in arrival order, and two alerts
     * with different fingerprints travel through different subtasks of the per-fingerprint operator, so at full speed
     * a symptom may overtake its cause. Where order matters the scenario leaves at least 30 simulated seconds (half a
     * second here) between alerts, far more than the job's 10 ms network buffer timeout.
     */
    private static final double SPEED = 60;

    private static final int SCENARIO_LINES = 42;

    @Test
    void shouldOpenOneIncidentPerRootCauseFollowingTheCmdbTopology(LocalStack stack, KafkaBroker kafka, ElasticsearchNode node) throws Exception {
        Path dir = Path.of(Objects.requireNonNull(TopologyCorrelationITCase.class.getResource("/topology")).toURI());
        assertThat(CmdbFiles.load(dir.resolve("cmdb.json")).warnings()).as("the synthetic CMDB loads cleanly").isEmpty();

        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        DemoRun demo = new DemoRun(stack, new PrintStream(progress, true));
        DemoRun.Settings settings = new DemoRun.Settings(dir.resolve("cmdb.json"), dir.resolve("scenario.jsonl"), SPEED, dir.resolve("rules"));
        Configuration conf = demo.configuration(settings);
        conf.set(KafkaOptions.TOPIC_PREFIX, kafka.freshTopic("topology"));
        conf.set(ElasticsearchOptions.INDEX_PREFIX, node.freshIndex("topology"));
        conf.setString("metrics.reporters", "");
        DemoRun.JobHolder job = new DemoRun.JobHolder();

        DemoRun.Summary summary;
        Outcome outcome;
        try {
            summary = demo.run(settings, conf, job);
            outcome = readOutcome(conf, kafka, summary);
        } finally {
            if (job.client != null) {
                job.client.cancel().get();
            }
        }

        assertThat(summary.payloadsSent()).isEqualTo(SCENARIO_LINES);
        assertThat(summary.rejected()).as("dead letters").isEmpty();
        assertThat(outcome.alerts()).as("alert occurrences: 11 + 2 + 3 + 3 + 1 + 2").hasSize(22);
        assertThat(summary.alertNotifications()).as("firing notifications counted").isEqualTo(29);
        assertThat(summary.incidents()).as("incidents: 1 + 2 + 2 (one merged away) + 2 + 1 + 1").hasSize(9)
                .allSatisfy(i -> assertThat(i.rulePackVersion()).startsWith("topology-itcase@"));

        SoftAssertions.assertSoftly(softly -> {
            coreSwitchOutage(softly, outcome);
            siblingHostsFailingTogether(softly, outcome);
            upstreamAlertArrivingLast(softly, outcome);
            plannedRebootInMaintenanceWindow(softly, outcome);
            flappingCheck(softly, outcome);
            inhibitedPowerSupplyAlert(softly, outcome);
        });
        assertThat(progress.toString()).contains(SCENARIO_LINES + "/" + SCENARIO_LINES + " sent");
    }

    /** (a) One incident rooted at the core switch, everything behind it a symptom, every service it carries listed. */
    private static void coreSwitchOutage(SoftAssertions softly, Outcome outcome) {
        List<Incident> incidents = outcome.incidentsAt("par1");
        softly.assertThat(incidents).as("(a) par1 incidents").hasSize(1);
        if (incidents.isEmpty()) {
            return;
        }
        Incident outage = incidents.get(0);
        softly.assertThat(outage.rootCauseCiId()).as("(a) root cause").isEqualTo("sw-par1-core");
        softly.assertThat(outage.alerts()).as("(a) alerts and roles").extracting(IncidentAlert::name, IncidentAlert::ciId, IncidentAlert::role)
                .containsExactlyInAnyOrder(
                        tuple("SwitchUnreachable", "sw-par1-core", ROOT_CAUSE),
                        tuple("NodeDown", "host-par1-web01", SYMPTOM),
                        tuple("NodeDown", "host-par1-web02", SYMPTOM),
                        tuple("NodeDown", "host-par1-app01", SYMPTOM),
                        tuple("NodeDown", "host-par1-app02", SYMPTOM),
                        tuple("NodeDown", "host-par1-db01", SYMPTOM),
                        tuple("NodeDown", "host-par1-db02", SYMPTOM),
                        tuple("PostgresDown", "pg-par1-orders-primary", SYMPTOM),
                        tuple("PostgresReplicationStopped", "pg-par1-orders-replica", SYMPTOM),
                        tuple("StorefrontHigh5xxRate", "app-par1-storefront", SYMPTOM),
                        tuple("PaymentGatewayErrors", "app-par1-payment-gateway", SYMPTOM));
        softly.assertThat(outage.symptomAlertIds()).as("(a) symptom ids").hasSize(10);
        softly.assertThat(outage.title()).as("(a) title").isEqualTo("SwitchUnreachable on sw-par1-core (+10 more)");
        softly.assertThat(outage.supportGroup()).as("(a) the switch's support group").isEqualTo("network-ops");
        softly.assertThat(outage.impactedServices()).as("(a) impacted services").containsExactly("svc-payments", "svc-reporting", "svc-webshop");
        softly.assertThat(outage.priority()).as("(a) priority").isEqualTo(Priority.P1);
        softly.assertThat(outage.status()).as("(a) status").isEqualTo(RESOLVED);
        softly.assertThat(outage.reopenCount()).as("(a) reopen count").isZero();
        softly.assertThat(outage.openedAt()).as("(a) opened with the switch alert").isEqualTo(at("09:01:00"));
        // the last symptom's resolve was sent at 09:04:25; resolve hold 2m
        softly.assertThat(outage.resolvedAt()).as("(a) resolved").isEqualTo(at("09:06:25"));
        softly.assertThat(outcome.alertsAt("par1")).as("(a) itsm-alerts documents").hasSize(11)
                .allSatisfy(doc -> {
                    assertThat(doc.incidentId()).isEqualTo(outage.id());
                    assertThat(doc.role()).isEqualTo(doc.ciId().equals("sw-par1-core") ? ROOT_CAUSE : SYMPTOM);
                    assertThat(doc.status()).isEqualTo("resolved");
                    assertThat(doc.suppressedBy()).isNull();
                });
    }

    /** (b) Siblings share an upstream switch but do not depend on each other: two incidents, each its own cause. */
    private static void siblingHostsFailingTogether(SoftAssertions softly, Outcome outcome) {
        List<Incident> incidents = outcome.incidentsAt("lon1");
        softly.assertThat(incidents).as("(b) lon1 incidents")
                .extracting(Incident::rootCauseCiId, Incident::title, Incident::status, Incident::supportGroup, Incident::impactedServices)
                .containsExactlyInAnyOrder(
                        tuple("host-lon1-web01", "NodeDown on host-lon1-web01", RESOLVED, "linux-ops", List.of("svc-webshop")),
                        tuple("host-lon1-app02", "NodeDown on host-lon1-app02", RESOLVED, "linux-ops", List.of("svc-payments", "svc-reporting", "svc-webshop")));
        for (Incident incident : incidents) {
            softly.assertThat(incident.alerts()).as("(b) alerts of " + incident.rootCauseCiId())
                    .extracting(IncidentAlert::ciId, IncidentAlert::role).containsExactly(tuple(incident.rootCauseCiId(), ROOT_CAUSE));
            softly.assertThat(incident.labels()).as("(b) labels of " + incident.rootCauseCiId()).doesNotContainKey("merged_into");
            softly.assertThat(incident.reopenCount()).as("(b) reopen count").isZero();
        }
    }

    /**
     * (c) Two sibling hosts open two incidents; their access switch alerting last relates to both, so they merge into
     * the older one, which is re-rooted at the switch; the other is closed, pointing at it.
     */
    private static void upstreamAlertArrivingLast(SoftAssertions softly, Outcome outcome) {
        List<Incident> incidents = outcome.incidentsAt("mad1");
        softly.assertThat(incidents).as("(c) mad1 incidents").extracting(Incident::status).containsExactlyInAnyOrder(RESOLVED, CLOSED);
        Incident survivor = incidents.stream().filter(i -> i.status() != CLOSED).findFirst().orElse(null);
        Incident merged = incidents.stream().filter(i -> i.status() == CLOSED).findFirst().orElse(null);
        if (survivor == null || merged == null) {
            return;
        }
        softly.assertThat(survivor.rootCauseCiId()).as("(c) re-rooted at the switch").isEqualTo("sw-mad1-acc1");
        softly.assertThat(survivor.alerts()).as("(c) alerts and roles").extracting(IncidentAlert::ciId, IncidentAlert::role)
                .containsExactlyInAnyOrder(tuple("sw-mad1-acc1", ROOT_CAUSE), tuple("host-mad1-app01", SYMPTOM), tuple("host-mad1-db01", SYMPTOM));
        softly.assertThat(survivor.title()).as("(c) title").isEqualTo("SwitchUnreachable on sw-mad1-acc1 (+2 more)");
        softly.assertThat(survivor.supportGroup()).as("(c) support group follows the new root cause").isEqualTo("network-ops");
        softly.assertThat(survivor.openedAt()).as("(c) the older incident, opened by app01, survives").isEqualTo(at("09:05:00"));
        softly.assertThat(survivor.impactedServices()).as("(c) impacted services").containsExactly("svc-payments", "svc-reporting", "svc-webshop");
        softly.assertThat(survivor.priority()).as("(c) priority").isEqualTo(Priority.P1);
        softly.assertThat(survivor.reopenCount()).as("(c) reopen count").isZero();
        softly.assertThat(survivor.labels()).as("(c) survivor labels").doesNotContainKey("merged_into");

        softly.assertThat(merged.labels()).as("(c) merged incident's labels").containsEntry("merged_into", survivor.id());
        softly.assertThat(merged.rootCauseCiId()).as("(c) merged incident's root cause").isEqualTo("host-mad1-db01");
        softly.assertThat(merged.openedAt()).as("(c) merged incident opened by db01").isEqualTo(at("09:05:30"));
        softly.assertThat(merged.alerts()).as("(c) merged incident's alerts").extracting(IncidentAlert::ciId).containsExactly("host-mad1-db01");

        softly.assertThat(outcome.alertsAt("mad1")).as("(c) itsm-alerts documents, moved to the survivor")
                .extracting(AlertDoc::ciId, AlertDoc::incidentId, AlertDoc::role)
                .containsExactlyInAnyOrder(
                        tuple("sw-mad1-acc1", survivor.id(), ROOT_CAUSE),
                        tuple("host-mad1-app01", survivor.id(), SYMPTOM),
                        tuple("host-mad1-db01", survivor.id(), SYMPTOM));
    }

    /**
     * (d) An alert opening inside a maintenance window that covers its CI is recorded, suppressed, and makes no
     * incident, its resolve included; one that still fires when the window ends becomes an incident then.
     */
    private static void plannedRebootInMaintenanceWindow(SoftAssertions softly, Outcome outcome) {
        List<Incident> incidents = outcome.incidentsAt("ber1");
        softly.assertThat(incidents).as("(d) ber1 incidents: the disk alert the window does not cover, the unit alert that outlasts it")
                .extracting(Incident::rootCauseCiId, Incident::title, Incident::status)
                .containsExactlyInAnyOrder(
                        tuple("host-ber1-web01", "NodeFilesystemAlmostFull on host-ber1-web01", RESOLVED),
                        tuple("host-ber1-db02", "NodeSystemdUnitFailed on host-ber1-db02", RESOLVED));
        softly.assertThat(outcome.incidents()).as("(d) no incident holds the reboot's NodeDown")
                .flatMap(Incident::alerts).noneMatch(a -> a.name().equals("NodeDown") && "host-ber1-db02".equals(a.ciId()));
        softly.assertThat(outcome.alertsAt("ber1")).as("(d) itsm-alerts documents")
                .extracting(AlertDoc::name, AlertDoc::ciId, AlertDoc::status, AlertDoc::suppressedBy, AlertDoc::count)
                .containsExactlyInAnyOrder(
                        tuple("NodeDown", "host-ber1-db02", "resolved", "maintenance:ber1-db02-kernel-update", 2),
                        tuple("NodeFilesystemAlmostFull", "host-ber1-web01", "resolved", null, 1),
                        tuple("NodeSystemdUnitFailed", "host-ber1-db02", "resolved", null, 1));
        softly.assertThat(outcome.alert("host-ber1-db02", "NodeDown")).as("(d) the suppressed alert's document")
                .satisfies(doc -> {
                    assertThat(doc.incidentId()).isNull();
                    assertThat(doc.role()).isEqualTo(MEMBER);
                });
        softly.assertThat(outcome.alert("host-ber1-db02", "NodeSystemdUnitFailed").incidentId()).as("(d) the outlasting alert's incident")
                .isEqualTo(incidents.stream().filter(i -> "host-ber1-db02".equals(i.rootCauseCiId())).map(Incident::id).findFirst().orElse("none"));
        softly.assertThat(incidents).filteredOn(i -> "host-ber1-db02".equals(i.rootCauseCiId())).extracting(Incident::openedAt)
                .as("(d) it becomes an incident when the window ends, not before").containsExactly(at("09:10:00"));
    }

    /**
     * (e) Eight state changes in four minutes: one incident that neither resolves nor reopens at each flap, and
     * resolves once after the alert calmed down. Elasticsearch holds the final state only (no longer flapping), so
     * "flapping at some point" is read from the job's incidents changelog topic.
     */
    private static void flappingCheck(SoftAssertions softly, Outcome outcome) {
        List<Incident> incidents = outcome.incidentsAt("osl1");
        softly.assertThat(incidents).as("(e) osl1 incidents").hasSize(1);
        if (incidents.isEmpty()) {
            return;
        }
        Incident incident = incidents.get(0);
        softly.assertThat(incident.rootCauseCiId()).as("(e) root cause").isEqualTo("host-osl1-web02");
        softly.assertThat(incident.status()).as("(e) status").isEqualTo(RESOLVED);
        softly.assertThat(incident.reopenCount()).as("(e) reopen count").isZero();
        // the last change was at 09:03:30, so the alert counts as firing until its quiet period ends at 09:18:30;
        // "resolves when all its alerts have been resolved (a flapping alert counts as firing) for the resolve hold"
        softly.assertThat(incident.resolvedAt()).as("(e) resolved one resolve hold after the flapping alert calmed down")
                .isEqualTo(at("09:20:30"));
        softly.assertThat(incident.alerts()).as("(e) the alert, calm again at the end")
                .extracting(IncidentAlert::name, IncidentAlert::role, IncidentAlert::flapping)
                .containsExactly(tuple("HttpCheckFailed", ROOT_CAUSE, false));
        softly.assertThat(outcome.alertsAt("osl1")).as("(e) itsm-alerts document: one occurrence, four firings")
                .extracting(AlertDoc::incidentId, AlertDoc::role, AlertDoc::status, AlertDoc::flapping, AlertDoc::count)
                .containsExactly(tuple(incident.id(), ROOT_CAUSE, "resolved", false, 4));

        List<Incident> revisions = outcome.history().stream().filter(i -> i.id().equals(incident.id())).toList();
        softly.assertThat(revisions).as("(e) revisions in the changelog").isNotEmpty()
                .anySatisfy(i -> assertThat(i.alerts()).singleElement().extracting(IncidentAlert::flapping).isEqualTo(true));
        softly.assertThat(revisions).as("(e) resolved once").filteredOn(i -> i.status() == RESOLVED).hasSize(1);
        softly.assertThat(revisions).as("(e) never reopened").allSatisfy(i -> assertThat(i.reopenCount()).isZero());
        if (!revisions.isEmpty()) {
            softly.assertThat(revisions.get(revisions.size() - 1).status()).as("(e) the last revision").isEqualTo(RESOLVED);
        }
    }

    /** (f) The UPS alert inhibits the power-supply alert of a server in its rack, which then joins no incident. */
    private static void inhibitedPowerSupplyAlert(SoftAssertions softly, Outcome outcome) {
        List<Incident> incidents = outcome.incidentsAt("waw1");
        softly.assertThat(incidents).as("(f) waw1 incidents")
                .extracting(Incident::rootCauseCiId, Incident::title, Incident::status, Incident::supportGroup)
                .containsExactly(tuple("ups-waw1-r02", "UpsOnBattery on ups-waw1-r02", RESOLVED, "dc-facilities"));
        incidents.forEach(i -> softly.assertThat(i.alerts()).as("(f) the UPS incident's alerts")
                .extracting(IncidentAlert::name, IncidentAlert::role).containsExactly(tuple("UpsOnBattery", ROOT_CAUSE)));
        AlertDoc ups = outcome.alert("ups-waw1-r02", "UpsOnBattery");
        AlertDoc psu = outcome.alert("host-waw1-app02", "PowerSupplyRedundancyLost");
        softly.assertThat(psu.suppressedBy()).as("(f) the inhibited alert").isEqualTo("inhibited:rack-on-battery:" + ups.id());
        softly.assertThat(psu.incidentId()).as("(f) the inhibited alert's incident").isNull();
        softly.assertThat(psu.status()).as("(f) the inhibited alert's resolve still recorded").isEqualTo("resolved");
    }

    // ---- reading the outcome back ------------------------------------------------------------------------------

    /** What the run left: incidents and alert documents from Elasticsearch, and the incidents changelog from Kafka. */
    private record Outcome(List<Incident> incidents, List<AlertDoc> alerts, List<Incident> history) {

        /** The incidents with a CI of that site; every CI id names its site ({@code host-par1-web01}). */
        List<Incident> incidentsAt(String site) {
            return incidents.stream().filter(i -> i.affectedCiIds().stream().anyMatch(ci -> ci.contains("-" + site + "-"))).toList();
        }

        List<AlertDoc> alertsAt(String site) {
            return alerts.stream().filter(a -> a.ciId() != null && a.ciId().contains("-" + site + "-")).toList();
        }

        AlertDoc alert(String ciId, String name) {
            return alerts.stream().filter(a -> ciId.equals(a.ciId()) && name.equals(a.name())).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " alert on " + ciId + " in " + alerts));
        }
    }

    /** An {@code itsm-alerts} document: the alert's fields plus its incident, role, flapping and suppression. */
    private record AlertDoc(String id, String name, String ciId, String status, int count, String incidentId, AlertRole role,
                            boolean flapping, String suppressedBy) {

        static AlertDoc of(Map<?, ?> source) {
            return new AlertDoc((String) source.get("event.id"), (String) source.get("rule.name"), (String) source.get("ci.id"),
                    (String) source.get("alert.status"), ((Number) source.get("alert.count")).intValue(), (String) source.get("incident.id"),
                    AlertRole.valueOf(((String) source.get("alert.role")).toUpperCase(Locale.ROOT)),
                    Boolean.TRUE.equals(source.get("alert.flapping")), (String) source.get("alert.suppressed_by"));
        }
    }

    private static Outcome readOutcome(Configuration conf, KafkaBroker kafka, DemoRun.Summary summary) throws Exception {
        ElasticsearchConfig elasticsearch = ElasticsearchConfig.fromConfiguration(conf);
        try (ElasticsearchClient client = ElasticsearchClients.client(elasticsearch)) {
            String alertsIndex = elasticsearch.index("alerts");
            client.indices().refresh(r -> r.index(alertsIndex));
            @SuppressWarnings("rawtypes")
            var response = client.search(s -> s.index(alertsIndex).size(1000), Map.class);
            List<AlertDoc> alerts = new ArrayList<>();
            for (@SuppressWarnings("rawtypes") Hit<Map> hit : response.hits().hits()) {
                alerts.add(AlertDoc.of(hit.source()));
            }
            // every incident revision is one changelog record: revisions count from 1 without gaps
            long records = DemoRun.sum(client, elasticsearch.index("incidents"), "itsm.revision");
            List<Incident> history = kafka.readFromStart(KafkaConfig.fromConfiguration(conf).topic(Topics.INCIDENTS), (int) records, Duration.ofSeconds(30))
                    .stream().filter(r -> r.value() != null).map(r -> Json.fromBytes(r.value(), Incident.class))
                    .sorted(Comparator.comparingLong(Incident::revision)).toList();
            return new Outcome(summary.incidents(), alerts, history);
        }
    }

    private static Instant at(String timeOfDay) {
        return Instant.parse("2026-01-15T" + timeOfDay + "Z");
    }
}
