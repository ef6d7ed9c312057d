package dev.itsm.core.model;

import static dev.itsm.core.model.Versioned.REVISION_FIELD;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An incident: correlated alerts with one root cause, prioritised and routed. Written to {@code itsm.incidents}
 * as a changelog: the whole incident after each change, with the next {@link #revision()}.
 *
 * @param id               derived from the input, e.g. the opening alert's fingerprint and start
 *                         ({@code incident.id})
 * @param revision         see {@link Versioned} ({@code itsm.revision})
 * @param title            ({@code incident.title})
 * @param status           ({@code incident.status})
 * @param priority         impact x urgency ({@code incident.priority})
 * @param impact           ({@code incident.impact})
 * @param urgency          ({@code incident.urgency})
 * @param rootCauseCiId    the most upstream CI with a firing alert ({@code incident.root_cause_ci_id}); nullable
 * @param rootCauseAlertId the alert on that CI ({@code incident.root_cause_alert_id}); nullable
 * @param alertIds         every alert occurrence in the incident, cause and symptoms
 *                         ({@code incident.alert_ids})
 * @param symptomAlertIds  the subset explained by the root cause ({@code incident.symptom_alert_ids})
 * @param affectedCiIds    ({@code incident.affected_ci_ids})
 * @param impactedServices business service ids ({@code incident.impacted_services})
 * @param supportGroup     assignment group ({@code incident.support_group}); nullable
 * @param openedAt         event time of the opening alert ({@code event.start})
 * @param acknowledgedAt   ({@code incident.acknowledged_at}); nullable
 * @param resolvedAt       ({@code event.end}); nullable, cleared on reopen
 * @param updated          event time of this change ({@code @timestamp})
 * @param reopenCount      how often it went from resolved back to open ({@code incident.reopen_count})
 * @param problemId        the problem it was linked to ({@code problem.id}); nullable
 * @param rulePackVersion  lineage: the rule pack that produced this version ({@code itsm.rule_pack_version})
 * @param labels           ({@code labels})
 * @param alerts           the member alerts with their CI, status and role ({@code incident.alerts})
 * @param correlationKey   what grouped the alerts ({@code incident.correlation_key}); nullable
 */
public record Incident(
        @JsonProperty("incident.id") String id,
        @JsonProperty(REVISION_FIELD) long revision,
        @JsonProperty("incident.title") String title,
        @JsonProperty("incident.status") IncidentStatus status,
        @JsonProperty("incident.priority") Priority priority,
        @JsonProperty("incident.impact") Impact impact,
        @JsonProperty("incident.urgency") Urgency urgency,
        @JsonProperty("incident.root_cause_ci_id") String rootCauseCiId,
        @JsonProperty("incident.root_cause_alert_id") String rootCauseAlertId,
        @JsonProperty("incident.alert_ids") List<String> alertIds,
        @JsonProperty("incident.symptom_alert_ids") List<String> symptomAlertIds,
        @JsonProperty("incident.affected_ci_ids") List<String> affectedCiIds,
        @JsonProperty("incident.impacted_services") List<String> impactedServices,
        @JsonProperty("incident.support_group") String supportGroup,
        @JsonProperty("event.start") Instant openedAt,
        @JsonProperty("incident.acknowledged_at") Instant acknowledgedAt,
        @JsonProperty("event.end") Instant resolvedAt,
        @JsonProperty("@timestamp") Instant updated,
        @JsonProperty("incident.reopen_count") int reopenCount,
        @JsonProperty("problem.id") String problemId,
        @JsonProperty("itsm.rule_pack_version") String rulePackVersion,
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("incident.alerts") List<IncidentAlert> alerts,
        @JsonProperty("incident.correlation_key") String correlationKey) implements Versioned {

    public Incident {
        Checks.id(id, "Incident id");
        Checks.revision(revision, "Incident");
        Checks.required(title, "Incident title");
        Checks.required(status, "Incident status");
        Checks.required(priority, "Incident priority");
        Checks.required(impact, "Incident impact");
        Checks.required(urgency, "Incident urgency");
        alertIds = Checks.list(alertIds, "Incident alertIds");
        symptomAlertIds = Checks.list(symptomAlertIds, "Incident symptomAlertIds");
        affectedCiIds = Checks.list(affectedCiIds, "Incident affectedCiIds");
        impactedServices = Checks.list(impactedServices, "Incident impactedServices");
        Checks.required(openedAt, "Incident openedAt");
        Checks.required(updated, "Incident updated");
        Checks.nonNegative(reopenCount, "Incident reopenCount");
        Checks.nonBlank(rulePackVersion, "Incident rulePackVersion");
        labels = Checks.map(labels, "Incident labels");
        alerts = Checks.list(alerts, "Incident alerts");
    }

    public Incident withRevision(long newRevision) {
        return new Incident(id, newRevision, title, status, priority, impact, urgency, rootCauseCiId,
                rootCauseAlertId, alertIds, symptomAlertIds, affectedCiIds, impactedServices, supportGroup, openedAt,
                acknowledgedAt, resolvedAt, updated, reopenCount, problemId, rulePackVersion, labels, alerts, correlationKey);
    }

    /** This incident linked to a problem. */
    public Incident withProblemId(String newProblemId) {
        return new Incident(id, revision, title, status, priority, impact, urgency, rootCauseCiId,
                rootCauseAlertId, alertIds, symptomAlertIds, affectedCiIds, impactedServices, supportGroup, openedAt,
                acknowledgedAt, resolvedAt, updated, reopenCount, newProblemId, rulePackVersion, labels, alerts, correlationKey);
    }
}
