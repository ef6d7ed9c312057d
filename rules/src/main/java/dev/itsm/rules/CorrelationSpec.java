package dev.itsm.rules;

import java.util.List;

/**
 * {@code correlation.yaml}: how alerts are grouped into incidents.
 *
 * @param groupBy labels that, together with the configuration item, make the correlation key; empty = by CI only
 */
record CorrelationSpec(List<String> groupBy) {
    static final String FILE = "correlation.yaml";
    static final List<String> KEYS = List.of("group-by");

    static CorrelationSpec read(Section root) {
        List<String> groupBy = root.mapping("a mapping of settings", KEYS)
                .flatMap(fields -> fields.optional("group-by"))
                .flatMap(Section::labelNames)
                .orElse(List.of());
        return new CorrelationSpec(groupBy);
    }
}
