package dev.itsm.rules;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One rule of {@code noise.yaml}'s {@code inhibit}, with Alertmanager's semantics: while a <em>source</em> alert
 * (matching all {@link #sourceMatchers()}) fires, a <em>target</em> alert (matching all {@link #targetMatchers()})
 * with the same values of the {@link #equal()} labels is inhibited. An absent label has the empty value, in the
 * matchers and in {@code equal}.
 *
 * <p>Immutable and {@link Serializable}; built only by {@link RulePackLoader}.
 */
public final class InhibitRule implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String id;
    private final List<LabelMatcher> sourceMatchers;
    private final List<LabelMatcher> targetMatchers;
    private final List<String> equal;
    private final String comment;

    InhibitRule(String id, List<LabelMatcher> sourceMatchers, List<LabelMatcher> targetMatchers, List<String> equal,
                String comment) {
        this.id = Objects.requireNonNull(id, "id must not be null");
        this.sourceMatchers = List.copyOf(sourceMatchers);
        this.targetMatchers = List.copyOf(targetMatchers);
        this.equal = List.copyOf(equal);
        this.comment = Objects.requireNonNull(comment, "comment must not be null");
    }

    /** Unique within the pack's inhibit rules. */
    public String id() {
        return id;
    }

    public List<LabelMatcher> sourceMatchers() {
        return sourceMatchers;
    }

    public List<LabelMatcher> targetMatchers() {
        return targetMatchers;
    }

    /** Labels whose values must be the same in source and target. */
    public List<String> equal() {
        return equal;
    }

    /** Free text; may be empty. */
    public String comment() {
        return comment;
    }

    /** Whether an alert with these labels can inhibit others: all source matchers match. */
    public boolean matchesSource(Map<String, String> labels) {
        return all(sourceMatchers, labels);
    }

    /** Whether an alert with these labels can be inhibited: all target matchers match. */
    public boolean matchesTarget(Map<String, String> labels) {
        return all(targetMatchers, labels);
    }

    /**
     * Whether an alert with {@code sourceLabels} inhibits one with {@code targetLabels}: the source matches the
     * source matchers, the target the target matchers, and every {@link #equal()} label has the same value in both
     * (absent = empty). As in Alertmanager, when the target also matches the source matchers, a source that also
     * matches the target matchers does not inhibit it: two alerts that each match both sides would otherwise
     * silence each other and nobody would hear of either.
     *
     * <p>Only labels are compared: the caller makes sure the two are different alerts (an alert does not inhibit
     * itself) and that the source is firing.
     */
    public boolean inhibits(Map<String, String> sourceLabels, Map<String, String> targetLabels) {
        Objects.requireNonNull(sourceLabels, "sourceLabels must not be null");
        Objects.requireNonNull(targetLabels, "targetLabels must not be null");
        if (!matchesTarget(targetLabels) || !matchesSource(sourceLabels)) {
            return false;
        }
        for (String label : equal) {
            if (!value(sourceLabels, label).equals(value(targetLabels, label))) {
                return false;
            }
        }
        return !(matchesSource(targetLabels) && matchesTarget(sourceLabels));
    }

    private static boolean all(List<LabelMatcher> matchers, Map<String, String> labels) {
        Objects.requireNonNull(labels, "labels must not be null");
        for (LabelMatcher matcher : matchers) {
            if (!matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    private static String value(Map<String, String> labels, String label) {
        String value = labels.get(label);
        return value == null ? "" : value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InhibitRule other && id.equals(other.id) && sourceMatchers.equals(other.sourceMatchers)
                && targetMatchers.equals(other.targetMatchers) && equal.equals(other.equal)
                && comment.equals(other.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, sourceMatchers, targetMatchers, equal, comment);
    }

    @Override
    public String toString() {
        return "InhibitRule[" + id + ": " + sourceMatchers + " inhibits " + targetMatchers + " equal " + equal + "]";
    }
}
