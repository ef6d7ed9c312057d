package dev.itsm.jobs.incident;

import dev.itsm.core.model.Alert;

import java.util.List;

/**
 * An alert occurrence after the CMDB lookup.
 *
 * @param alert          the alert, its {@code ciId} set to the matched CI when the CMDB knows it
 * @param ciKnown        whether a CI was found; an unknown CI still makes an incident, marked so
 * @param ciType         null when unknown
 * @param criticality    the most critical of the CI and the business services it supports (1 = most), 0 when unknown
 * @param supportGroup   the CI's support group, null when unknown or unset
 * @param services       business service ids the CI supports
 * @param correlationKey the key that groups alerts into one incident
 * @param ingestedAtMillis processing time at which the job parsed the alert, for the latency metric only
 */
public record EnrichedAlert(Alert alert, boolean ciKnown, String ciType, int criticality, String supportGroup,
                            List<String> services, String correlationKey, long ingestedAtMillis) {

    public EnrichedAlert {
        services = services == null ? List.of() : List.copyOf(services);
    }
}
