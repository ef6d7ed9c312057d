package dev.itsm.jobs.slo;

import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAlert;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import dev.itsm.jobs.TestingIncidentJob;
import dev.itsm.jobs.incident.IncidentJobOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
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
 * Burn-rate alerts around a restart, on the real broker and a MiniCluster, with {@code itsm.correlation-order:
 * EVENT_TIME} as {@code itsm chaos} runs it. In the chaos runs the burn-rate alerts that the SLO stage decided just
 * after a restart never became incidents. What loses them is not the restart: a burn-rate alert is decided when the
 * SLO stage's watermark passes its slice end, so it always comes back into the incident job behind the incident
 * operator's watermark; the incident operator held such an alert until its watermark moved again, and when the
 * input that decided it was the last one (the chaos runner's final heartbeat, which a restart let overtake the SLO
 * stage), nothing ever moved it again. Here every burn-rate alert is decided by the last input sent so far, once
 * before and once after a stop with savepoint and a start from it, and each must become an incident without any
 * further input.
 */
@ExtendWith(LocalStackExtension.class)
class BurnRateRestartITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");


    /**
     * 99.9 % over 30d in 1m slices: one bad slice burns at 16.7x over 1h (the fast pair fires at the first bad slice),
     * three at 8.3x over 6h (the medium pair fires at the third).
     */
    private static final String SLO_YAML = """
            burn-rate-alerts:
              - {id: fast-burn, long: 1h, short: 5m, factor: 14.4, severity: critical}
              - {id: medium-burn, long: 6h, short: 30m, factor: 6, severity: critical}
            slos:
              - id: shop-availability
                service: svc-shop
                objective: 99.9
                window: 30d
            """;

    @Test
    void shouldMakeAnIncidentOfEveryBurnRateAlertDecidedByTheLastInputBeforeAndAfterARestart(
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

        Configuration conf = TestingIncidentJob.configuration(kafka, node, work, "burn-rate-restart");
        conf.set(IncidentJobOptions.CMDB_FILE, cmdb.toString());
        conf.set(IncidentJobOptions.RULES_DIR, rules.toString());
        conf.set(IncidentJobOptions.CORRELATION_ORDER, IncidentJobOptions.CorrelationOrder.EVENT_TIME);
        conf.set(IncidentJobOptions.ELASTICSEARCH_ENABLED, false); // the incidents topic is what this test reads
        KafkaConfig topics = KafkaConfig.fromConfiguration(conf);

        String savepoint;
        String raw;
        String burnIncident;
        TestingIncidentJob job = TestingIncidentJob.start(kafka, conf);
        try {
            raw = job.rawTopic();
            // web01 goes down; the heartbeat, the last input for now, moves event time past the first bad slice
            job.send(ShopEstate.nodeDown("firing", T0), "generic", T0);
            job.heartbeat(T0.plusSeconds(100));
            assertThat(ShopEstate.burnRateAlert(kafka, raw, "firing 1h/5m", firing("1h/5m"))).containsEntry("starts_at", T0.plusSeconds(60).toString());
            Incident fast = ShopEstate.awaitIncident(kafka, topics, i -> windows(i).contains("1h/5m"));
            assertThat(fast.rootCauseCiId()).isEqualTo("svc-shop");
            burnIncident = fast.id();

            savepoint = job.stopWithSavepoint(work.resolve("savepoints").toUri().toString());
        } finally {
            job.close();
        }

        Configuration again = new Configuration(conf);
        again.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        try (TestingIncidentJob restarted = TestingIncidentJob.restart(kafka, again)) {
            // the only input after the restart: event time past the third bad slice (09:03), where the medium pair fires
            restarted.heartbeat(T0.plusSeconds(4 * 60 + 40));
            assertThat(ShopEstate.burnRateAlert(kafka, raw, "firing 6h/30m", firing("6h/30m"))).containsEntry("starts_at", T0.plusSeconds(180).toString());
            Incident both = ShopEstate.awaitIncident(kafka, topics, i -> windows(i).contains("6h/30m"));
            assertThat(both.id()).as("the service's burn-rate incident, restored from the savepoint").isEqualTo(burnIncident);
            assertThat(windows(both)).containsExactly("1h/5m", "6h/30m");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** The burn-rate windows of an incident's alerts, in its order. */
    private static List<String> windows(Incident incident) {
        return incident.alerts().stream().filter(a -> BurnRateAlerts.isBurnRate(a.source()))
                .map(IncidentAlert::labels).map(labels -> labels.get("window")).toList();
    }

    /** A firing burn-rate alert of that window. */
    @SuppressWarnings("unchecked")
    private static Predicate<Map<String, Object>> firing(String window) {
        return alert -> "firing".equals(alert.get("status")) && window.equals(((Map<String, Object>) alert.get("labels")).get("window"));
    }
}
