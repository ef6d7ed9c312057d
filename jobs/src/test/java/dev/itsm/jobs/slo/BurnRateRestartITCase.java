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
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final String CMDB = """
            {"exported_at": "2026-01-15T00:00:00Z",
             "configuration_items": [
               {"id": "svc-shop", "type": "business_service", "name": "Shop", "identifiers": ["shop"], "criticality": 1,
                "support_group": "shop-team"},
               {"id": "web01", "type": "host", "name": "web01", "identifiers": ["web01"], "criticality": 1,
                "support_group": "linux-ops", "service": "svc-shop"}],
             "relations": [{"source": "svc-shop", "type": "depends_on", "target": "web01"}]}
            """;

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
        Files.writeString(cmdb, CMDB);

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
            job.send(alert("firing", T0), "generic", T0);
            job.heartbeat(T0.plusSeconds(100));
            assertThat(burnRateAlert(kafka, raw, "1h/5m")).containsEntry("starts_at", T0.plusSeconds(60).toString());
            Incident fast = awaitIncident(kafka, topics, i -> windows(i).contains("1h/5m"));
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
            assertThat(burnRateAlert(kafka, raw, "6h/30m")).containsEntry("starts_at", T0.plusSeconds(180).toString());
            Incident both = awaitIncident(kafka, topics, i -> windows(i).contains("6h/30m"));
            assertThat(both.id()).as("the service's burn-rate incident, restored from the savepoint").isEqualTo(burnIncident);
            assertThat(windows(both)).containsExactly("1h/5m", "6h/30m");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static byte[] alert(String status, Instant at) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("name", "NodeDown");
        alert.put("status", status);
        alert.put("severity", "critical");
        alert.put("labels", Map.of("alertname", "NodeDown", "instance", "web01"));
        alert.put("host", "web01");
        alert.put(status.equals("firing") ? "starts_at" : "ends_at", at.toString());
        return Json.toBytes(alert);
    }

    /** The burn-rate windows of an incident's alerts, in its order. */
    private static List<String> windows(Incident incident) {
        return incident.alerts().stream().filter(a -> BurnRateAlerts.isBurnRate(a.source()))
                .map(IncidentAlert::labels).map(labels -> labels.get("window")).toList();
    }

    /** The firing burn-rate alert of a window that the job wrote back to the raw alerts topic, once it is there. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> burnRateAlert(KafkaBroker kafka, String raw, String window) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : kafka.readFromStart(raw, 1000, Duration.ofSeconds(2))) {
                Header format = record.headers().lastHeader(AlertParser.FORMAT_HEADER);
                if (format != null && BurnRateAlerts.SOURCE.equals(new String(format.value(), StandardCharsets.UTF_8))) {
                    Map<String, Object> alert = Json.fromBytes(record.value(), Map.class);
                    if ("firing".equals(alert.get("status")) && window.equals(((Map<String, Object>) alert.get("labels")).get("window"))) {
                        return alert;
                    }
                }
            }
        }
        throw new AssertionError("no firing " + window + " burn-rate alert in " + raw + " after " + WAIT);
    }

    /** The latest revision of the first incident that satisfies the condition, once there is one. */
    private static Incident awaitIncident(KafkaBroker kafka, KafkaConfig topics, Predicate<Incident> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Incident> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            seen.clear();
            kafka.readFromStart(topics.topic(Topics.INCIDENTS), 1000, Duration.ofSeconds(2))
                    .forEach(r -> seen.add(Json.fromBytes(r.value(), Incident.class)));
            Optional<Incident> match = seen.stream().filter(condition).reduce((a, b) -> b.revision() > a.revision() ? b : a);
            if (match.isPresent()) {
                return match.get();
            }
        }
        throw new AssertionError("no such incident after " + WAIT + " among " + seen);
    }
}
