package dev.itsm.jobs.problem;

import dev.itsm.core.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemLinkTest {

    @Test
    void shouldTravelAsJsonThroughTheProblemLinksTopic() {
        var link = new ProblemLink("inc-1", "prb-0123456789abcdef0123", Instant.parse("2026-01-15T09:00:00.5Z"));

        assertThat(Json.fromBytes(Json.toBytes(link), ProblemLink.class)).isEqualTo(link);
    }

    @Test
    void shouldReadALinkWrittenBeforeItsDecisionTimeExisted() {
        String old = "{\"incidentId\":\"inc-2\",\"correlationKey\":\"region:db01\",\"problemId\":\"prb-1\"}";

        assertThat(Json.fromBytes(old.getBytes(StandardCharsets.UTF_8), ProblemLink.class))
                .isEqualTo(new ProblemLink("inc-2", "prb-1", null));
    }
}
