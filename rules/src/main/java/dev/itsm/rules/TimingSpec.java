package dev.itsm.rules;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code timing.yaml}: the clocks of the incident job. Every value is a Prometheus duration and has a default.
 */
record TimingSpec(
        Duration reoccurrenceInterval,
        Duration resolveHold,
        Duration reopenWindow,
        Duration outOfOrderness,
        Duration allowedLateness,
        Duration closedAlertRetention) {

    static final String FILE = "timing.yaml";
    static final List<String> KEYS = List.of("reoccurrence-interval", "resolve-hold", "reopen-window",
            "out-of-orderness", "allowed-lateness", "closed-alert-retention");
    static final TimingSpec DEFAULTS = new TimingSpec(Duration.ofMinutes(5), Duration.ofMinutes(2),
            Duration.ofMinutes(30), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(1));

    static TimingSpec read(Section root) {
        var fields = root.mapping("a mapping of settings", KEYS);
        if (fields.isEmpty()) {
            return DEFAULTS;
        }
        Duration[] defaults = {DEFAULTS.reoccurrenceInterval, DEFAULTS.resolveHold, DEFAULTS.reopenWindow,
            DEFAULTS.outOfOrderness, DEFAULTS.allowedLateness, DEFAULTS.closedAlertRetention};
        Duration[] values = new Duration[KEYS.size()];
        boolean[] valid = new boolean[KEYS.size()];
        for (int i = 0; i < KEYS.size(); i++) {
            Optional<Section> section = fields.get().optional(KEYS.get(i));
            Optional<Duration> value = section.isEmpty()
                    ? Optional.of(defaults[i])
                    : section.get().scalar("a duration", Values::duration);
            values[i] = value.orElse(defaults[i]);
            valid[i] = value.isPresent();
        }
        var spec = new TimingSpec(values[0], values[1], values[2], values[3], values[4], values[5]);
        // at the retention when it is written, else where it would go
        Section retention = fields.get().optional("closed-alert-retention")
                .orElseGet(() -> root.child("closed-alert-retention"));
        if (valid[5] && valid[0] && spec.closedAlertRetention.compareTo(spec.reoccurrenceInterval) < 0) {
            retention.problem(Values.format(spec.closedAlertRetention) + " is shorter than reoccurrence-interval ("
                    + Values.format(spec.reoccurrenceInterval) + "); a resolved alert must be remembered at least "
                    + "as long as its return continues the same occurrence");
        }
        if (valid[5] && valid[4] && spec.closedAlertRetention.compareTo(spec.allowedLateness) < 0) {
            retention.problem(Values.format(spec.closedAlertRetention) + " is shorter than allowed-lateness ("
                    + Values.format(spec.allowedLateness) + "); a late update of a forgotten alert would open a new "
                    + "occurrence");
        }
        return spec;
    }
}
