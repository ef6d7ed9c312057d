package dev.itsm.core.model;

import static dev.itsm.core.model.Versioned.REVISION_FIELD;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The state of one SLA clock of one incident, after each change (start, pause, resume, warning, breach, stop).
 *
 * @param id              {@link #idOf}: incident id + {@code ":"} + kind ({@code sla.id})
 * @param incidentId      ({@code incident.id})
 * @param kind            response or resolution clock ({@code sla.kind})
 * @param policy          name of the SLA policy in the rule pack ({@code sla.policy})
 * @param priority        the incident priority the target was chosen for ({@code incident.priority})
 * @param state           ({@code sla.state})
 * @param targetMillis    the target, in counted (e.g. business-hours) milliseconds, &gt; 0 ({@code sla.target_ms})
 * @param elapsedMillis   counted time so far, pauses excluded ({@code sla.elapsed_ms})
 * @param remainingMillis target - elapsed; negative once breached ({@code sla.remaining_ms})
 * @param percent         elapsed / target x 100; above 100 once breached ({@code sla.percent})
 * @param startedAt       ({@code event.start})
 * @param breachAt        the moment it breaches (while running) or breached; {@code null} while paused or when met
 *                        ({@code sla.breach_at})
 * @param stoppedAt       when the clock stopped for good ({@code event.end}); nullable
 * @param supportGroup    ({@code incident.support_group}); nullable
 * @param revision        see {@link Versioned} ({@code itsm.revision})
 * @param rulePackVersion lineage ({@code itsm.rule_pack_version})
 * @param updated         event time of this change ({@code @timestamp})
 */
public record SlaStatus(
        @JsonProperty("sla.id") String id,
        @JsonProperty("incident.id") String incidentId,
        @JsonProperty("sla.kind") SlaKind kind,
        @JsonProperty("sla.policy") String policy,
        @JsonProperty("incident.priority") Priority priority,
        @JsonProperty("sla.state") SlaState state,
        @JsonProperty("sla.target_ms") long targetMillis,
        @JsonProperty("sla.elapsed_ms") long elapsedMillis,
        @JsonProperty("sla.remaining_ms") long remainingMillis,
        @JsonProperty("sla.percent") double percent,
        @JsonProperty("event.start") Instant startedAt,
        @JsonProperty("sla.breach_at") Instant breachAt,
        @JsonProperty("event.end") Instant stoppedAt,
        @JsonProperty("incident.support_group") String supportGroup,
        @JsonProperty(REVISION_FIELD) long revision,
        @JsonProperty("itsm.rule_pack_version") String rulePackVersion,
        @JsonProperty("@timestamp") Instant updated) implements Versioned {

    public SlaStatus {
        Checks.id(id, "SlaStatus id");
        Checks.nonBlank(incidentId, "SlaStatus incidentId");
        Checks.required(kind, "SlaStatus kind");
        if (!id.equals(idOf(incidentId, kind))) {
            throw new IllegalArgumentException(
                    "SlaStatus id must be '" + idOf(incidentId, kind) + "' (incidentId:kind), was '" + id + "'");
        }
        Checks.nonBlank(policy, "SlaStatus policy");
        Checks.required(priority, "SlaStatus priority");
        Checks.required(state, "SlaStatus state");
        if (targetMillis <= 0) {
            throw new IllegalArgumentException("SlaStatus targetMillis must be > 0, was " + targetMillis);
        }
        Checks.nonNegative(elapsedMillis, "SlaStatus elapsedMillis");
        Checks.required(startedAt, "SlaStatus startedAt");
        Checks.revision(revision, "SlaStatus");
        Checks.nonBlank(rulePackVersion, "SlaStatus rulePackVersion");
        Checks.required(updated, "SlaStatus updated");
    }

    /** {@code incidentId + ":" + kind}, e.g. {@code "9f3c...:resolution"}. */
    public static String idOf(String incidentId, SlaKind kind) {
        return incidentId + ":" + kind.json();
    }

    public SlaStatus withRevision(long newRevision) {
        return new SlaStatus(id, incidentId, kind, policy, priority, state, targetMillis, elapsedMillis,
                remainingMillis, percent, startedAt, breachAt, stoppedAt, supportGroup, newRevision, rulePackVersion,
                updated);
    }
}
