package dev.itsm.rules;

import dev.itsm.core.model.Severity;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * One multi-window burn-rate alert of {@code slo.yaml} (the SRE workbook's multiwindow, multi-burn-rate alerts): it
 * fires when the error budget burns at {@code factor} times the sustainable rate or faster over both the long and
 * the short window, and clears when either drops below.
 *
 * @param id          names the alert; unique among the pack's burn-rate alerts
 * @param longWindow  the long window, a whole number of slices of every SLO
 * @param shortWindow the short window, shorter than the long one, a whole number of slices of every SLO
 * @param factor      the burn rate at which it fires, &gt; 0 (1 spends the budget exactly over the SLO window)
 * @param severity    the severity of the alert it raises
 */
public record BurnRateRule(String id, Duration longWindow, Duration shortWindow, double factor, Severity severity)
        implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    public BurnRateRule {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(longWindow, "longWindow must not be null");
        Objects.requireNonNull(shortWindow, "shortWindow must not be null");
        Objects.requireNonNull(severity, "severity must not be null");
        if (shortWindow.toMillis() <= 0 || longWindow.compareTo(shortWindow) <= 0 || !(factor > 0)) {
            throw new IllegalArgumentException("a burn-rate alert needs 0 < short < long and factor > 0");
        }
    }

    /** {@code long/short} in Prometheus form, e.g. {@code 1h/5m}: the window label of its alert and gauges. */
    public String name() {
        return Values.format(longWindow) + "/" + Values.format(shortWindow);
    }
}
