package dev.itsm.jobs.slo;

import dev.itsm.connectors.alerts.AlertFormat;
import dev.itsm.core.model.Incident;

/**
 * How the jobs recognise the SLO stage's own burn-rate alerts once they came back through the raw alerts topic: by
 * their source, the {@link AlertFormat#SLO} format's id. One place for the rules that treat them apart (never late,
 * an incident of the service's own, no unavailability, no service impact for problems).
 */
public final class BurnRateAlerts {
    /** The source (and format header) of burn-rate alerts. */
    public static final String SOURCE = AlertFormat.SLO.id();

    private BurnRateAlerts() {
    }

    /** Whether an alert of this source is a burn-rate alert. */
    public static boolean isBurnRate(String source) {
        return SOURCE.equals(source);
    }

    /** Whether every alert of the incident is a burn-rate alert. */
    public static boolean onlyBurnRate(Incident incident) {
        return !incident.alerts().isEmpty() && incident.alerts().stream().allMatch(a -> isBurnRate(a.source()));
    }
}
