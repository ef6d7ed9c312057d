package dev.itsm.core.model;

import static dev.itsm.core.model.Versioned.REVISION_FIELD;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.itsm.core.id.Ids;
import java.time.Instant;
import java.util.Objects;

/**
 * A directed CMDB relationship. Direction convention, for every type: <b>{@code source} depends on
 * {@code target}</b>, so the target is upstream and a failure of the target explains alerts on the source.
 * An application {@code runs_on} a host, a VM is {@code hosted_on} a hypervisor, a service {@code depends_on} a
 * database, a host is {@code connected_to} its switch.
 *
 * @param id       relation id; the CMDB's own, or {@link #idOf} when it has none ({@code relation.id})
 * @param type     relationship type ({@code relation.type})
 * @param source   id of the dependent CI ({@code relation.source})
 * @param target   id of the CI it depends on, upstream ({@code relation.target})
 * @param updated  when the CMDB changed it ({@code @timestamp})
 * @param revision see {@link Versioned} ({@code itsm.revision})
 */
public record Relation(
        @JsonProperty("relation.id") String id,
        @JsonProperty("relation.type") RelationType type,
        @JsonProperty("relation.source") String source,
        @JsonProperty("relation.target") String target,
        @JsonProperty("@timestamp") Instant updated,
        @JsonProperty(REVISION_FIELD) long revision) implements Versioned {

    public Relation {
        Checks.id(id, "Relation id");
        Checks.required(type, "Relation type");
        Checks.nonBlank(source, "Relation source");
        Checks.nonBlank(target, "Relation target");
        Checks.required(updated, "Relation updated");
        Checks.revision(revision, "Relation");
    }

    /** A relation with the canonical id {@link #idOf}. */
    public static Relation of(String source, RelationType type, String target, Instant updated, long revision) {
        return new Relation(idOf(source, type, target), type, source, target, updated, revision);
    }

    /**
     * Canonical id of the relation {@code source -type-> target}: the same for the same triple, wherever it is
     * computed (so a CMDB delete can name the relation it removes), and collision-free whatever the CI ids contain.
     */
    public static String idOf(String source, RelationType type, String target) {
        Objects.requireNonNull(type, "Relation type must not be null");
        return Ids.stable(Checks.nonBlank(source, "Relation source"), type.json(),
                Checks.nonBlank(target, "Relation target"));
    }

    public Relation withRevision(long newRevision) {
        return new Relation(id, type, source, target, updated, newRevision);
    }
}
