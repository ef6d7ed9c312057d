package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** ITIL impact: how much of the business is affected (from the CMDB). JSON value: the lowercase name. */
public enum Impact {
    HIGH, MEDIUM, LOW;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
