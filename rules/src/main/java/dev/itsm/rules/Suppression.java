package dev.itsm.rules;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A maintenance window or silence of {@code maintenance.yaml} that is in force for an alert: what
 * {@link RulePack#suppression} returns.
 *
 * @param kind  {@value #MAINTENANCE} or {@value #SILENCE}
 * @param id    the window's or silence's id
 * @param from  start of its current occurrence (inclusive)
 * @param until end of its current occurrence (exclusive)
 */
public record Suppression(String kind, String id, Instant from, Instant until) implements Serializable {
    /** The kind of a maintenance window. */
    public static final String MAINTENANCE = "maintenance";
    /** The kind of a silence. */
    public static final String SILENCE = "silence";

    public Suppression {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(until, "until must not be null");
        if (!kind.equals(MAINTENANCE) && !kind.equals(SILENCE)) {
            throw new IllegalArgumentException("kind must be " + MAINTENANCE + " or " + SILENCE + ", was " + kind);
        }
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("until must be after from, was " + from + " .. " + until);
        }
    }
}
