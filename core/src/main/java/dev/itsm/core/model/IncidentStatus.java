package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Incident lifecycle; a RESOLVED incident can reopen (see {@link Incident#reopenCount()}). JSON value: the lowercase name. */
public enum IncidentStatus {
    NEW, ACKNOWLEDGED, ON_HOLD, RESOLVED, CLOSED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
