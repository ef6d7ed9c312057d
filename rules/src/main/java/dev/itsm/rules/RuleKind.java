package dev.itsm.rules;

/**
 * The kinds of rule a pack lists, each rule with an id unique among its kind: what {@link RulePack#ruleIds()}
 * returns and {@code itsm rules check} counts.
 */
public enum RuleKind {
    ROUTE(RoutingSpec.FILE, "routes", "route", "routes"),
    INHIBIT_RULE(NoiseSpec.FILE, "inhibit", "inhibit rule", "inhibit rules"),
    MAINTENANCE_WINDOW(MaintenanceSpec.FILE, "maintenance-windows", "maintenance window", "maintenance windows"),
    SILENCE(MaintenanceSpec.FILE, "silences", "silence", "silences"),
    PROBLEM_PATTERN(ProblemsSpec.FILE, "patterns", "problem pattern", "problem patterns"),
    KNOWN_ERROR(ProblemsSpec.FILE, "known-errors", "known error", "known errors"),
    SLA_POLICY(SlaSpec.FILE, "policies", "SLA policy", "SLA policies"),
    SLO(SloSpec.FILE, "slos", "SLO", "SLOs"),
    BURN_RATE_ALERT(SloSpec.FILE, "burn-rate-alerts", "burn-rate alert", "burn-rate alerts");

    private final String file;
    private final String key;
    private final String singular;
    private final String plural;

    RuleKind(String file, String key, String singular, String plural) {
        this.file = file;
        this.key = key;
        this.singular = singular;
        this.plural = plural;
    }

    /** The file that lists the rules of this kind, e.g. {@code routing.yaml}. */
    public String file() {
        return file;
    }

    /** The key of the list in {@link #file()}, e.g. {@code routes}. */
    public String key() {
        return key;
    }

    /** {@code 1 route}, {@code 3 routes}, {@code 0 SLA policies}. */
    public String count(int rules) {
        return rules + " " + (rules == 1 ? singular : plural);
    }
}
