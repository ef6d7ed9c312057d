package dev.itsm.jobs.incident;

import dev.itsm.core.model.Alert;
import dev.itsm.core.model.AlertRole;

/**
 * An alert occurrence's new state with the incident it belongs to, for the {@code itsm-alerts} index.
 *
 * @param incidentId   null when the alert belongs to no incident (suppressed, or a resolve for an incident already
 *                     closed)
 * @param role         its part in the incident
 * @param flapping     whether it is flapping
 * @param suppressedBy why it makes no incident: {@code maintenance:<id>}, {@code silence:<id>} or
 *                     {@code inhibited:<rule id>:<alert id>}; null when it is not suppressed
 * @param version      the document's external version: grows with the alert's revision, and with each move of the
 *                     alert to another incident (when incidents merge)
 */
public record AlertUpdate(Alert alert, String incidentId, AlertRole role, boolean flapping, String suppressedBy, long version) {

    /** Room for moves between two revisions of an alert. */
    static final long MOVES_PER_REVISION = 1024;

    static long version(Alert alert, int moves) {
        return alert.revision() * MOVES_PER_REVISION + Math.min(moves, MOVES_PER_REVISION - 1);
    }
}
