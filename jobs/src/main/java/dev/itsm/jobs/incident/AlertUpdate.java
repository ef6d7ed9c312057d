package dev.itsm.jobs.incident;

import dev.itsm.core.model.Alert;
import dev.itsm.core.model.AlertRole;

/**
 * An alert occurrence's new state with the incident it belongs to, for the {@code itsm-alerts} index.
 *
 * @param incidentId null when the alert belongs to no incident (e.g. a resolve for an incident already closed)
 */
public record AlertUpdate(Alert alert, String incidentId, AlertRole role) {
}
