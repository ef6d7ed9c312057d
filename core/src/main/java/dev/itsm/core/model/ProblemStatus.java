package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** ITIL problem lifecycle: KNOWN_ERROR once the root cause and a workaround are known. JSON value: the lowercase name. */
public enum ProblemStatus {
    NEW, KNOWN_ERROR, RESOLVED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
