package dev.itsm.rules;

import dev.itsm.core.model.Impact;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Severity;
import dev.itsm.core.model.Urgency;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A validated, compiled rule pack: what the incident job asks when it fingerprints, correlates, prioritises,
 * routes, and keeps noise away (flapping, inhibition, maintenance windows, silences), the problem job when it
 * finds problems in recurring incidents, the SLA clocks when they set an incident's targets, and the SLO functions when
 * they count a service's unavailable time against its objective. Obtained only from
 * {@link RulePackLoader}, so it is always valid.
 *
 * <p>Immutable, thread-safe and {@link Serializable}: Flink ships it inside the job's functions. Two packs are
 * {@linkplain #equals equal} when their {@link #lineage()} is, that is when they were read from the same name,
 * version and file contents.
 */
public final class RulePack implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The sources the adapters name ({@code Alert.source}); {@code fingerprint.yaml} may configure each. */
    public static final List<String> SOURCES = List.of("alertmanager", "grafana", "zabbix", "generic", "slo");

    private final String name;
    private final String version;
    private final String description;
    private final String lineage;

    private final Map<String, List<String>> identifyingLabels;
    private final List<String> groupBy;
    private final int maxHops;
    private final Duration correlationWindow;
    private final Set<String> regionBoundaryTypes;

    private final Urgency[] urgencyBySeverity; // by Severity ordinal
    private final Impact[] impactByCriticality; // index criticality - 1
    private final Impact impactUnknownCi;
    private final Priority[][] matrix; // [Impact ordinal][Urgency ordinal]

    private final List<Route> routes;
    private final String defaultSupportGroup;

    private final Duration reoccurrenceInterval;
    private final Duration resolveHold;
    private final Duration reopenWindow;
    private final Duration outOfOrderness;
    private final Duration allowedLateness;
    private final Duration closedAlertRetention;

    private final long maxPayloadBytes;
    private final Severity defaultSeverity;
    private final Map<String, Severity> severityAliases;

    private final Flapping flapping;
    private final List<InhibitRule> inhibitRules;

    private final List<SuppressionRule> suppressions; // maintenance windows, then silences, in file order

    private final List<ProblemPattern> problemPatterns;
    private final Duration problemQuietPeriod;
    private final List<KnownError> knownErrors;

    private final List<SlaPolicy> slaPolicies;
    private final Set<IncidentStatus> slaPauseStatuses;
    private final List<Integer> slaWarnings;

    private final List<SloDefinition> slos;
    private final Map<String, SloDefinition> slosByService;
    private final List<BurnRateRule> burnRateRules;

    /** Compiles validated specs (the loader's second step). */
    RulePack(PackSpec pack, FingerprintSpec fingerprint, CorrelationSpec correlation, PrioritySpec priority,
             RoutingSpec routing, TimingSpec timing, IngestSpec ingest, NoiseSpec noise, MaintenanceSpec maintenance,
             ProblemsSpec problems, SlaSpec sla, SloSpec slo, String lineage) {
        this.name = pack.name();
        this.version = pack.version();
        this.description = pack.description();
        this.lineage = lineage;

        this.identifyingLabels = Map.copyOf(fingerprint.identifyingLabels());
        this.groupBy = List.copyOf(correlation.groupBy());
        this.maxHops = correlation.maxHops();
        this.correlationWindow = correlation.window();
        this.regionBoundaryTypes = Set.copyOf(correlation.regionBoundaryTypes());

        this.urgencyBySeverity = new Urgency[Severity.values().length];
        priority.urgencyBySeverity().forEach((severity, urgency) -> urgencyBySeverity[severity.ordinal()] = urgency);
        this.impactByCriticality = priority.impactByCriticality().toArray(Impact[]::new);
        this.impactUnknownCi = priority.impactUnknownCi();
        this.matrix = new Priority[Impact.values().length][Urgency.values().length];
        priority.matrix().forEach((impact, row) ->
                row.forEach((urgency, cell) -> matrix[impact.ordinal()][urgency.ordinal()] = cell));

        this.routes = routing.routes().stream()
                .map(r -> new Route(r.id(), r.matchers(), Set.copyOf(r.ciTypes()), Set.copyOf(r.services()),
                        r.supportGroup()))
                .toList();
        this.defaultSupportGroup = routing.defaultSupportGroup();

        this.reoccurrenceInterval = timing.reoccurrenceInterval();
        this.resolveHold = timing.resolveHold();
        this.reopenWindow = timing.reopenWindow();
        this.outOfOrderness = timing.outOfOrderness();
        this.allowedLateness = timing.allowedLateness();
        this.closedAlertRetention = timing.closedAlertRetention();

        this.maxPayloadBytes = ingest.maxPayloadBytes();
        this.defaultSeverity = ingest.defaultSeverity();
        this.severityAliases = Map.copyOf(ingest.severityAliases());

        this.flapping = noise.flapping();
        this.inhibitRules = noise.inhibitRules().stream()
                .map(r -> new InhibitRule(r.id(), r.sourceMatchers(), r.targetMatchers(), r.equal(), r.comment()))
                .toList();

        var rules = new ArrayList<SuppressionRule>();
        maintenance.windows().forEach(window -> rules.add(SuppressionRule.of(window)));
        maintenance.silences().forEach(silence -> rules.add(SuppressionRule.of(silence)));
        this.suppressions = List.copyOf(rules);

        this.problemPatterns = List.copyOf(problems.patterns());
        this.problemQuietPeriod = problems.quietPeriod();
        this.knownErrors = List.copyOf(problems.knownErrors());

        this.slaPolicies = List.copyOf(sla.policies());
        this.slaPauseStatuses = sla.pauseOn();
        this.slaWarnings = List.copyOf(sla.warnings());

        this.slos = List.copyOf(slo.slos());
        var byService = new java.util.HashMap<String, SloDefinition>();
        slo.slos().forEach(definition -> byService.putIfAbsent(definition.service(), definition));
        this.slosByService = Map.copyOf(byService);
        this.burnRateRules = List.copyOf(slo.burnRateRules());
    }

    /** The pack's name, e.g. {@code default}. */
    public String name() {
        return name;
    }

    /** The version its authors gave it, e.g. {@code 2026.11.1}. */
    public String version() {
        return version;
    }

    /** Free text from {@code pack.yaml}; may be empty. */
    public String description() {
        return description;
    }

    /**
     * {@code name@version#hash}, e.g. {@code default@2026.11.1#3f2a9c01b7de}: the hash is the first 12 hex digits
     * of a SHA-256 over the pack's files (see {@link RulePackLoader}), so an edit without a version bump still shows.
     * Every incident records it as its rule-pack version.
     */
    public String lineage() {
        return lineage;
    }

    /**
     * The labels whose values identify an alert of this source (its fingerprint). An empty list means all labels,
     * as Alertmanager does. A source the pack does not know (or {@code null}) gets the pack's default list.
     */
    public List<String> identifyingLabels(String source) {
        List<String> labels = source == null ? null : identifyingLabels.get(source);
        return labels != null ? labels : identifyingLabels.get(FingerprintSpec.DEFAULT);
    }

    /** The labels that, with the configuration item, make the correlation key; empty = by configuration item only. */
    public List<String> groupBy() {
        return groupBy;
    }

    /**
     * How many CMDB relations apart two alerting configuration items may be and still have their alerts join one
     * incident (through topology correlation); 0 = topology correlation is off.
     */
    public int maxHops() {
        return maxHops;
    }

    /**
     * How close in time two topologically related alerts must be: their active periods (firing until resolved)
     * must come within this of each other.
     */
    public Duration correlationWindow() {
        return correlationWindow;
    }

    /**
     * CI types, in lower case, that do not join correlation regions: a region is a connected part of the topology
     * without CIs of these types. Compare a CI's type lower-cased.
     */
    public Set<String> regionBoundaryTypes() {
        return regionBoundaryTypes;
    }

    public Urgency urgency(Severity severity) {
        return urgencyBySeverity[Objects.requireNonNull(severity, "severity must not be null").ordinal()];
    }

    /**
     * The impact of an alert on a configuration item of this criticality.
     *
     * @param criticality 1 (most critical) .. 5, as {@code ConfigItem.criticality}
     * @throws IllegalArgumentException outside 1..5
     */
    public Impact impact(int criticality) {
        if (criticality < 1 || criticality > impactByCriticality.length) {
            throw new IllegalArgumentException("criticality must be 1..5, was " + criticality);
        }
        return impactByCriticality[criticality - 1];
    }

    /** The impact of an alert whose configuration item is unknown (not found in the CMDB). */
    public Impact impactUnknownCi() {
        return impactUnknownCi;
    }

    /** The ITIL matrix cell. */
    public Priority priority(Impact impact, Urgency urgency) {
        Objects.requireNonNull(impact, "impact must not be null");
        Objects.requireNonNull(urgency, "urgency must not be null");
        return matrix[impact.ordinal()][urgency.ordinal()];
    }

    /**
     * The support group of the first routing rule that matches, in the order {@code routing.yaml} lists them.
     *
     * @param labels    the alert's labels; an absent label has the empty value
     * @param ciType    the configuration item's type, {@code null} when the CI is unknown (a rule naming a CI type
     *                  then does not match)
     * @param serviceId the CI's business service, {@code null} when unknown
     * @return empty when no rule matches
     */
    public Optional<String> route(Map<String, String> labels, String ciType, String serviceId) {
        Objects.requireNonNull(labels, "labels must not be null");
        for (Route route : routes) {
            if (route.matches(labels, ciType, serviceId)) {
                return Optional.of(route.supportGroup);
            }
        }
        return Optional.empty();
    }

    /**
     * Where an incident goes: the first matching routing rule, else the configuration item's own support group,
     * else {@link #defaultSupportGroup()}. Rules come first so that a pack can redirect what the CMDB assigns.
     *
     * @param ciSupportGroup the CI's support group; {@code null} or blank when the CI is unknown or has none
     */
    public String supportGroup(Map<String, String> labels, String ciType, String serviceId, String ciSupportGroup) {
        return route(labels, ciType, serviceId)
                .orElse(ciSupportGroup != null && !ciSupportGroup.isBlank() ? ciSupportGroup : defaultSupportGroup);
    }

    /** The support group when neither a rule nor the configuration item names one. */
    public String defaultSupportGroup() {
        return defaultSupportGroup;
    }

    /** A fingerprint firing again this long or longer after it resolved starts a new occurrence. */
    public Duration reoccurrenceInterval() {
        return reoccurrenceInterval;
    }

    /** An incident resolves this long after the last of its alerts resolved (unless one fires again). */
    public Duration resolveHold() {
        return resolveHold;
    }

    /** An alert of a resolved incident that returns within this reopens the incident instead of opening a new one. */
    public Duration reopenWindow() {
        return reopenWindow;
    }

    /** The watermark's bound: how far behind the newest event time an event may arrive and still be in order. */
    public Duration outOfOrderness() {
        return outOfOrderness;
    }

    /** An event later than the watermark by more than this goes to the late side output. */
    public Duration allowedLateness() {
        return allowedLateness;
    }

    /** How long the state of a resolved alert is kept before it is cleared. */
    public Duration closedAlertRetention() {
        return closedAlertRetention;
    }

    /** Payloads larger than this many bytes are rejected to the dead-letter topic. */
    public long maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** The severity of an alert that carries none, or a word neither the pack nor the built-in list knows. */
    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** The pack's own severity words (normalised: lower case, {@code -} and spaces as {@code _}). */
    public Map<String, Severity> severityAliases() {
        return severityAliases;
    }

    /**
     * The severity a source's word means: the pack's aliases first, then {@link Severity#parse}'s built-in words.
     * Case, surrounding blanks and {@code -}/space vs {@code _} do not count.
     *
     * @return empty for {@code null}, blank or unknown words
     */
    public Optional<Severity> severity(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        Severity alias = severityAliases.get(Values.severityWord(raw));
        return alias != null ? Optional.of(alias) : Severity.parse(raw);
    }

    /** {@link #severity(String)}, or {@link #defaultSeverity()} when that is empty. */
    public Severity severityOrDefault(String raw) {
        return severity(raw).orElse(defaultSeverity);
    }

    /** When an alert counts as flapping. */
    public Flapping flapping() {
        return flapping;
    }

    /** The inhibit rules, in the order of {@code noise.yaml}; empty when there are none. */
    public List<InhibitRule> inhibitRules() {
        return inhibitRules;
    }

    /** Whether the pack has any maintenance window or silence; when not, {@link #suppression} is always empty. */
    public boolean hasSuppressions() {
        return !suppressions.isEmpty();
    }

    /**
     * The maintenance window or silence that suppresses an alert at this instant, if any.
     *
     * <p>A maintenance window covers the alert when (its CI is listed in {@code cis}, or one of its business
     * services in {@code services}, or the window lists neither) and all of the window's matchers match; a silence
     * when all its matchers match. It is in force from the start of an occurrence (inclusive) to its end
     * (exclusive). When several cover the alert, the one whose current occurrence ends latest wins (on a tie, the
     * first in the file, maintenance windows before silences).
     *
     * @param at       the event time to evaluate at
     * @param ciId     the alert's configuration item; {@code null} when unknown (a window listing CIs then does not
     *                 cover it by CI)
     * @param services the business service ids of the CI; {@code null} or empty when unknown
     * @param labels   the alert's labels; an absent label has the empty value
     * @return empty when nothing suppresses the alert; always empty, without work, when the pack has no windows
     */
    public Optional<Suppression> suppression(Instant at, String ciId, Collection<String> services,
                                             Map<String, String> labels) {
        if (suppressions.isEmpty()) {
            return Optional.empty();
        }
        Objects.requireNonNull(at, "at must not be null");
        Objects.requireNonNull(labels, "labels must not be null");
        Suppression latest = null;
        for (SuppressionRule rule : suppressions) {
            if (rule.covers(ciId, services, labels)) {
                Optional<Suppression> active = rule.activeAt(at);
                if (active.isPresent() && (latest == null || active.get().until().isAfter(latest.until()))) {
                    latest = active.get();
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    /**
     * The patterns by which the problem job finds ITIL problems in recurring incidents, in the order of
     * {@code problems.yaml}; empty when the pack turns problem detection off.
     */
    public List<ProblemPattern> problemPatterns() {
        return problemPatterns;
    }

    /**
     * A problem resolves when no incident matched it for this long (a later match reopens it, same id), and a
     * resolved problem is forgotten after as long again.
     */
    public Duration problemQuietPeriod() {
        return problemQuietPeriod;
    }

    /** The known errors of {@code problems.yaml}, in its order. */
    public List<KnownError> knownErrors() {
        return knownErrors;
    }

    /**
     * The SLA policy of an incident: the first policy of {@code sla.yaml} that matches it. There always is one: the
     * pack is refused when a priority is not covered whatever the services and support group.
     *
     * @param services     the business service CI ids the incident impacts; {@code null} or empty when none is
     *                     known (a policy naming services then does not match)
     * @param supportGroup the incident's support group; {@code null} when it has none (a policy naming support
     *                     groups then does not match)
     */
    public SlaPolicy slaPolicy(Priority priority, Collection<String> services, String supportGroup) {
        Objects.requireNonNull(priority, "priority must not be null");
        for (SlaPolicy policy : slaPolicies) {
            if (policy.matches(priority, services, supportGroup)) {
                return policy;
            }
        }
        throw new IllegalStateException("no SLA policy matches " + priority + ", which validation rules out");
    }

    /** The SLA policies, in the order of {@code sla.yaml} (the order {@link #slaPolicy} tries them). */
    public List<SlaPolicy> slaPolicies() {
        return slaPolicies;
    }

    /**
     * The percentages of a target (response or resolution) at which the SLA clocks warn that it will be breached,
     * ascending, each 1..99; empty when it does not warn.
     */
    public List<Integer> slaWarnings() {
        return slaWarnings;
    }

    /** The incident statuses during which the SLA clocks pause; immutable, may be empty. */
    public Set<IncidentStatus> slaPauseStatuses() {
        return slaPauseStatuses;
    }

    /** The SLOs of {@code slo.yaml}, in its order (a {@code "*"} SLO last); empty when the pack has none. */
    public List<SloDefinition> slos() {
        return slos;
    }

    /**
     * The SLO of a business service: its own, else the {@code "*"} SLO, else none.
     *
     * @param service a business service CI id; {@code null} has none
     */
    public Optional<SloDefinition> sloFor(String service) {
        if (service == null) {
            return Optional.empty();
        }
        SloDefinition own = slosByService.get(service);
        return Optional.ofNullable(own != null ? own : slosByService.get(SloDefinition.ANY_SERVICE));
    }

    /** The multi-window burn-rate alerts of {@code slo.yaml}, in its order; the same for every SLO. */
    public List<BurnRateRule> burnRateRules() {
        return burnRateRules;
    }

    /**
     * The ids of the pack's rules by kind, every kind present, each in the order of its file; a kind the pack leaves
     * to its defaults (problem patterns, SLA policies, SLOs, burn-rate alerts) has the defaults' ids.
     */
    public Map<RuleKind, List<String>> ruleIds() {
        var ids = new EnumMap<RuleKind, List<String>>(RuleKind.class);
        ids.put(RuleKind.ROUTE, routes.stream().map(route -> route.id).toList());
        ids.put(RuleKind.INHIBIT_RULE, inhibitRules.stream().map(InhibitRule::id).toList());
        ids.put(RuleKind.MAINTENANCE_WINDOW, suppressionIds(Suppression.MAINTENANCE));
        ids.put(RuleKind.SILENCE, suppressionIds(Suppression.SILENCE));
        ids.put(RuleKind.PROBLEM_PATTERN, problemPatterns.stream().map(ProblemPattern::id).toList());
        ids.put(RuleKind.KNOWN_ERROR, knownErrors.stream().map(KnownError::id).toList());
        ids.put(RuleKind.SLA_POLICY, slaPolicies.stream().map(SlaPolicy::id).toList());
        ids.put(RuleKind.SLO, slos.stream().map(SloDefinition::id).toList());
        ids.put(RuleKind.BURN_RATE_ALERT, burnRateRules.stream().map(BurnRateRule::id).toList());
        return Collections.unmodifiableMap(ids);
    }

    private List<String> suppressionIds(String kind) {
        return suppressions.stream().filter(rule -> rule.kind().equals(kind)).map(SuppressionRule::id).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RulePack other && lineage.equals(other.lineage);
    }

    @Override
    public int hashCode() {
        return lineage.hashCode();
    }

    @Override
    public String toString() {
        return "RulePack[" + lineage + "]";
    }

    /** A compiled routing rule. */
    private static final class Route implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        private final String id;
        private final List<LabelMatcher> matchers;
        private final Set<String> ciTypes;
        private final Set<String> services;
        private final String supportGroup;

        Route(String id, List<LabelMatcher> matchers, Set<String> ciTypes, Set<String> services, String supportGroup) {
            this.id = id;
            this.matchers = List.copyOf(matchers);
            this.ciTypes = ciTypes;
            this.services = services;
            this.supportGroup = supportGroup;
        }

        boolean matches(Map<String, String> labels, String ciType, String serviceId) {
            if (!ciTypes.isEmpty() && (ciType == null || !ciTypes.contains(ciType))) {
                return false;
            }
            if (!services.isEmpty() && (serviceId == null || !services.contains(serviceId))) {
                return false;
            }
            for (LabelMatcher matcher : matchers) {
                if (!matcher.matches(labels)) {
                    return false;
                }
            }
            return true;
        }
    }
}
