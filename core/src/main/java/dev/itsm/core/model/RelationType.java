package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** CMDB relationship types; see {@link Relation} for the direction. JSON value: the lowercase name. */
public enum RelationType {
    RUNS_ON, DEPENDS_ON, HOSTED_ON, CONNECTED_TO;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
