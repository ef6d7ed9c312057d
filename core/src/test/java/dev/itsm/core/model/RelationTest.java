package dev.itsm.core.model;

import static dev.itsm.core.model.TestingRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelationTest {

    @Test
    void shouldDeriveTheSameCanonicalIdForTheSameTriple() {
        assertThat(Relation.idOf("app", RelationType.RUNS_ON, "host"))
                .isEqualTo(Relation.idOf("app", RelationType.RUNS_ON, "host"))
                .isEqualTo(Relation.of("app", RelationType.RUNS_ON, "host", T0, 0).id())
                .matches("[0-9a-f]{32}");
    }

    @Test
    void shouldDeriveDifferentIdsForADifferentTypeOrDirection() {
        String id = Relation.idOf("app", RelationType.RUNS_ON, "host");

        assertThat(Relation.idOf("app", RelationType.HOSTED_ON, "host")).isNotEqualTo(id);
        assertThat(Relation.idOf("host", RelationType.RUNS_ON, "app")).isNotEqualTo(id);
    }
}
