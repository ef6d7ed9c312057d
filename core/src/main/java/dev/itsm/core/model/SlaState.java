package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** State of an SLA clock: WARNING once a warning threshold (e.g. 75 %) is passed, MET or BREACHED when stopped or overdue. JSON value: the lowercase name. */
public enum SlaState {
    RUNNING, PAUSED, WARNING, MET, BREACHED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
