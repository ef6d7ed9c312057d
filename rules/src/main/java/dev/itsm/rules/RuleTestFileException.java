package dev.itsm.rules;

import java.io.Serial;
import java.util.List;

/**
 * A rule test file that cannot be run, with every problem found in it, each {@code FILE: PATH: WHAT}, e.g.
 * {@code tests/outage.yaml: cases[0].alerts[1].at: '2 minutes' is not a duration (use e.g. 5m, 30s, 2h)}.
 */
public class RuleTestFileException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public RuleTestFileException(String file, List<String> problems) {
        super("rule test file " + file + " is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order of the file. */
    public List<String> problems() {
        return problems;
    }
}
