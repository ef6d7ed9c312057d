package dev.itsm.connectors.alerts;

import dev.itsm.core.model.Severity;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link AlertParser} needs from the rule pack. Immutable and serializable (it is shipped with the Flink
 * operator that parses).
 *
 * @param maxPayloadBytes           larger payloads are rejected before any parsing ({@code too_large})
 * @param defaultSeverity           for alerts whose severity is absent or a word nobody knows
 * @param severityWords             the rule pack's words, consulted before {@link Severity#parse}
 * @param identifyingLabelsBySource source ({@link AlertFormat#id()}) to the label names its fingerprint is computed
 *                                  over; a missing or empty list means all labels
 */
public record ParserSettings(long maxPayloadBytes, Severity defaultSeverity, SeverityWords severityWords,
                             Map<String, List<String>> identifyingLabelsBySource) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** 1 MiB: far above any real webhook (Alertmanager sends a few KiB per alert), far below Kafka's limits. */
    public static final long DEFAULT_MAX_PAYLOAD_BYTES = 1_048_576L;

    public ParserSettings {
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be > 0, was " + maxPayloadBytes);
        }
        Objects.requireNonNull(defaultSeverity, "defaultSeverity must not be null");
        Objects.requireNonNull(severityWords, "severityWords must not be null");
        var copy = new LinkedHashMap<String, List<String>>();
        if (identifyingLabelsBySource != null) {
            identifyingLabelsBySource.forEach((source, names) -> {
                Objects.requireNonNull(source, "identifyingLabelsBySource must not contain a null source");
                copy.put(source, names == null ? List.of() : List.copyOf(names));
            });
        }
        identifyingLabelsBySource = Map.copyOf(copy);
    }

    /** 1 MiB, {@link Severity#WARNING} by default, no extra words, every label identifying. */
    public static ParserSettings defaults() {
        return new ParserSettings(DEFAULT_MAX_PAYLOAD_BYTES, Severity.WARNING, SeverityWords.none(), Map.of());
    }

    /** The identifying label names of a source; empty means all labels. */
    public List<String> identifyingLabels(String source) {
        return identifyingLabelsBySource.getOrDefault(source, List.of());
    }
}
