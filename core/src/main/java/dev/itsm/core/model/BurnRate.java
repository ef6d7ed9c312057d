package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One multi-window burn-rate check of an SLO (SRE workbook): it fires when the error budget burns faster than
 * {@code threshold} over both the long and the short window, e.g. 1h/5m at 14.4x.
 *
 * @param window            name, e.g. {@code "1h/5m"} ({@code window})
 * @param longWindowMillis  ({@code long_window_ms})
 * @param shortWindowMillis ({@code short_window_ms})
 * @param longRate          burn rate over the long window; 1.0 spends the budget exactly over the SLO window
 *                          ({@code long_rate})
 * @param shortRate         burn rate over the short window ({@code short_rate})
 * @param threshold         ({@code threshold})
 * @param firing            both rates at or above the threshold ({@code firing})
 * @param severity          the severity of the alert the check raises while it fires ({@code severity})
 */
public record BurnRate(
        @JsonProperty("window") String window,
        @JsonProperty("long_window_ms") long longWindowMillis,
        @JsonProperty("short_window_ms") long shortWindowMillis,
        @JsonProperty("long_rate") double longRate,
        @JsonProperty("short_rate") double shortRate,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("firing") boolean firing,
        @JsonProperty("severity") Severity severity) {

    public BurnRate {
        Checks.nonBlank(window, "BurnRate window");
        Checks.required(severity, "BurnRate severity");
        if (shortWindowMillis <= 0 || longWindowMillis <= shortWindowMillis) {
            throw new IllegalArgumentException("BurnRate " + window + " needs 0 < shortWindowMillis < longWindowMillis,"
                    + " was " + shortWindowMillis + " and " + longWindowMillis);
        }
    }
}
