package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** ITIL priority, P1 (most urgent) to P5, derived from impact x urgency. JSON value: {@code "p1"} .. {@code "p5"}. */
public enum Priority {
    P1, P2, P3, P4, P5;

    /** 1 .. 5. */
    public int number() {
        return ordinal() + 1;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The priority with this {@link #number()}; throws for anything outside 1..5. */
    public static Priority ofNumber(int number) {
        if (number < 1 || number > 5) {
            throw new IllegalArgumentException("priority number must be 1..5, was " + number);
        }
        return values()[number - 1];
    }
}
