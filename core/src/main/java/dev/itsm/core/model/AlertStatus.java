package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether the source still reports the alert. JSON value: the lowercase name. */
public enum AlertStatus {
    FIRING, RESOLVED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
