package dev.itsm.jobs;

import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.jobs.slo.BurnRateAlerts;

import java.time.Instant;
import java.util.List;

/**
 * What the SLA clocks and the SLO stage read of one incident change. The incident job projects every change to this
 * right after the incident actions operator, chained to it, so the two key-bys to those stages move a dozen fields
 * instead of the whole incident with its alerts, labels and lists: each change used to be serialised and read back
 * twice more in full.
 *
 * @param realAlertFiring whether any of its alerts fires that is not an SLO burn-rate alert (what makes a service
 *                        unavailable, see {@code ServiceImpactFunction})
 */
public record IncidentFacts(String id, long revision, IncidentStatus status, Priority priority, Impact impact,
                            List<String> impactedServices, String supportGroup, Instant openedAt, Instant acknowledgedAt,
                            Instant resolvedAt, Instant updated, int reopenCount, boolean realAlertFiring) {

    public IncidentFacts {
        impactedServices = impactedServices == null ? List.of() : List.copyOf(impactedServices);
    }

    public static IncidentFacts of(Incident incident) {
        boolean realAlertFiring = incident.alerts().stream()
                .anyMatch(alert -> alert.status() == AlertStatus.FIRING && !BurnRateAlerts.isBurnRate(alert.source()));
        return new IncidentFacts(incident.id(), incident.revision(), incident.status(), incident.priority(), incident.impact(),
                incident.impactedServices(), incident.supportGroup(), incident.openedAt(), incident.acknowledgedAt(),
                incident.resolvedAt(), incident.updated(), incident.reopenCount(), realAlertFiring);
    }
}
