package dev.itsm.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code noise.yaml}: flapping detection and inhibition, the two ways the incident job keeps noise from people.
 *
 * @param flapping     when an alert is marked flapping
 * @param inhibitRules in the order of the file
 */
record NoiseSpec(Flapping flapping, List<InhibitSpec> inhibitRules) {
    static final String FILE = "noise.yaml";
    static final List<String> KEYS = List.of("flapping", "inhibit");
    static final List<String> FLAPPING_KEYS = List.of("changes", "window", "quiet-period");
    static final Flapping DEFAULT_FLAPPING = new Flapping(4, Duration.ofMinutes(30), Duration.ofMinutes(15));

    private static final String TURN_OFF = "set changes: 0 to turn flapping detection off";

    /**
     * One inhibit rule, as Alertmanager's {@code inhibit_rules} has it.
     *
     * @param equal   labels whose values must be equal in source and target
     * @param comment free text, may be empty
     */
    record InhibitSpec(String id, List<LabelMatcher> sourceMatchers, List<LabelMatcher> targetMatchers,
                       List<String> equal, String comment) {
        static final List<String> KEYS = List.of("id", "source-matchers", "target-matchers", "equal", "comment");
    }

    static NoiseSpec read(Section root) {
        var fields = root.mapping("a mapping of settings", KEYS);
        Flapping flapping = fields.flatMap(f -> f.optional("flapping"))
                .map(NoiseSpec::flapping)
                .orElse(DEFAULT_FLAPPING);
        var rules = new ArrayList<InhibitSpec>();
        fields.flatMap(f -> f.optional("inhibit"))
                .flatMap(section -> section.list("a list of inhibit rules"))
                .ifPresent(items -> {
                    var ids = new HashMap<String, String>();
                    for (Section item : items) {
                        inhibitRule(item, ids).ifPresent(rules::add);
                    }
                });
        return new NoiseSpec(flapping, List.copyOf(rules));
    }

    private static Flapping flapping(Section section) {
        var fields = section.mapping("a mapping of flapping settings", FLAPPING_KEYS);
        if (fields.isEmpty()) {
            return DEFAULT_FLAPPING;
        }
        Optional<Integer> changes = fields.get().optional("changes")
                .map(s -> s.scalar("a number of state changes", text -> Values.wholeNumber(text, 0,
                        Integer.MAX_VALUE, "0 or more; 0 turns flapping detection off")))
                .orElse(Optional.of(DEFAULT_FLAPPING.changes()));
        Optional<Duration> window = duration(fields.get(), "window", DEFAULT_FLAPPING.window());
        Optional<Duration> quietPeriod = duration(fields.get(), "quiet-period", DEFAULT_FLAPPING.quietPeriod());
        if (changes.isEmpty() || window.isEmpty() || quietPeriod.isEmpty()) {
            return DEFAULT_FLAPPING;
        }
        if (changes.get() > 0 && window.get().isZero()) {
            fields.get().all().get("window").problem("is 0, so no state changes could be counted; give it a length ("
                    + TURN_OFF + ")");
        }
        if (changes.get() > 0 && quietPeriod.get().isZero()) {
            fields.get().all().get("quiet-period").problem("is 0, so a flapping alert would clear at once; give it a "
                    + "length (" + TURN_OFF + ")");
        }
        return new Flapping(changes.get(), window.get(), quietPeriod.get());
    }

    private static Optional<Duration> duration(Section.Fields fields, String key, Duration fallback) {
        return fields.optional(key)
                .map(s -> s.scalar("a duration", Values::duration))
                .orElse(Optional.of(fallback));
    }

    /** @param ids the ids so far, to the path of the rule that has it */
    private static Optional<InhibitSpec> inhibitRule(Section item, Map<String, String> ids) {
        var fields = item.mapping("an inhibit rule (a mapping with " + String.join(", ", InhibitSpec.KEYS) + ")",
                InhibitSpec.KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> id = fields.get().required("id", null).flatMap(section -> uniqueId(section, ids));
        Optional<List<LabelMatcher>> source = fields.get().required("source-matchers", null)
                .flatMap(section -> nonEmptyMatchers(section, "source"));
        Optional<List<LabelMatcher>> target = fields.get().required("target-matchers", null)
                .flatMap(section -> nonEmptyMatchers(section, "target"));
        Optional<List<String>> equal = fields.get().optional("equal")
                .map(Section::labelNames)
                .orElse(Optional.of(List.of()));
        Optional<String> comment = comment(fields.get());
        if (id.isEmpty() || source.isEmpty() || target.isEmpty() || equal.isEmpty() || comment.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new InhibitSpec(id.get(), source.get(), target.get(), equal.get(), comment.get()));
    }

    private static Optional<List<LabelMatcher>> nonEmptyMatchers(Section section, String side) {
        Optional<List<LabelMatcher>> matchers = section.matchers();
        if (matchers.isPresent() && matchers.get().isEmpty()) {
            section.problem("is an empty list; an inhibit rule needs at least one " + side + " matcher");
            return Optional.empty();
        }
        return matchers;
    }

    /**
     * An id that no earlier rule has; a repeated id is reported naming where it was first used.
     *
     * @param ids the ids so far, to the path of the rule that has it; this one is added
     */
    static Optional<String> uniqueId(Section section, Map<String, String> ids) {
        Optional<String> id = section.scalar("an id", Values::id);
        if (id.isEmpty()) {
            return id;
        }
        String owner = section.path().substring(0, section.path().lastIndexOf('.'));
        String first = ids.putIfAbsent(id.get(), owner);
        if (first != null) {
            section.problem("'" + id.get() + "' is already the id of " + first);
            return Optional.empty();
        }
        return id;
    }

    /** An optional {@code comment}: free text, empty when absent. */
    static Optional<String> comment(Section.Fields fields) {
        return fields.optional("comment")
                .map(s -> s.node() instanceof YamlNode.Empty ? Optional.of("") : s.text("a comment"))
                .orElse(Optional.of(""));
    }
}
