package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * What a person did to an incident (from a ticket tool or the NOC console), on {@code itsm.incident-actions}, keyed
 * by incident id. The incident job shows them on the incident (acknowledged, on hold, resolved), and its SLA clocks
 * stop and pause on them as well as on the incident's own status, so a clock stops at the moment of the action.
 *
 * @param incidentId the incident acted on ({@code incident.id})
 * @param action     ({@code event.action})
 * @param at         event time of the action ({@code @timestamp})
 * @param by         who did it ({@code user.name}); nullable
 * @param note       free text ({@code message}); nullable
 */
public record IncidentAction(
        @JsonProperty("incident.id") String incidentId,
        @JsonProperty("event.action") Action action,
        @JsonProperty("@timestamp") Instant at,
        @JsonProperty("user.name") String by,
        @JsonProperty("message") String note) {

    public IncidentAction {
        Checks.nonBlank(incidentId, "IncidentAction incidentId");
        Checks.required(action, "IncidentAction action");
        Checks.required(at, "IncidentAction at");
    }

    /** The actions on an incident. JSON value: the lowercase name. */
    public enum Action {
        /** Acknowledged: stops the response clock. */
        ACK,
        /** Put on hold: pauses both clocks until {@link #RESUME}. */
        HOLD,
        /** Taken off hold. */
        RESUME,
        /** Resolved: stops both clocks. */
        RESOLVE;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
