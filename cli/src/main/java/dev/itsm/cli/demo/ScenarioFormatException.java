package dev.itsm.cli.demo;

import java.util.List;

/** A scenario file with bad lines: every problem, each naming the file and the line number. */
public class ScenarioFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ScenarioFormatException(String source, List<String> problems) {
        super(message(source, problems));
        this.problems = List.copyOf(problems);
    }

    /** One line each, e.g. {@code scenario.jsonl line 7: 'at' must be ...}. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        StringBuilder message = new StringBuilder("Invalid scenario ").append(source).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        problems.forEach(problem -> message.append("\n  ").append(problem));
        return message.toString();
    }
}
