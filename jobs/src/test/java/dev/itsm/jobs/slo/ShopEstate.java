package dev.itsm.jobs.slo;

import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.Incident;
import dev.itsm.devstack.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The burn-rate ITCases' estate and how they watch it: the shop service on one host, web01, whose NodeDown alert makes
 * the shop unavailable; the burn-rate alerts the job writes back to the raw topic; the incidents it makes of them.
 */
final class ShopEstate {
    static final Duration WAIT = Duration.ofSeconds(90);

    static final String CMDB = """
            {"exported_at": "2026-01-15T00:00:00Z",
             "configuration_items": [
               {"id": "svc-shop", "type": "business_service", "name": "Shop", "identifiers": ["shop"], "criticality": 1,
                "support_group": "shop-team"},
               {"id": "web01", "type": "host", "name": "web01", "identifiers": ["web01"], "criticality": 1,
                "support_group": "linux-ops", "service": "svc-shop"}],
             "relations": [{"source": "svc-shop", "type": "depends_on", "target": "web01"}]}
            """;

    private ShopEstate() {
    }

    /** web01's NodeDown, firing or resolved at {@code at}, in the generic format. */
    static byte[] nodeDown(String status, Instant at) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("name", "NodeDown");
        alert.put("status", status);
        alert.put("severity", "critical");
        alert.put("labels", Map.of("alertname", "NodeDown", "instance", "web01"));
        alert.put("host", "web01");
        alert.put(status.equals("firing") ? "starts_at" : "ends_at", at.toString());
        return Json.toBytes(alert);
    }

    /** The first burn-rate alert the job wrote back to the raw alerts topic that satisfies the condition, once there is one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> burnRateAlert(KafkaBroker kafka, String raw, String what, Predicate<Map<String, Object>> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : kafka.readFromStart(raw, 1000, Duration.ofSeconds(2))) {
                Header format = record.headers().lastHeader(AlertParser.FORMAT_HEADER);
                if (format != null && BurnRateAlerts.SOURCE.equals(new String(format.value(), StandardCharsets.UTF_8))) {
                    Map<String, Object> alert = Json.fromBytes(record.value(), Map.class);
                    if (condition.test(alert)) {
                        return alert;
                    }
                }
            }
        }
        throw new AssertionError("no " + what + " burn-rate alert in " + raw + " after " + WAIT);
    }

    /** The latest revision of the first incident that satisfies the condition, once there is one. */
    static Incident awaitIncident(KafkaBroker kafka, KafkaConfig topics, Predicate<Incident> condition) {
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
