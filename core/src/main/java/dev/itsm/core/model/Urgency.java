package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** ITIL urgency: how fast the business needs it fixed (from the severity). JSON value: the lowercase name. */
public enum Urgency {
    HIGH, MEDIUM, LOW;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
