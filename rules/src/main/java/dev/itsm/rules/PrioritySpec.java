package dev.itsm.rules;

import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Severity;
import dev.itsm.core.model.Urgency;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code priority.yaml}: the ITIL model, impact (from the CI's criticality) x urgency (from the alert's severity)
 * -> priority. The three tables are required and complete, and none may rank a milder case above a graver one
 * (a matrix cell above its neighbour towards higher impact or urgency is a typo, never a policy).
 *
 * @param urgencyBySeverity   every severity
 * @param impactByCriticality every criticality, index 0 = criticality 1
 * @param impactUnknownCi     impact of an alert whose configuration item is not in the CMDB
 * @param matrix              every impact, every urgency
 */
record PrioritySpec(
        Map<Severity, Urgency> urgencyBySeverity,
        List<Impact> impactByCriticality,
        Impact impactUnknownCi,
        Map<Impact, Map<Urgency, Priority>> matrix) {

    static final String FILE = "priority.yaml";
    static final List<String> KEYS =
            List.of("urgency-by-severity", "impact-by-criticality", "impact-unknown-ci", "matrix");
    static final Impact DEFAULT_IMPACT_UNKNOWN_CI = Impact.MEDIUM;

    private static final List<String> CRITICALITIES = List.of("1", "2", "3", "4", "5");
    private static final String MATRIX_CELLS = "the matrix needs all 9 impact x urgency cells";

    /** A value and where it was written. */
    private record Cell<T>(Section section, T value) {
        String written() {
            return ((YamlNode.Scalar) section.node()).text();
        }
    }

    /** Empty when the file has problems (they are reported). */
    static Optional<PrioritySpec> read(Section root) {
        var fields = root.mapping("a mapping of settings", KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        var urgency = fields.get().required("urgency-by-severity", null).flatMap(section -> table(section,
                "a mapping of severity to urgency", Severity.values(), "every severity needs an urgency",
                "an urgency", Values::urgency));
        urgency.ifPresent(table -> mustNotRise(List.copyOf(table.values()), "urgency must not rise as severity falls"));

        var impact = fields.get().required("impact-by-criticality", null).flatMap(section -> table(section,
                "a mapping of criticality (1..5) to impact", CRITICALITIES.toArray(String[]::new),
                "every criticality 1..5 needs an impact", "an impact", Values::impact));
        impact.ifPresent(table -> mustNotRise(List.copyOf(table.values()),
                "impact must not rise as criticality falls"));

        Optional<Impact> unknownCi = fields.get().optional("impact-unknown-ci")
                .map(section -> section.scalar("an impact", Values::impact))
                .orElse(Optional.of(DEFAULT_IMPACT_UNKNOWN_CI));

        var matrix = fields.get().required("matrix", MATRIX_CELLS).flatMap(PrioritySpec::matrix);

        if (urgency.isEmpty() || impact.isEmpty() || unknownCi.isEmpty() || matrix.isEmpty()) {
            return Optional.empty();
        }
        var urgencies = new EnumMap<Severity, Urgency>(Severity.class);
        urgency.get().forEach((severity, cell) -> urgencies.put(severity, cell.value()));
        List<Impact> impacts = impact.get().values().stream().map(Cell::value).toList();
        var cells = new EnumMap<Impact, Map<Urgency, Priority>>(Impact.class);
        matrix.get().forEach((row, byUrgency) -> {
            var priorities = new EnumMap<Urgency, Priority>(Urgency.class);
            byUrgency.forEach((column, cell) -> priorities.put(column, cell.value()));
            cells.put(row, priorities);
        });
        return Optional.of(new PrioritySpec(urgencies, impacts, unknownCi.get(), cells));
    }

    private static Optional<Map<Impact, Map<Urgency, Cell<Priority>>>> matrix(Section section) {
        var rows = section.mapping("a mapping of impact to a row of urgency: priority", keys(Impact.values()));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        var matrix = new EnumMap<Impact, Map<Urgency, Cell<Priority>>>(Impact.class);
        for (Impact impact : Impact.values()) {
            rows.get().required(key(impact), MATRIX_CELLS)
                    .flatMap(row -> table(row, "a mapping of urgency to priority", Urgency.values(),
                            MATRIX_CELLS, "a priority", Values::priority))
                    .ifPresent(row -> matrix.put(impact, row));
        }
        if (matrix.size() != Impact.values().length) {
            return Optional.empty();
        }
        // down a column the impact falls, along a row the urgency falls: neither may raise the priority
        for (Urgency urgency : Urgency.values()) {
            mustNotRise(Arrays.stream(Impact.values()).map(i -> matrix.get(i).get(urgency)).toList(),
                    "priority must not rise as impact falls");
        }
        for (Impact impact : Impact.values()) {
            mustNotRise(List.copyOf(matrix.get(impact).values()), "priority must not rise as urgency falls");
        }
        return Optional.of(matrix);
    }

    /**
     * A mapping that must hold every key, each with a valid value; empty unless complete and valid.
     *
     * @param keys the keys in their order of gravity, gravest first
     */
    private static <K, T> Optional<Map<K, Cell<T>>> table(Section section, String expected, K[] keys,
                                                          String why, String valueName,
                                                          Function<String, T> parse) {
        var names = Arrays.stream(keys).map(PrioritySpec::key).toList();
        var fields = section.mapping(expected, names);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        var values = new LinkedHashMap<K, Cell<T>>();
        for (K key : keys) {
            fields.get().required(key(key), why).ifPresent(cell ->
                    cell.scalar(valueName, parse).ifPresent(value -> values.put(key, new Cell<>(cell, value))));
        }
        return values.size() == keys.length ? Optional.of(values) : Optional.empty();
    }

    /**
     * Reports each cell that ranks above the one before it. The enums list their gravest constant first, so a
     * smaller ordinal ranks higher.
     */
    private static <T extends Enum<T>> void mustNotRise(List<Cell<T>> cells, String rule) {
        for (int i = 1; i < cells.size(); i++) {
            Cell<T> previous = cells.get(i - 1);
            Cell<T> current = cells.get(i);
            if (current.value().ordinal() < previous.value().ordinal()) {
                current.section().problem("'" + current.written() + "' ranks above '" + previous.written() + "' at "
                        + previous.section().path() + " (" + rule + ")");
            }
        }
    }

    private static String key(Object value) {
        return value.toString().toLowerCase(Locale.ROOT);
    }

    private static List<String> keys(Object[] values) {
        return Arrays.stream(values).map(PrioritySpec::key).toList();
    }
}
