package dev.itsm.connectors.cmdb;

import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.Relation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A whole CMDB at one moment: every configuration item and every relation, in the order they were read.
 *
 * @param items     the configuration items, unique by id
 * @param relations the relations; may name CIs that are not in {@code items} (they may arrive later)
 */
public record CmdbSnapshot(List<ConfigItem> items, List<Relation> relations) {

    public CmdbSnapshot {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        relations = List.copyOf(Objects.requireNonNull(relations, "relations"));
    }

    /** The upserts that publish this snapshot: every CI first, then every relation. */
    public List<CmdbChange> changes() {
        List<CmdbChange> changes = new ArrayList<>(items.size() + relations.size());
        items.forEach(item -> changes.add(CmdbChange.upsert(item)));
        relations.forEach(relation -> changes.add(CmdbChange.upsert(relation)));
        return changes;
    }
}
