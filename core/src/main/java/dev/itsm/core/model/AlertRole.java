package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** An alert's part in its incident. JSON value: the lowercase name. */
public enum AlertRole {
    /** The alert on the probable root-cause CI. */
    ROOT_CAUSE,
    /** An alert explained by the root cause. */
    SYMPTOM,
    /** Grouped into the incident without a cause/symptom judgement (no topology involved). */
    MEMBER;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
