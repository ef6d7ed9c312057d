package dev.itsm.connectors.cmdb;

import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.Relation;

import java.util.Objects;

/**
 * One change of the CMDB, as carried by the compacted {@code itsm.cmdb} topic and through Flink (it is a record of
 * strings, an enum, a boolean and core records, so Flink's record serializer handles it without Kryo).
 *
 * <p>Create with {@link #upsert(ConfigItem)}, {@link #upsert(Relation)}, {@link #deleteItem(String)} or
 * {@link #deleteRelation(String)}.
 *
 * @param kind     what the change is about
 * @param id       the CI id or relation id; with {@link #kind} the Kafka key, see {@link #key()}
 * @param item     the new version of the CI; set only for a CI upsert
 * @param relation the new version of the relation; set only for a relation upsert
 * @param deleted  true for a delete (a tombstone on the topic); then {@code item} and {@code relation} are null
 */
public record CmdbChange(Kind kind, String id, ConfigItem item, Relation relation, boolean deleted) {

    /** What a change is about; the Kafka key's prefix. */
    public enum Kind {
        CI("ci:"), RELATION("relation:");

        private final String keyPrefix;

        Kind(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        /** {@code ci:} or {@code relation:}. */
        public String keyPrefix() {
            return keyPrefix;
        }
    }

    public CmdbChange {
        Objects.requireNonNull(kind, "CmdbChange kind must not be null");
        Objects.requireNonNull(id, "CmdbChange id must not be null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("CmdbChange id must not be blank");
        }
        if (deleted) {
            if (item != null || relation != null) {
                throw new IllegalArgumentException("a CmdbChange that deletes " + kind + " '" + id + "' carries no item or relation");
            }
        } else if (kind == Kind.CI) {
            if (item == null || relation != null) {
                throw new IllegalArgumentException("a CI upsert of '" + id + "' carries exactly the item");
            }
            if (!item.id().equals(id)) {
                throw new IllegalArgumentException("a CI upsert of '" + id + "' carries the item '" + item.id() + "'");
            }
        } else {
            if (relation == null || item != null) {
                throw new IllegalArgumentException("a relation upsert of '" + id + "' carries exactly the relation");
            }
            if (!relation.id().equals(id)) {
                throw new IllegalArgumentException("a relation upsert of '" + id + "' carries the relation '" + relation.id() + "'");
            }
        }
    }

    public static CmdbChange upsert(ConfigItem item) {
        Objects.requireNonNull(item, "item");
        return new CmdbChange(Kind.CI, item.id(), item, null, false);
    }

    public static CmdbChange upsert(Relation relation) {
        Objects.requireNonNull(relation, "relation");
        return new CmdbChange(Kind.RELATION, relation.id(), null, relation, false);
    }

    public static CmdbChange deleteItem(String id) {
        return new CmdbChange(Kind.CI, id, null, null, true);
    }

    public static CmdbChange deleteRelation(String id) {
        return new CmdbChange(Kind.RELATION, id, null, null, true);
    }

    /** The Kafka key: {@code ci:<id>} or {@code relation:<id>}. */
    public String key() {
        return kind.keyPrefix() + id;
    }
}
