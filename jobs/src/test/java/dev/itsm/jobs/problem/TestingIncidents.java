package dev.itsm.jobs.problem;

import dev.itsm.core.model.AlertRole;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAlert;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Severity;
import dev.itsm.core.model.Urgency;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Incident changes as the incident job writes them, for the problem job's tests. */
final class TestingIncidents {
    static final Instant T0 = Instant.parse("2026-01-15T03:00:00Z");

    private TestingIncidents() {
    }

    static Instant at(Duration sinceT0) {
        return T0.plus(sinceT0);
    }

    static Instant hours(double hours) {
        return T0.plusMillis(Math.round(hours * 3_600_000));
    }

    /** A new incident (revision 1) whose root cause is alert {@code alertName} on {@code ci}, impacting {@code services}. */
    static Incident opened(String id, String ci, String alertName, Instant openedAt, String... services) {
        IncidentAlert root = new IncidentAlert("a-" + id, "fp-" + ci + "-" + alertName, alertName, "alertmanager", ci,
                ci != null, ci, null, null, Severity.CRITICAL, AlertStatus.FIRING, AlertRole.ROOT_CAUSE, openedAt, null,
                Map.of("alertname", alertName, "team", "dba"), false);
        return new Incident(id, 1, alertName + " on " + ci, IncidentStatus.NEW, Priority.P2, Impact.MEDIUM, Urgency.HIGH,
                ci, root.id(), List.of(root.id()), List.of(), ci == null ? List.of() : List.of(ci), List.of(services),
                "dba", openedAt, null, null, openedAt, 0, null, "default@1#abc", Map.of(), List.of(root),
                "region:" + (ci == null ? "unknown" : ci));
    }

    /** The incident's next revision, changed at {@code updated} to {@code status} with {@code reopenCount}. */
    static Incident next(Incident i, Instant updated, IncidentStatus status, int reopenCount) {
        return new Incident(i.id(), i.revision() + 1, i.title(), status, i.priority(), i.impact(), i.urgency(),
                i.rootCauseCiId(), i.rootCauseAlertId(), i.alertIds(), i.symptomAlertIds(), i.affectedCiIds(),
                i.impactedServices(), i.supportGroup(), i.openedAt(), i.acknowledgedAt(),
                status == IncidentStatus.RESOLVED ? updated : null, updated, reopenCount, i.problemId(),
                i.rulePackVersion(), i.labels(), i.alerts(), i.correlationKey());
    }

    /** The incident without a known root cause: no root-cause CI, no root-cause alert. */
    static Incident withoutRootCause(Incident i) {
        return new Incident(i.id(), i.revision(), i.title(), i.status(), i.priority(), i.impact(), i.urgency(), null, null,
                i.alertIds(), i.symptomAlertIds(), i.affectedCiIds(), i.impactedServices(), i.supportGroup(),
                i.openedAt(), i.acknowledgedAt(), i.resolvedAt(), i.updated(), i.reopenCount(), i.problemId(),
                i.rulePackVersion(), i.labels(), i.alerts(), i.correlationKey());
    }
}
