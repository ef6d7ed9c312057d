package dev.itsm.jobs.slo;

import java.util.List;

/**
 * What {@link ServiceImpactFunction} remembers of an incident between its changes.
 *
 * @param revision the latest incident revision seen: older and repeated ones are ignored
 * @param services the business services it makes unavailable now, in the incident's order
 */
public record IncidentImpact(long revision, List<String> services) {
}
