package dev.itsm.rules;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code noise.yaml}'s {@code flapping}: when an alert that keeps changing state is marked flapping.
 *
 * <p>An alert is flapping when it changed state (firing to resolved or back) more than {@code changes} times within
 * the last {@code window}. It stops flapping after {@code quietPeriod} without a state change: the hysteresis keeps
 * an alert that calms down for a moment from toggling between flapping and not.
 *
 * @param changes     more than this many state changes within {@code window} mark an alert flapping; 0 = off
 * @param window      the sliding window the changes are counted in
 * @param quietPeriod how long without a state change clears a flapping alert
 */
public record Flapping(int changes, Duration window, Duration quietPeriod) implements Serializable {

    public Flapping {
        if (changes < 0) {
            throw new IllegalArgumentException("changes must be >= 0, was " + changes);
        }
        Objects.requireNonNull(window, "window must not be null");
        Objects.requireNonNull(quietPeriod, "quietPeriod must not be null");
    }

    /** Whether flapping detection is on ({@code changes > 0}). */
    public boolean enabled() {
        return changes > 0;
    }
}
