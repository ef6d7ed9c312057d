package dev.itsm.jobs.problem;

import dev.itsm.core.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemLinkTest {

    @Test
    void shouldTravelAsJsonThroughTheProblemLinksTopic() {
        var link = new ProblemLink("inc-1", "region:db01", "prb-0123456789abcdef0123");

        assertThat(Json.fromBytes(Json.toBytes(link), ProblemLink.class)).isEqualTo(link);
        assertThat(Json.fromBytes(Json.toBytes(new ProblemLink("inc-2", null, "prb-1")), ProblemLink.class).correlationKey())
                .isNull();
    }
}
