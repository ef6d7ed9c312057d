package dev.itsm.connectors.cmdb;

import java.util.List;

/**
 * A CMDB file that cannot be loaded. Lists every problem found, not just the first, each naming the file and the
 * JSON path (e.g. {@code cmdb.json: $.configuration_items[3].criticality: must be an integer from 1 ...}), so an
 * administrator fixes the export in one round.
 */
public class CmdbFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<String> problems;

    public CmdbFormatException(String source, List<String> problems) {
        super(message(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file (or other source name) that was read. */
    public String source() {
        return source;
    }

    /** Every problem, one line each. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        StringBuilder message = new StringBuilder("Invalid CMDB file ").append(source).append(": ")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
        problems.forEach(problem -> message.append("\n  ").append(problem));
        return message.toString();
    }
}
