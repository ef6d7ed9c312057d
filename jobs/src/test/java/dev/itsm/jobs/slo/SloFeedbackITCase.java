package dev.itsm.jobs.slo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.elasticsearch.ElasticsearchClients;
import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.AlertRole;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAlert;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.SloStatus;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import dev.itsm.jobs.TestingIncidentJob;
import dev.itsm.jobs.JobOptions;
import dev.itsm.jobs.incident.IncidentJobOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The burn-rate round trip on the real broker and node: an outage of web01 burns the error budget of the shop it
 * runs, the SLO stage writes a burn-rate alert (source {@code slo}) to the raw alerts topic, the incident job reads it
 * back like any alert and makes it an incident of the shop's own (not a symptom in web01's: it would keep that one
 * open while the budget burns on); when the burn stops, the alert resolves and its incident with it. Event time
 * moves one step at a time here, waiting for the round trip, so the test can look at each step.
 */
@ExtendWith(LocalStackExtension.class)
class SloFeedbackITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");


    /** One SLO and the fast pair only, so that the test follows one burn-rate alert. */
    private static final String SLO_YAML = """
            burn-rate-alerts:
              - {id: fast-burn, long: 1h, short: 5m, factor: 14.4, severity: critical}
            slos:
              - id: shop-availability
                service: svc-shop
                objective: 99.9
                window: 30d
            """;

    @Test
    void shouldTurnABurningBudgetIntoAnIncidentOfTheServiceThatResolvesWhenTheBurnStops(
            KafkaBroker kafka, ElasticsearchNode node, @TempDir Path work) throws Exception {
        Path rules = work.resolve("rules");
        Files.createDirectories(rules);
        try (var files = Files.list(Path.of("../rules/pack"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, rules.resolve(file.getFileName()));
            }
        }
        Files.writeString(rules.resolve("slo.yaml"), SLO_YAML);
        Path cmdb = work.resolve("cmdb.json");
        Files.writeString(cmdb, ShopEstate.CMDB);

        Configuration conf = TestingIncidentJob.configuration(kafka, node, work, "slo-feedback");
        conf.set(IncidentJobOptions.CMDB_FILE, cmdb.toString());
        conf.set(IncidentJobOptions.RULES_DIR, rules.toString());
        KafkaConfig topics = KafkaConfig.fromConfiguration(conf);

        try (TestingIncidentJob job = TestingIncidentJob.start(kafka, conf)) {
            String raw = job.rawTopic();
            // 1. web01 goes down; event time moves past the first minute, a whole bad slice: 1 of the last 60
            // minutes bad is a burn rate of 16.7 over 1h (and 200 over 5m), above 14.4
            job.send(ShopEstate.nodeDown("firing", T0), "generic", T0);
            job.heartbeat(T0.plusSeconds(100));
            Map<String, Object> firing = ShopEstate.burnRateAlert(kafka, raw, "firing", a -> "firing".equals(a.get("status")));
            assertThat(firing).containsEntry("name", SloFunction.ALERT_NAME).containsEntry("ci_id", "svc-shop")
                    .containsEntry("starts_at", T0.plusSeconds(60).toString());
            assertThat(firing.get("labels")).isEqualTo(Map.of("slo", "shop-availability", "service", "svc-shop", "window", "1h/5m"));

            Incident burn = ShopEstate.awaitIncident(kafka, topics, i -> i.alerts().stream().anyMatch(a -> "slo".equals(a.source())));
            assertThat(burn.title()).isEqualTo("SloErrorBudgetBurn on svc-shop");
            assertThat(burn.rootCauseCiId()).isEqualTo("svc-shop");
            assertThat(burn.supportGroup()).as("the service's owners").isEqualTo("shop-team");
            assertThat(burn.priority()).as("critical on a criticality-1 service").isEqualTo(Priority.P1);
            assertThat(burn.alerts()).singleElement().satisfies(a -> assertThat(a.role()).isEqualTo(AlertRole.ROOT_CAUSE));
            Incident outage = ShopEstate.awaitIncident(kafka, topics, i -> "web01".equals(i.rootCauseCiId()));
            assertThat(outage.id()).isNotEqualTo(burn.id());
            assertThat(outage.alerts()).extracting(IncidentAlert::source).containsExactly("generic");

            // 2. web01 is back after 3 minutes: 3 bad slices. The 5-minute window is free of them 5 minutes later,
            // at 09:08, when the pair clears and the burn-rate alert resolves
            job.send(ShopEstate.nodeDown("resolved", T0.plusSeconds(180)), "generic", T0.plusSeconds(180));
            job.heartbeat(T0.plusSeconds(8 * 60 + 40));
            Map<String, Object> resolved = ShopEstate.burnRateAlert(kafka, raw, "resolved", a -> "resolved".equals(a.get("status")));
            assertThat(resolved).containsEntry("ends_at", T0.plusSeconds(8 * 60).toString());

            // 3. each incident resolves 2 minutes (resolve hold) after its alert: the outage at 09:05, the burn at 09:10
            job.heartbeat(T0.plusSeconds(15 * 60));
            Incident burnDone = ShopEstate.awaitIncident(kafka, topics, i -> i.id().equals(burn.id()) && i.status() == IncidentStatus.RESOLVED);
            assertThat(burnDone.resolvedAt()).isEqualTo(T0.plusSeconds(10 * 60));
            assertThat(burnDone.alerts()).allSatisfy(a -> assertThat(a.status()).isEqualTo(AlertStatus.RESOLVED));
            Incident outageDone = ShopEstate.awaitIncident(kafka, topics, i -> i.id().equals(outage.id()) && i.status() == IncidentStatus.RESOLVED);
            assertThat(outageDone.resolvedAt()).isEqualTo(T0.plusSeconds(5 * 60));
        }

        assertThat(kafka.readFromStart(topics.topic(Topics.ALERTS_DLQ), 1, Duration.ofSeconds(2)))
                .as("nothing late, nothing rejected").isEmpty();
        List<SloStatus> changes = kafka.readFromStart(topics.topic(Topics.SLO), 100, Duration.ofSeconds(3)).stream()
                .map(r -> Json.fromBytes(r.value(), SloStatus.class)).toList();
        SloStatus last = changes.get(changes.size() - 1);
        assertThat(last.slicesBad()).as("the impact ended when web01's alert resolved, not after the resolve hold").isEqualTo(3);
        assertThat(last.impacted()).isFalse();
        assertThat(last.burnRates()).singleElement().satisfies(rate -> assertThat(rate.firing()).isFalse());
        assertThat(changes).as("the pair fired once and cleared once").filteredOn(s -> s.burnRates().get(0).firing())
                .isNotEmpty();
        assertThat(indexed(ElasticsearchConfig.fromConfiguration(conf), last)).as("itsm-slo holds the last change").isEqualTo(last);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    @SuppressWarnings("rawtypes")
    private static SloStatus indexed(ElasticsearchConfig indices, SloStatus expected) throws Exception {
        String index = indices.index("slo");
        long deadline = System.nanoTime() + ShopEstate.WAIT.toNanos();
        SloStatus found = null;
        try (ElasticsearchClient client = ElasticsearchClients.client(indices)) {
            while (System.nanoTime() < deadline) {
                if (client.indices().exists(e -> e.index(index)).value()) {
                    client.indices().refresh(r -> r.index(index));
                    for (Hit<Map> hit : client.search(s -> s.index(index).size(10), Map.class).hits().hits()) {
                        found = Json.fromBytes(Json.toBytes(hit.source()), SloStatus.class);
                    }
                    if (expected.equals(found)) {
                        return found;
                    }
                }
                Thread.sleep(500);
            }
        }
        return found;
    }
}
