package dev.itsm.jobs.incident;

import dev.itsm.core.id.Fingerprints;
import dev.itsm.core.id.Ids;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.Severity;

import java.time.Instant;
import java.util.Map;

/** Alerts as the parser makes them, for operator tests. */
final class TestingAlerts {
    static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");

    private TestingAlerts() {
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static Alert firing(String name, String host, Severity severity, long startSecond, long sentSecond) {
        return alert(name, host, severity, AlertStatus.FIRING, startSecond, null, sentSecond);
    }

    static Alert resolved(String name, String host, Severity severity, long startSecond, long endSecond) {
        return alert(name, host, severity, AlertStatus.RESOLVED, startSecond, endSecond, endSecond);
    }

    static Alert alert(String name, String host, Severity severity, AlertStatus status, long startSecond, Long endSecond, long sentSecond) {
        Map<String, String> labels = Map.of("alertname", name, "host", host);
        String fingerprint = Fingerprints.ofLabels(labels);
        Instant startsAt = at(startSecond);
        return new Alert(Ids.stable(fingerprint, startsAt.toString()), fingerprint, "alertmanager", name, status, severity,
                name + " on " + host, null, labels, Map.of(), startsAt, endSecond == null ? null : at(endSecond), at(sentSecond),
                host, null, null, null, 1, "{\"alertname\":\"" + name + "\"}", 0);
    }
}
