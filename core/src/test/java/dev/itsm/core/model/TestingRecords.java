package dev.itsm.core.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One fully populated example of every record, shared by the tests. */
public final class TestingRecords {
    public static final Instant T0 = Instant.parse("2024-05-01T10:15:30Z");
    public static final Instant T1 = Instant.parse("2024-05-01T10:16:00.123456789Z");

    private TestingRecords() {}

    public static Alert alert() {
        return new Alert("a-1", "fp-1", "alertmanager", "HostDown", AlertStatus.FIRING, Severity.CRITICAL,
                "db-01 is down", "node_exporter unreachable for 2m",
                Map.of("alertname", "HostDown", "instance", "db-01:9100"), Map.of("runbook_url", "https://runbooks/x"),
                T0, null, T1, "db-01", "10.0.0.5", "billing", "ci-db-01", 2, "{\"status\":\"firing\"}", 3);
    }

    public static ConfigItem configItem() {
        return new ConfigItem("ci-db-01", "database", "db-01", List.of("db-01", "10.0.0.5", "db-01.prod"), 1,
                "dba", "fra-1", "svc-billing", Map.of("env", "prod"), T0, 7);
    }

    public static Relation relation() {
        return Relation.of("ci-app-1", RelationType.DEPENDS_ON, "ci-db-01", T0, 1);
    }

    public static Incident incident() {
        return new Incident("inc-1", 4, "db-01 is down", IncidentStatus.ACKNOWLEDGED, Priority.P1, Impact.HIGH,
                Urgency.HIGH, "ci-db-01", "a-1", List.of("a-1", "a-2"), List.of("a-2"), List.of("ci-db-01", "ci-app-1"),
                List.of("svc-billing"), "dba", T0, T1, null, T1, 1, "prb-1", "2024.05.1", Map.of("team", "dba"),
                List.of(new IncidentAlert("a-1", "fp-1", "HostDown", "alertmanager", "ci-db-01", true, "db-01", "10.0.0.5", null,
                                Severity.CRITICAL, AlertStatus.FIRING, AlertRole.ROOT_CAUSE, T0, null, Map.of("alertname", "HostDown"), false),
                        new IncidentAlert("a-2", "fp-2", "HttpErrors", "grafana", null, false, "web-9", null, "shop",
                                Severity.MAJOR, AlertStatus.RESOLVED, AlertRole.SYMPTOM, T0, T1, Map.of(), true)),
                "ci-db-01");
    }

    public static Problem problem() {
        return new Problem("prb-1", 2, "db-01 keeps going down", ProblemStatus.KNOWN_ERROR, "recurring-root-cause",
                "ci-db-01|HostDown", "ci-db-01", "svc-billing", T0, T1, 3, List.of("inc-1", "inc-2", "inc-3"),
                "2024.05.1", T1, "restart the agent");
    }

    public static SlaStatus slaStatus() {
        return new SlaStatus(SlaStatus.idOf("inc-1", SlaKind.RESOLUTION), "inc-1", SlaKind.RESOLUTION, "p1-24x7",
                Priority.P1, SlaState.WARNING, 14_400_000, 10_800_000, 3_600_000, 75.0, T0, T1.plusSeconds(3600),
                null, "dba", 5, "2024.05.1", T1);
    }

    public static SloStatus sloStatus() {
        return new SloStatus(SloStatus.idOf("svc-billing", "30d"), "billing-availability", "svc-billing", "30d",
                2_592_000_000L, 60_000, 0.999, 43_200, 22, 1 - 22 / 43_200.0, 1 - 22 / 43.2, 1_320_000, true,
                List.of(new BurnRate("1h/5m", 3_600_000, 300_000, 15.2, 14.9, 14.4, true, Severity.CRITICAL),
                        new BurnRate("6h/30m", 21_600_000, 1_800_000, 2.5, 0.1, 6.0, false, Severity.CRITICAL)),
                9, "2024.05.1", T1);
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.of("{\"alerts\": [".getBytes(StandardCharsets.UTF_8), DeadLetter.NOT_JSON,
                        "Unexpected end-of-input at line 1, column 12", "alertmanager", T0)
                .withOrigin("itsm.alerts.raw", 2, 4711L);
    }
}
