package dev.itsm.jobs.problem;

import dev.itsm.core.model.IncidentStatus;

import java.time.Instant;

/**
 * One incident change as one problem pattern sees it: the incident's signature for the pattern and what the problem
 * operator needs of the incident. An incident change makes one candidate per pattern whose signature fields it has
 * (a service-impact pattern: one per impacted business service).
 *
 * @param patternId      the pattern's id
 * @param signature      the values of the pattern's signature fields, e.g. {@code root_cause_ci=db01,
 *                       alert_name=PostgresDown}
 * @param subject        the signature as a title says it, e.g. {@code PostgresDown on db01}
 * @param rootCauseCiId  the root-cause CI when the signature has it; null otherwise
 * @param service        the business service when the signature is one; null otherwise
 * @param incidentId     the incident
 * @param revision       the incident's revision of this change: with {@code updated} and {@code incidentId}, it puts
 *                       the changes of one key in a total order that depends only on the data
 * @param openedAt       when the incident opened
 * @param updated        the event time of this change of the incident
 * @param status         the incident's status after this change
 * @param reopenCount    how often the incident has been reopened
 */
public record ProblemCandidate(String patternId, String signature, String subject, String rootCauseCiId,
                               String service, String incidentId, long revision, Instant openedAt,
                               Instant updated, IncidentStatus status, int reopenCount) {

    /** What the problem operator is keyed by: {@code patternId|signature}. */
    public String key() {
        return key(patternId, signature);
    }

    static String key(String patternId, String signature) {
        return patternId + "|" + signature;
    }

    /** The pattern id of a {@link #key()}; a pattern id has no {@code |}. */
    static String patternIdOf(String key) {
        return key.substring(0, key.indexOf('|'));
    }

    /** Whether the incident is open: neither resolved nor closed. */
    public boolean open() {
        return status != IncidentStatus.RESOLVED && status != IncidentStatus.CLOSED;
    }
}
