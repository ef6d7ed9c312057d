package dev.itsm.rules;

import java.io.Serial;
import java.util.List;
import java.util.Objects;

/**
 * A rule pack that cannot be used, with every problem found in it. Each problem reads {@code FILE:LINE: PATH: WHAT},
 * e.g. {@code priority.yaml:15: matrix.high.low: 'P7' is not a priority (P1..P5)}: the line is that of the offending
 * value (of the key, for an unknown or duplicate key; of the mapping that lacks it, for a missing key) and 0 for a
 * file as a whole (missing, or not a rule file); a problem of a whole file has no {@code PATH}. The message lists
 * them all:
 *
 * <pre>
 * rule pack 'default' is invalid:
 *   - priority.yaml:15: matrix.high.low: 'P7' is not a priority (P1..P5)
 *   - timing.yaml:2: resolve-hold: '5 minutes' is not a duration (use e.g. 5m, 30s, 2h)
 * </pre>
 */
public class RuleValidationException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String packName;
    private final List<String> problems;

    public RuleValidationException(String packName, List<String> problems) {
        super(message(packName, problems));
        this.packName = packName;
        this.problems = List.copyOf(problems);
    }

    private static String message(String packName, List<String> problems) {
        Objects.requireNonNull(packName, "packName must not be null");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one problem");
        }
        return "rule pack '" + packName + "' is invalid:\n  - " + String.join("\n  - ", problems);
    }

    /** The pack's name from {@code pack.yaml}, or where it was loaded from when that is unreadable. */
    public String packName() {
        return packName;
    }

    /** Every problem, in the order of the pack's files and, within a file, of its settings. */
    public List<String> problems() {
        return problems;
    }
}
