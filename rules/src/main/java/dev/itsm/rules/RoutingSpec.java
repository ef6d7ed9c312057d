package dev.itsm.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code routing.yaml}: which support group an incident goes to.
 *
 * @param defaultSupportGroup when neither a rule nor the configuration item names one
 * @param routes              tried in order, the first that matches wins
 */
record RoutingSpec(String defaultSupportGroup, List<RouteSpec> routes) {
    static final String FILE = "routing.yaml";
    static final List<String> KEYS = List.of("default-support-group", "routes");
    static final String DEFAULT_SUPPORT_GROUP = "noc";

    /**
     * One routing rule; it matches when every condition it states holds (a rule without conditions matches all).
     *
     * @param id           names the rule; unique among the routes
     * @param matchers     label matchers, all must match
     * @param ciTypes      the CI's type must be one of these; empty = any (and no CI needed)
     * @param services     the CI's business service must be one of these; empty = any
     * @param supportGroup where a matching incident goes
     */
    record RouteSpec(String id, List<LabelMatcher> matchers, List<String> ciTypes, List<String> services,
                     String supportGroup) {
        static final List<String> KEYS = List.of("id", "matchers", "ci-type", "service", "support-group");

        boolean matchesEverything() {
            return matchers.isEmpty() && ciTypes.isEmpty() && services.isEmpty();
        }
    }

    static RoutingSpec read(Section root) {
        var fields = root.mapping("a mapping of settings", KEYS);
        if (fields.isEmpty()) {
            return new RoutingSpec(DEFAULT_SUPPORT_GROUP, List.of());
        }
        String defaultGroup = fields.get().optional("default-support-group")
                .flatMap(section -> section.text("a support group name"))
                .orElse(DEFAULT_SUPPORT_GROUP);
        var routes = new ArrayList<RouteSpec>();
        fields.get().optional("routes")
                .flatMap(section -> section.list("a list of routing rules"))
                .ifPresent(items -> {
                    var ids = new HashMap<String, String>();
                    Section catchAll = null;
                    for (Section item : items) {
                        if (catchAll != null) {
                            item.problem("is never reached: " + catchAll.path()
                                    + " has no conditions and matches every alert");
                        }
                        Optional<RouteSpec> route = route(item, ids);
                        route.ifPresent(routes::add);
                        if (catchAll == null && route.map(RouteSpec::matchesEverything).orElse(false)) {
                            catchAll = item;
                        }
                    }
                });
        return new RoutingSpec(defaultGroup, List.copyOf(routes));
    }

    /** @param ids the ids so far, to the path of the route that has it */
    private static Optional<RouteSpec> route(Section item, Map<String, String> ids) {
        var fields = item.mapping("a routing rule (a mapping with " + String.join(", ", RouteSpec.KEYS) + ")",
                RouteSpec.KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> id = fields.get().required("id", null).flatMap(section -> NoiseSpec.uniqueId(section, ids));
        Optional<List<LabelMatcher>> matchers = fields.get().optional("matchers")
                .map(Section::matchers)
                .orElse(Optional.of(List.of()));
        Optional<List<String>> ciTypes = oneOrMore(fields.get(), "ci-type", "a CI type");
        Optional<List<String>> services = oneOrMore(fields.get(), "service", "a service id");
        Optional<String> group = fields.get().required("support-group", null)
                .flatMap(section -> section.text("a support group name"));
        if (id.isEmpty() || matchers.isEmpty() || ciTypes.isEmpty() || services.isEmpty() || group.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RouteSpec(id.get(), matchers.get(), ciTypes.get(), services.get(), group.get()));
    }

    /** A value or a list of values; an absent key is the empty list, a problem is empty. */
    private static Optional<List<String>> oneOrMore(Section.Fields fields, String key, String expected) {
        Optional<Section> section = fields.optional(key);
        if (section.isEmpty()) {
            return Optional.of(List.of());
        }
        if (!(section.get().node() instanceof YamlNode.Sequence)) {
            return section.get().text(expected + " or a list of them").map(List::of);
        }
        var values = new ArrayList<String>();
        boolean ok = true;
        for (Section item : section.get().list("a list").orElseThrow()) {
            Optional<String> value = item.text(expected);
            value.ifPresent(values::add);
            ok &= value.isPresent();
        }
        if (ok && values.isEmpty()) {
            section.get().problem("is an empty list; leave the key out to match any " + key);
            ok = false;
        }
        return ok ? Optional.of(List.copyOf(values)) : Optional.empty();
    }
}
