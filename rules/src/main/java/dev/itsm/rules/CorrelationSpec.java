package dev.itsm.rules;

import java.time.Duration;
import java.util.List;

/**
 * {@code correlation.yaml}: how alerts are grouped into incidents.
 *
 * @param groupBy             labels that, together with the configuration item, make the correlation key; empty =
 *                            by CI only
 * @param maxHops             how many CMDB relations apart two alerting CIs may be and still correlate; 0 = off
 * @param window              how close in time the active periods of two related alerts must come
 * @param regionBoundaryTypes CI types (lower case) that do not join correlation regions
 */
record CorrelationSpec(List<String> groupBy, int maxHops, Duration window, List<String> regionBoundaryTypes) {
    static final String FILE = "correlation.yaml";
    static final List<String> KEYS = List.of("group-by", "topology");
    static final List<String> TOPOLOGY_KEYS = List.of("max-hops", "window", "region-boundary-types");

    static final int DEFAULT_MAX_HOPS = 4;
    static final int MAX_HOPS_LIMIT = 8;
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    static final List<String> DEFAULT_REGION_BOUNDARY_TYPES = List.of("business_service");

    static CorrelationSpec read(Section root) {
        var fields = root.mapping("a mapping of settings", KEYS);
        List<String> groupBy = fields
                .flatMap(f -> f.optional("group-by"))
                .flatMap(Section::labelNames)
                .orElse(List.of());
        var topology = fields
                .flatMap(f -> f.optional("topology"))
                .flatMap(section -> section.mapping("a mapping of topology settings", TOPOLOGY_KEYS));
        int maxHops = topology
                .flatMap(f -> f.optional("max-hops"))
                .flatMap(section -> section.scalar("a number of hops", text -> Values.wholeNumber(text, 0,
                        MAX_HOPS_LIMIT, "0.." + MAX_HOPS_LIMIT + "; 0 turns topology correlation off")))
                .orElse(DEFAULT_MAX_HOPS);
        Duration window = topology
                .flatMap(f -> f.optional("window"))
                .flatMap(section -> section.scalar("a duration", Values::duration))
                .orElse(DEFAULT_WINDOW);
        List<String> boundaryTypes = topology
                .flatMap(f -> f.optional("region-boundary-types"))
                .flatMap(section -> section.distinct("a list of CI types", "a CI type", Values::ciType))
                .orElse(DEFAULT_REGION_BOUNDARY_TYPES);
        return new CorrelationSpec(groupBy, maxHops, window, boundaryTypes);
    }
}
