package dev.itsm.jobs.slo;

import java.time.Instant;

/**
 * An incident starts or stops making a business service unavailable (for that service's SLO).
 *
 * @param service    the business service CI id (the key of {@link SloFunction})
 * @param incidentId the incident
 * @param impacting  {@code true}: from {@code at} on the incident makes the service unavailable; {@code false}: it
 *                   no longer does
 * @param at         event time of the incident change that decided it ({@code Incident.updated})
 */
public record ServiceImpact(String service, String incidentId, boolean impacting, Instant at) {
}
