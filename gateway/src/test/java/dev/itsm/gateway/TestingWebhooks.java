package dev.itsm.gateway;

import dev.itsm.core.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Webhook bodies as the senders make them, for the gateway's tests. */
final class TestingWebhooks {
    private TestingWebhooks() {
    }

    /** An Alertmanager version-4 group of {@code count} alerts named {@code name} on hosts host-0, host-1, ... */
    static byte[] alertmanager(String name, String status, int count, Instant startsAt) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> alert = new LinkedHashMap<>();
            alert.put("status", status);
            alert.put("labels", Map.of("alertname", name, "instance", "host-" + i + ":9100", "severity", "critical"));
            alert.put("annotations", Map.of("summary", name + " on host-" + i));
            alert.put("startsAt", startsAt.toString());
            alert.put("endsAt", status.equals("firing") ? "0001-01-01T00:00:00Z" : startsAt.plusSeconds(60).toString());
            alert.put("generatorURL", "http://prometheus.example/graph");
            alert.put("fingerprint", Integer.toHexString(name.hashCode() + i));
            alerts.add(alert);
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("receiver", "itsm");
        group.put("status", status);
        group.put("alerts", alerts);
        group.put("groupLabels", Map.of("alertname", name));
        group.put("commonLabels", Map.of("alertname", name));
        group.put("commonAnnotations", Map.of());
        group.put("externalURL", "http://alertmanager.example");
        group.put("version", "4");
        group.put("groupKey", groupKey(name));
        group.put("truncatedAlerts", 0);
        return Json.toBytes(group);
    }

    static String groupKey(String name) {
        return "{}:{alertname=\"" + name + "\"}";
    }

    /** One alert in the project's generic JSON. */
    static byte[] generic(String name, String host) {
        return Json.toBytes(Map.of("name", name, "status", "firing", "severity", "warning", "host", host));
    }
}
