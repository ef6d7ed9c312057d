package dev.itsm.jobs.problem;

import java.time.Instant;

/**
 * An incident that counted for a pattern and signature, as the problem operator keeps it while it lies within the
 * pattern's window.
 *
 * @param openedAt the incident's opening time
 */
public record Sighting(String incidentId, Instant openedAt) {
}
