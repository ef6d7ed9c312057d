package dev.itsm.connectors.cmdb;

import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.Relation;
import dev.itsm.core.model.RelationType;
import org.junit.jupiter.api.Test;

import static dev.itsm.connectors.cmdb.TestingCmdb.ci;
import static dev.itsm.connectors.cmdb.TestingCmdb.rel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CmdbChangeTest {
    private final ConfigItem item = ci("host-db01", "host", null, "db01.fra1.example.com");
    private final Relation relation = rel("app-checkout", RelationType.RUNS_ON, "host-app01");

    @Test
    void shouldBeKeyedByKindAndId() {
        assertThat(CmdbChange.upsert(item).key()).isEqualTo("ci:host-db01");
        assertThat(CmdbChange.upsert(relation).key()).isEqualTo("relation:" + relation.id());
        assertThat(CmdbChange.deleteItem("host-db01").key()).isEqualTo("ci:host-db01");
        assertThat(CmdbChange.deleteRelation("r-1").key()).isEqualTo("relation:r-1");
    }

    @Test
    void shouldCarryExactlyWhatItsKindNeeds() {
        assertThat(CmdbChange.upsert(item)).isEqualTo(new CmdbChange(CmdbChange.Kind.CI, "host-db01", item, null, false));
        assertThat(CmdbChange.deleteItem("host-db01").item()).isNull();

        assertThatThrownBy(() -> new CmdbChange(CmdbChange.Kind.CI, "host-db01", null, null, false))
                .hasMessage("a CI upsert of 'host-db01' carries exactly the item");
        assertThatThrownBy(() -> new CmdbChange(CmdbChange.Kind.CI, "other", item, null, false))
                .hasMessage("a CI upsert of 'other' carries the item 'host-db01'");
        assertThatThrownBy(() -> new CmdbChange(CmdbChange.Kind.RELATION, relation.id(), item, relation, false))
                .hasMessage("a relation upsert of '" + relation.id() + "' carries exactly the relation");
        assertThatThrownBy(() -> new CmdbChange(CmdbChange.Kind.RELATION, "r-9", null, relation, false))
                .hasMessage("a relation upsert of 'r-9' carries the relation '" + relation.id() + "'");
        assertThatThrownBy(() -> new CmdbChange(CmdbChange.Kind.CI, "host-db01", item, null, true))
                .hasMessage("a CmdbChange that deletes CI 'host-db01' carries no item or relation");
        assertThatThrownBy(() -> CmdbChange.deleteItem(" ")).hasMessage("CmdbChange id must not be blank");
        assertThatThrownBy(() -> CmdbChange.deleteItem(null)).isInstanceOf(NullPointerException.class);
    }
}
