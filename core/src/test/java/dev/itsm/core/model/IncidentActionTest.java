package dev.itsm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.core.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncidentActionTest {
    private static final IncidentAction ACK = new IncidentAction("inc-1", IncidentAction.Action.ACK,
            Instant.parse("2026-01-15T09:30:00.123Z"), "alice", "looking into it");

    @Test
    void shouldRoundTripAnIncidentActionThroughJson() {
        assertThat(Json.fromBytes(Json.toBytes(ACK), IncidentAction.class)).isEqualTo(ACK);
    }

    @Test
    void shouldWriteAnIncidentActionWithEcsFieldNames() {
        JsonNode json = Json.tree(Json.toBytes(ACK));

        assertThat(json.get("incident.id").asText()).isEqualTo("inc-1");
        assertThat(json.get("event.action").asText()).isEqualTo("ack");
        assertThat(json.get("@timestamp").asText()).isEqualTo("2026-01-15T09:30:00.123Z");
        assertThat(json.get("user.name").asText()).isEqualTo("alice");
        assertThat(json.get("message").asText()).isEqualTo("looking into it");
    }

    @Test
    void shouldReadAnActionWithoutTheOptionalFields() {
        IncidentAction hold = Json.fromString(
                "{\"incident.id\":\"inc-1\",\"event.action\":\"HOLD\",\"@timestamp\":\"2026-01-15T10:00:00Z\"}",
                IncidentAction.class);

        assertThat(hold).isEqualTo(new IncidentAction("inc-1", IncidentAction.Action.HOLD,
                Instant.parse("2026-01-15T10:00:00Z"), null, null));
    }

    @Test
    void shouldRejectAnActionWithoutIncidentId() {
        assertThatThrownBy(() -> new IncidentAction(" ", IncidentAction.Action.ACK, Instant.EPOCH, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("IncidentAction incidentId must not be blank");
    }
}
