package dev.itsm.core.model;

import static dev.itsm.core.model.Versioned.REVISION_FIELD;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A CMDB configuration item: a host, switch, database, application or business service.
 *
 * @param id           CMDB id ({@code ci.id})
 * @param type         open vocabulary, e.g. {@code host}, {@code switch}, {@code database}, {@code application},
 *                     {@code business_service} ({@code ci.type})
 * @param name         display name; defaults to the id ({@code ci.name})
 * @param identifiers  what alerts may call it by: host names, IPs, aliases ({@code ci.identifiers})
 * @param criticality  business criticality, 1 (most critical) .. 5, the same direction as {@link Priority}
 *                     ({@code ci.criticality})
 * @param supportGroup team that handles its incidents ({@code ci.support_group}); nullable
 * @param location     site, rack, region ({@code ci.location}); nullable
 * @param service      id of the owning business service CI ({@code service.id}); nullable
 * @param labels       free-form attributes ({@code labels})
 * @param updated      when the CMDB changed it ({@code @timestamp})
 * @param revision     see {@link Versioned} ({@code itsm.revision})
 */
public record ConfigItem(
        @JsonProperty("ci.id") String id,
        @JsonProperty("ci.type") String type,
        @JsonProperty("ci.name") String name,
        @JsonProperty("ci.identifiers") List<String> identifiers,
        @JsonProperty("ci.criticality") int criticality,
        @JsonProperty("ci.support_group") String supportGroup,
        @JsonProperty("ci.location") String location,
        @JsonProperty("service.id") String service,
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("@timestamp") Instant updated,
        @JsonProperty(REVISION_FIELD) long revision) implements Versioned {

    /** Criticality to assume when the CMDB does not say: the middle of the scale. */
    public static final int DEFAULT_CRITICALITY = 3;

    public ConfigItem {
        Checks.id(id, "ConfigItem id");
        Checks.nonBlank(type, "ConfigItem type");
        name = name == null || name.isBlank() ? id : name;
        identifiers = Checks.list(identifiers, "ConfigItem identifiers");
        if (criticality < 1 || criticality > 5) {
            throw new IllegalArgumentException("ConfigItem criticality must be 1..5, was " + criticality);
        }
        labels = Checks.map(labels, "ConfigItem labels");
        Checks.required(updated, "ConfigItem updated");
        Checks.revision(revision, "ConfigItem");
    }

    public ConfigItem withRevision(long newRevision) {
        return new ConfigItem(id, type, name, identifiers, criticality, supportGroup, location, service, labels,
                updated, newRevision);
    }
}
