package dev.itsm.connectors.alerts;

import dev.itsm.core.model.Alert;
import dev.itsm.core.model.DeadLetter;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of parsing one payload: exactly one of a non-empty list of alerts or a dead letter.
 *
 * @param alerts   the alerts, in payload order; empty when rejected (never {@code null}, so a loop over it is safe)
 * @param rejected why the whole payload was refused, with its original bytes; {@code null} when parsed
 */
public record ParseResult(List<Alert> alerts, DeadLetter rejected) {

    public ParseResult {
        if (rejected == null) {
            Objects.requireNonNull(alerts, "alerts must not be null when nothing is rejected");
            if (alerts.isEmpty()) {
                throw new IllegalArgumentException("a parsed payload must yield at least one alert");
            }
            alerts = List.copyOf(alerts);
        } else {
            if (alerts != null && !alerts.isEmpty()) {
                throw new IllegalArgumentException("a rejected payload yields no alerts");
            }
            alerts = List.of();
        }
    }

    public static ParseResult ok(List<Alert> alerts) {
        return new ParseResult(alerts, null);
    }

    public static ParseResult rejected(DeadLetter rejected) {
        return new ParseResult(List.of(), Objects.requireNonNull(rejected, "rejected must not be null"));
    }

    public boolean isRejected() {
        return rejected != null;
    }
}
