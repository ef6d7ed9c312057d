package dev.itsm.jobs.incident;

import dev.itsm.core.model.Alert;

import java.util.List;

/**
 * An alert occurrence after deduplication and the CMDB lookup, as the incident operator receives it.
 *
 * @param alert            the alert, its {@code ciId} set to the matched CI when the CMDB knows it
 * @param ciKnown          whether a CI was found; an unknown CI still makes an incident, marked so
 * @param ciType           null when unknown
 * @param criticality      the most critical of the CI and the business services it supports (1 = most), 0 when unknown
 * @param supportGroup     the CI's support group, null when unknown or unset
 * @param services         business service ids the CI supports (walking the topology downstream)
 * @param upstream         the CIs this CI depends on within the rule pack's {@code max-hops}; empty when unknown
 * @param correlationKey   the key under which the incident operator correlates it: the topology region of its CI, or
 *                         the identifier an unknown CI carried; fixed when the occurrence opens
 * @param flapping         the alert changes state too often: its incident treats it as firing until it calms down
 * @param suppressedBy     {@code maintenance:<id>} or {@code silence:<id>} when the occurrence started inside one; a
 *                         suppressed alert is recorded but makes no incident; null otherwise
 * @param ingestedAtMillis processing time at which the job parsed the alert, for the latency metric only
 */
public record EnrichedAlert(Alert alert, boolean ciKnown, String ciType, int criticality, String supportGroup,
                            List<String> services, List<String> upstream, String correlationKey, boolean flapping,
                            String suppressedBy, long ingestedAtMillis) {

    public EnrichedAlert {
        services = services == null ? List.of() : List.copyOf(services);
        upstream = upstream == null ? List.of() : List.copyOf(upstream);
    }

    /** Whether the incident should count it as active: firing, or flapping whatever its last state. */
    public boolean active() {
        return flapping || alert.status() == dev.itsm.core.model.AlertStatus.FIRING;
    }
}
