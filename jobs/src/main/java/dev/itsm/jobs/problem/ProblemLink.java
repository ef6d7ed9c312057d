package dev.itsm.jobs.problem;

import java.time.Instant;

/**
 * That the problem job linked an incident to a problem; sent once per incident and problem, to the
 * {@code problem-links} topic (key: the incident id), for the incident job to name the problem on the incident
 * ({@link dev.itsm.jobs.incident.IncidentActionsFunction}).
 *
 * @param incidentId the incident (the Kafka key)
 * @param problemId  the problem it recurs in
 * @param decidedAt  the event time of the problem revision that linked it: the time of the incident change that
 *                   opened the problem or joined the incident to it. The incident job names the problem only if the
 *                   incident was not closed yet at that time; null in links written before this field existed
 */
public record ProblemLink(String incidentId, String problemId, Instant decidedAt) {
}
