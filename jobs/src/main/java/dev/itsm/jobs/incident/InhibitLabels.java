package dev.itsm.jobs.incident;

import dev.itsm.core.model.Alert;

import java.util.HashMap;
import java.util.Map;

/**
 * The labels inhibit rules see: the alert's own, plus {@code alertname} (its name) and {@code severity} (critical,
 * major, minor, warning, info) where the alert does not carry them, so that rules written for Alertmanager work on
 * alerts from every source.
 */
final class InhibitLabels {

    private InhibitLabels() {
    }

    static Map<String, String> of(Alert alert) {
        Map<String, String> labels = alert.labels();
        if (labels.containsKey("alertname") && labels.containsKey("severity")) {
            return labels;
        }
        Map<String, String> all = new HashMap<>(labels);
        all.putIfAbsent("alertname", alert.name());
        all.putIfAbsent("severity", alert.severity().json());
        return all;
    }
}
