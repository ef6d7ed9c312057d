package dev.itsm.jobs.problem;

/**
 * That the problem job linked an incident to a problem; sent once per incident and problem, to the
 * {@code problem-links} topic, for the incident job to name the problem on the incident.
 *
 * @param incidentId     the incident (the Kafka key)
 * @param correlationKey the incident's correlation key, by which the incident job finds the incident's state;
 *                       null when the incident had none
 * @param problemId      the problem it recurs in
 */
public record ProblemLink(String incidentId, String correlationKey, String problemId) {
}
