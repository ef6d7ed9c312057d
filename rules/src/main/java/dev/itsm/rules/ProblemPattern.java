package dev.itsm.rules;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One pattern of {@code problems.yaml}: when recurring incidents point at an ITIL problem. The problem job groups
 * incidents by pattern and {@linkplain #signature() signature} (the values of the signature fields in an incident)
 * and opens a problem when the pattern's {@linkplain #kind() kind} says the incidents of one signature recur.
 *
 * <p>A setting that the kind does not use is {@code 0} or {@link Duration#ZERO}. Immutable and {@link Serializable};
 * built only by {@link RulePackLoader}.
 */
public final class ProblemPattern implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Signature field: the incident's root-cause CI id. */
    public static final String ROOT_CAUSE_CI = "root_cause_ci";
    /** Signature field: the name of the incident's root-cause alert. */
    public static final String ALERT_NAME = "alert_name";
    /** Signature field: the incident's support group. */
    public static final String SUPPORT_GROUP = "support_group";
    /** Signature field: the incident's priority ({@code P1}..{@code P5}). */
    public static final String PRIORITY = "priority";
    /** Signature field prefix: {@code label:team} is the root-cause alert's label {@code team}. */
    public static final String LABEL_PREFIX = "label:";
    /** The implicit signature of a {@link Kind#SERVICE_IMPACT} pattern: one impacted business service. */
    public static final String SERVICE = "service";

    /** The signature fields a pack may name, besides {@code label:<name>}. */
    public static final List<String> SIGNATURE_FIELDS = List.of(ROOT_CAUSE_CI, ALERT_NAME, SUPPORT_GROUP, PRIORITY);

    /** What makes incidents of one signature a problem. */
    public enum Kind {
        /** At least {@code minIncidents} incidents opened within {@code window}. */
        RECURRENCE(List.of("signature", "min-incidents", "window")),
        /**
         * At least {@code minIncidents} incidents within {@code window} whose successive opening times are a regular
         * interval apart: each interval within {@code tolerance} of their median, the median at least an hour.
         */
        PERIODICITY(List.of("signature", "min-incidents", "window", "tolerance")),
        /** A business service impacted by at least {@code minIncidents} incidents within {@code window}. */
        SERVICE_IMPACT(List.of("min-incidents", "window")),
        /** An incident reopened at least {@code minReopens} times. */
        CHRONIC_FLAPPING(List.of("signature", "min-reopens"));

        private final List<String> keys;

        Kind(List<String> keys) {
            this.keys = keys;
        }

        /** How {@code problems.yaml} names the kind: {@code recurrence}, {@code service-impact}, ... */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The settings a pattern of this kind requires, besides {@code id} and {@code kind}; it takes no others. */
        List<String> keys() {
            return keys;
        }

        static Optional<Kind> ofYamlName(String text) {
            for (Kind kind : values()) {
                if (kind.yamlName().equals(text)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    private final String id;
    private final Kind kind;
    private final List<String> signature;
    private final int minIncidents;
    private final Duration window;
    private final Duration tolerance;
    private final int minReopens;

    ProblemPattern(String id, Kind kind, List<String> signature, int minIncidents, Duration window, Duration tolerance,
                   int minReopens) {
        this.id = Objects.requireNonNull(id, "id must not be null");
        this.kind = Objects.requireNonNull(kind, "kind must not be null");
        this.signature = List.copyOf(signature);
        this.minIncidents = minIncidents;
        this.window = Objects.requireNonNull(window, "window must not be null");
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance must not be null");
        this.minReopens = minReopens;
        if (this.signature.isEmpty()) {
            throw new IllegalArgumentException("pattern " + id + " needs a signature");
        }
    }

    /** Unique within the pack's patterns; the {@code rule.name} of the problems it opens. */
    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The fields whose values in an incident make its signature, in the order the pack lists them: names from
     * {@link #SIGNATURE_FIELDS} and {@code label:<name>}; {@code [service]} for {@link Kind#SERVICE_IMPACT}.
     */
    public List<String> signature() {
        return signature;
    }

    /** How many incidents make a problem; 0 for {@link Kind#CHRONIC_FLAPPING}. */
    public int minIncidents() {
        return minIncidents;
    }

    /** The span of opening times the incidents must fall in; zero for {@link Kind#CHRONIC_FLAPPING}. */
    public Duration window() {
        return window;
    }

    /** How far an interval may be from the median interval; zero except for {@link Kind#PERIODICITY}. */
    public Duration tolerance() {
        return tolerance;
    }

    /** How many reopens make an incident chronic; 0 except for {@link Kind#CHRONIC_FLAPPING}. */
    public int minReopens() {
        return minReopens;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProblemPattern other && id.equals(other.id) && kind == other.kind
                && signature.equals(other.signature) && minIncidents == other.minIncidents
                && window.equals(other.window) && tolerance.equals(other.tolerance) && minReopens == other.minReopens;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, kind, signature, minIncidents, window, tolerance, minReopens);
    }

    @Override
    public String toString() {
        return "ProblemPattern[" + id + ": " + kind.yamlName() + " of " + signature
                + (minIncidents > 0 ? ", " + minIncidents + " incidents in " + Values.format(window) : "")
                + (tolerance.isZero() ? "" : ", tolerance " + Values.format(tolerance))
                + (minReopens > 0 ? ", " + minReopens + " reopens" : "") + "]";
    }
}
