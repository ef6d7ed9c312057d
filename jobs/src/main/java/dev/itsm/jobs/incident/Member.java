package dev.itsm.jobs.incident;

/**
 * What the incident operator remembers about an alert occurrence in one of its incidents.
 *
 * @param incidentId the incident it belongs to
 * @param changes    how often its membership changed without a new alert revision (moved by a merge, given another
 *                   role): part of its {@code itsm-alerts} document version
 * @param latest     the alert's latest state with its CMDB facts, which decide the incident's root cause, impact and
 *                   routing, and from which its {@code itsm-alerts} document is rewritten when its membership changes
 */
public record Member(String incidentId, int changes, EnrichedAlert latest) {

    Member in(String otherIncident) {
        return new Member(otherIncident, changes + 1, latest);
    }

    Member changed() {
        return new Member(incidentId, changes + 1, latest);
    }
}
