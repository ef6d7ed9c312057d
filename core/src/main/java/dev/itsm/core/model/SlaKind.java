package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The two ITIL SLA clocks of an incident: time to respond (acknowledge) and time to resolve. JSON value: the lowercase name. */
public enum SlaKind {
    RESPONSE, RESOLUTION;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
