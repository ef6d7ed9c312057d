package dev.itsm.jobs.incident;

import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.id.Ids;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.AlertRole;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAlert;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Severity;
import dev.itsm.core.model.Urgency;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.rules.InhibitRule;
import dev.itsm.rules.RulePack;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The incidents of one correlation key (a topology region, or the identifier an unknown CI carried): which alerts
 * belong together, what caused them, how urgent they are, and when they are over. All decisions use event time.
 *
 * <p><b>Correlation.</b> A new firing alert joins an incident that already has an alert on the same CI. Otherwise
 * it joins the incidents with an alert on a <em>related</em> CI (one depends on the other within the pack's
 * {@code max-hops}) whose active period overlaps the new alert's or ended no more than the pack's correlation
 * {@code window} before it started.
 * When it is related to several incidents, they merge into the oldest: the others are closed, labelled
 * {@code merged_into}, and their alerts move. When it is related to none, it opens a new incident. In a key that is
 * not a topology region (an unknown CI, or {@code max-hops: 0}), every alert joins the key's incident.
 *
 * <p><b>Root cause.</b> Among the incident's CIs, those that depend on no other of its CIs are candidates; the one
 * that most others depend on wins, then the one whose alert started first, then the most severe. Its alerts are the
 * root cause, the alerts of CIs that depend on it are symptoms, the rest are members. The root-cause alert names
 * the incident and its CI decides the support group (a routing rule first); a more upstream CI that starts alerting
 * later re-roots the incident. Impact comes from the most critical CI or impacted business service, and never falls
 * while the incident lives; urgency from the most severe alert still firing.
 *
 * <p><b>Lifecycle.</b> An incident resolves when all its alerts have been resolved (a flapping alert counts as
 * firing) for the resolve hold time, reopens when one fires again within the reopen window, and is closed and
 * forgotten when that window passes. Suppressed alerts (maintenance, silence) are recorded but join nothing; an
 * alert that an inhibit rule's firing source alert mutes (in the same key) likewise, until the source resolves.
 *
 * <p><b>Problems.</b> The incidents made here name no problem: {@link IncidentActionsFunction}, further down, adds the
 * problem job's links ({@code problem.id}), so that the lifecycle does not depend on when they come.
 *
 * <p><b>Rules.</b> The broadcast input carries the rule packs published while the job runs ({@link ActiveRulePack}).
 * From the moment one arrives, every alert and timer of this instance uses it: correlation window, resolve hold,
 * reopen window, inhibit rules, impact, urgency, the priority matrix and routing, and every incident revision made from
 * then on names it as its {@code rulePackVersion}. An incident is not re-evaluated when the pack changes: it keeps its
 * priority and support group until one of its alerts changes (then both are computed with the new pack); a revision
 * that no alert change caused (a resolve or close by timer) keeps them as they were. Timers already
 * set fire when they were set for.
 *
 * <p>Every change emits the whole incident with the next revision. Each alert change is also sent to
 * {@link IncidentJobDescriptors#ALERT_UPDATES} with its incident, role and suppression.
 */
public final class IncidentFunction
        extends KeyedBroadcastProcessFunction<String, EnrichedAlert, RulePackRecord, Incident> {
    static final String LABEL_CI_UNKNOWN = "ci_unknown";
    static final String LABEL_MERGED_INTO = "merged_into";

    private static final String REGION_KEY = "region:";
    /**
     * How long (wall clock) an alert that came at or behind the watermark waits for others like it before they are
     * taken, in event-time order, unless the watermark moves first. The burn-rate alerts of one slice end are decided
     * together but reach this function through different partitions, in any order: taken one by one as they came,
     * the first to come would open their incident and name it.
     */
    public static final Duration LATE_HOLD = Duration.ofSeconds(1);
    /** Event time, then alert id, then revision: an order of the data alone. */
    private static final Comparator<EnrichedAlert> IN_EVENT_TIME_ORDER = Comparator
            .comparing((EnrichedAlert e) -> e.alert().timestamp())
            .thenComparing(e -> e.alert().id()).thenComparingLong(e -> e.alert().revision());

    private final ActiveRulePack active;
    private final boolean eventTimeOrder;
    private transient RulePack rules;
    private transient long windowMillis;
    private transient long resolveHoldMillis;
    private transient long reopenWindowMillis;
    /** The alerts whose documents the change being processed touches: the changed one, those moved by a merge. */
    private transient Set<String> touched;

    private transient MapState<String, Incident> incidents;
    private transient MapState<String, Member> members;
    private transient MapState<String, List<String>> byCi;
    private transient MapState<String, List<String>> byUpstream;
    private transient MapState<String, Long> resolveAt;
    private transient MapState<String, Long> closeAt;
    private transient MapState<Long, List<String>> timers;
    private transient MapState<String, Alert> inhibitSources;
    private transient MapState<String, Inhibited> inhibited;
    private transient MapState<Long, List<EnrichedAlert>> waiting;
    private transient ValueState<List<EnrichedAlert>> late;
    private transient Counter opened;
    private transient Counter updated;
    private transient Counter resolved;
    private transient Counter reopened;
    private transient Counter closed;
    private transient Counter merged;
    private transient Counter inhibitedCount;
    private transient Counter suppressedCount;
    private transient Histogram latency;

    public IncidentFunction(RulePack rules) {
        this(rules, false);
    }

    /**
     * @param eventTimeOrder correlate the alerts of a key in event-time order once the watermark passes them, instead
     *                       of as they arrive: the same incidents whatever order the input is read in (a replay, a
     *                       catch-up), at the price of the watermark's delay. An alert that arrives at or behind the
     *                       watermark (late within the allowed lateness; every burn-rate alert) is taken within
     *                       {@link #LATE_HOLD}, with the others that came behind it meanwhile, in event-time order,
     *                       after what the watermark released and before what still waits
     */
    public IncidentFunction(RulePack rules, boolean eventTimeOrder) {
        this.active = new ActiveRulePack(rules);
        this.eventTimeOrder = eventTimeOrder;
    }

    /** Takes the pack that runs now, and what is derived from it. */
    private void use(ReadOnlyContext ctx) throws Exception {
        RulePack now = active.get(ctx.getBroadcastState(ActiveRulePack.STATE));
        if (now != rules) {
            rules = now;
            windowMillis = now.correlationWindow().toMillis();
            resolveHoldMillis = now.resolveHold().toMillis();
            reopenWindowMillis = now.reopenWindow().toMillis();
        }
    }

    @Override
    public void open(OpenContext openContext) {
        var context = getRuntimeContext();
        active.open(context);
        rules = null;
        touched = new LinkedHashSet<>();
        incidents = context.getMapState(IncidentJobDescriptors.incidents());
        members = context.getMapState(IncidentJobDescriptors.members());
        byCi = context.getMapState(IncidentJobDescriptors.incidentIndex("incidents-by-ci"));
        byUpstream = context.getMapState(IncidentJobDescriptors.incidentIndex("incidents-by-upstream-ci"));
        resolveAt = context.getMapState(IncidentJobDescriptors.deadlines("resolve-at"));
        closeAt = context.getMapState(IncidentJobDescriptors.deadlines("close-at"));
        timers = context.getMapState(IncidentJobDescriptors.timers());
        inhibitSources = context.getMapState(IncidentJobDescriptors.inhibitSources());
        inhibited = context.getMapState(IncidentJobDescriptors.inhibited());
        waiting = context.getMapState(IncidentJobDescriptors.waiting());
        late = context.getState(IncidentJobDescriptors.late());
        var metrics = context.getMetricGroup();
        opened = metrics.counter("incidentsOpened");
        updated = metrics.counter("incidentsUpdated");
        resolved = metrics.counter("incidentsResolved");
        reopened = metrics.counter("incidentsReopened");
        closed = metrics.counter("incidentsClosed");
        merged = metrics.counter("incidentsMerged");
        inhibitedCount = metrics.counter("alertsInhibited");
        suppressedCount = metrics.counter("alertsSuppressedRecorded");
        latency = metrics.histogram("incidentLatencyMillis", new DescriptiveStatisticsHistogram(10_000));
    }

    @Override
    public void processElement(EnrichedAlert input, ReadOnlyContext ctx, Collector<Incident> out) throws Exception {
        use(ctx);
        take(input, ctx, out);
    }

    @Override
    public void processBroadcastElement(RulePackRecord pack, Context ctx, Collector<Incident> out) throws Exception {
        active.activate(pack, ctx.getBroadcastState(ActiveRulePack.STATE));
    }

    private void take(EnrichedAlert enriched, ReadOnlyContext ctx, Collector<Incident> out) throws Exception {
        if (!eventTimeOrder) {
            correlate(enriched, ctx, out);
            return;
        }
        // wait for the watermark: then everything sent before it has arrived, and is taken in event-time order
        long at = enriched.alert().timestamp().toEpochMilli();
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE && at <= watermark) {
            // late (within the allowed lateness), as every burn-rate alert is: the watermark has released everything
            // before it and whatever still waits is later, so it is next. Held only until the watermark moves again,
            // it waited for the next input, which may never come (the input that decided a burn-rate alert can be
            // the last one: the end of a storm, a lull); taken at once, the alerts decided together were taken in
            // the order they came. So: a short wait of wall-clock time, or the watermark's next step if sooner
            List<EnrichedAlert> held = late.value();
            List<EnrichedAlert> more = new ArrayList<>(held == null ? List.of() : held);
            more.add(enriched);
            late.update(more);
            if (held == null) {
                ctx.timerService().registerProcessingTimeTimer(
                        ctx.timerService().currentProcessingTime() + LATE_HOLD.toMillis());
                ctx.timerService().registerEventTimeTimer(watermark + 1);
            }
            return;
        }
        List<EnrichedAlert> atThatTime = waiting.get(at);
        List<EnrichedAlert> more = new ArrayList<>(atThatTime == null ? List.of() : atThatTime);
        more.add(enriched);
        waiting.put(at, more);
        ctx.timerService().registerEventTimeTimer(at);
    }

    private void correlate(EnrichedAlert enriched, ReadOnlyContext ctx, Collector<Incident> out) throws Exception {
        Alert alert = enriched.alert();
        catchUp(alert.timestamp().toEpochMilli(), ctx, out);
        if (enriched.suppressedBy() != null) {
            suppressedCount.inc();
            record(ctx, enriched, null, AlertRole.MEMBER, enriched.suppressedBy(), 0);
            return;
        }
        Member member = members.get(alert.id());
        if (member != null) {
            update(enriched, member, ctx, out);
        } else if (inhibited.contains(alert.id())) {
            String by = inhibited.get(alert.id()).by();
            if (alert.status() == AlertStatus.RESOLVED) {
                inhibited.remove(alert.id());
            } else {
                inhibited.put(alert.id(), new Inhibited(enriched, by));
            }
            record(ctx, enriched, null, AlertRole.MEMBER, by, 0);
        } else if (!enriched.active()) {
            // the incident it belonged to is closed and forgotten: record the alert's end, nothing to reopen
            record(ctx, enriched, null, AlertRole.MEMBER, null, 0);
        } else {
            String by = inhibitor(alert);
            if (by != null) {
                inhibitedCount.inc();
                inhibited.put(alert.id(), new Inhibited(enriched, by));
                record(ctx, enriched, null, AlertRole.MEMBER, by, 0);
            } else {
                join(enriched, 0, ctx.getCurrentKey(), alert.timestamp().toEpochMilli(), ctx, out);
            }
        }
        trackInhibitSource(enriched, alert.timestamp().toEpochMilli(), ctx, out);
        latency.update(Math.max(0, System.currentTimeMillis() - enriched.ingestedAtMillis()));
    }

    // ---- joining, updating, merging ---------------------------------------------------------------------------

    /**
     * A new firing alert: into the incidents it is related to (merged into one), or a new incident.
     *
     * @param changes the alert's membership changes so far (1 for an alert released from inhibition, whose document
     *                already exists at this revision)
     */
    private void join(EnrichedAlert enriched, int changes, String key, long now, ReadOnlyContext ctx, Collector<Incident> out) throws Exception {
        Alert alert = enriched.alert();
        List<Incident> related = related(enriched, key);
        Incident target;
        IncidentStatus status;
        int reopenCount;
        if (related.isEmpty()) {
            String id = "inc-" + Ids.stable(key, alert.id()).substring(0, 20);
            target = new Incident(id, 0, alert.name(), IncidentStatus.NEW, Priority.P5, Impact.LOW, Urgency.LOW,
                    null, null, List.of(), List.of(), List.of(), List.of(), null, alert.timestamp(), null, null,
                    alert.timestamp(), 0, null, rules.lineage(), Map.of(), List.of(), key);
            status = IncidentStatus.NEW;
            reopenCount = 0;
            opened.inc();
        } else {
            target = related.get(0);
            for (Incident other : related.subList(1, related.size())) {
                target = absorb(target, other, now, ctx, out);
                other.alerts().forEach(moved -> touched.add(moved.id()));
            }
            status = target.status();
            reopenCount = target.reopenCount();
            if (status == IncidentStatus.RESOLVED) {
                status = IncidentStatus.NEW;
                reopenCount++;
                reopened.inc();
            } else {
                updated.inc();
            }
        }
        members.put(alert.id(), new Member(target.id(), changes, enriched));
        index(target.id(), enriched);
        Map<String, IncidentAlert> alerts = alertsOf(target);
        alerts.put(alert.id(), member(enriched, AlertRole.MEMBER));
        Incident next = derive(target, alerts.values(), status, reopenCount, status == IncidentStatus.RESOLVED ? target.resolvedAt() : null,
                latest(target.updated(), alert.timestamp()));
        touched.add(alert.id());
        store(next, now, ctx, out);
    }

    /** A change of an alert that already belongs to an incident. */
    private void update(EnrichedAlert enriched, Member member, ReadOnlyContext ctx, Collector<Incident> out) throws Exception {
        Alert alert = enriched.alert();
        Incident current = incidents.get(member.incidentId());
        if (current == null) {
            // cannot happen: a member's incident is forgotten together with its members
            members.remove(alert.id());
            record(ctx, enriched, null, AlertRole.MEMBER, null, member.changes());
            return;
        }
        members.put(alert.id(), new Member(member.incidentId(), member.changes(), enriched));
        index(current.id(), enriched);
        IncidentStatus status = current.status();
        int reopenCount = current.reopenCount();
        Instant resolvedAt = current.resolvedAt();
        if (enriched.active() && status == IncidentStatus.RESOLVED) {
            status = IncidentStatus.NEW;
            reopenCount++;
            resolvedAt = null;
            reopened.inc();
        } else {
            updated.inc();
        }
        Map<String, IncidentAlert> alerts = alertsOf(current);
        IncidentAlert before = alerts.get(alert.id());
        alerts.put(alert.id(), member(enriched, before == null ? AlertRole.MEMBER : before.role()));
        Incident next = derive(current, alerts.values(), status, reopenCount, resolvedAt, latest(current.updated(), alert.timestamp()));
        touched.add(alert.id());
        store(next, alert.timestamp().toEpochMilli(), ctx, out);
    }

    /**
     * Moves everything of {@code other} into {@code target}: alerts, indexes; {@code other} is emitted closed with
     * {@code merged_into}, and forgotten.
     */
    private Incident absorb(Incident target, Incident other, long now, ReadOnlyContext ctx, Collector<Incident> out) throws Exception {
        merged.inc();
        Map<String, IncidentAlert> alerts = alertsOf(target);
        for (IncidentAlert moved : other.alerts()) {
            Member member = members.get(moved.id());
            if (member != null) {
                members.put(moved.id(), member.in(target.id()));
                indexCi(target.id(), moved.ciId(), member.latest().upstream());
            }
            alerts.put(moved.id(), moved);
        }
        unindex(other);
        cancelTimers(other.id(), ctx.timerService());
        incidents.remove(other.id());
        Map<String, String> labels = new TreeMap<>(other.labels());
        labels.put(LABEL_MERGED_INTO, target.id());
        Instant at = latest(other.updated(), Instant.ofEpochMilli(now));
        out.collect(new Incident(other.id(), other.revision() + 1, other.title(), IncidentStatus.CLOSED, other.priority(),
                other.impact(), other.urgency(), other.rootCauseCiId(), other.rootCauseAlertId(), other.alertIds(),
                other.symptomAlertIds(), other.affectedCiIds(), other.impactedServices(), other.supportGroup(), other.openedAt(),
                other.acknowledgedAt(), other.resolvedAt() == null ? at : other.resolvedAt(), latest(other.updated(), at),
                other.reopenCount(), other.problemId(), rules.lineage(), labels, other.alerts(), other.correlationKey()));
        Instant opened = target.openedAt().isBefore(other.openedAt()) ? target.openedAt() : other.openedAt();
        IncidentStatus status = target.status() == IncidentStatus.RESOLVED && other.status() != IncidentStatus.RESOLVED
                ? other.status() : target.status();
        Incident combined = new Incident(target.id(), target.revision(), target.title(), status, target.priority(),
                worse(target.impact(), other.impact()), target.urgency(), target.rootCauseCiId(), target.rootCauseAlertId(),
                target.alertIds(), target.symptomAlertIds(), target.affectedCiIds(), target.impactedServices(),
                target.supportGroup(), opened, target.acknowledgedAt(), status == IncidentStatus.RESOLVED ? target.resolvedAt() : null,
                latest(target.updated(), other.updated()), Math.max(target.reopenCount(), other.reopenCount()), target.problemId(),
                rules.lineage(), target.labels(), List.copyOf(alerts.values()), target.correlationKey());
        incidents.put(target.id(), combined);
        return combined;
    }

    /** The incidents a new alert joins, oldest first. */
    private List<Incident> related(EnrichedAlert enriched, String key) throws Exception {
        Map<String, Incident> found = new TreeMap<>();
        if (!enriched.ciKnown() || !key.startsWith(REGION_KEY)) {
            for (Map.Entry<String, Incident> entry : incidents.entries()) {
                found.put(entry.getKey(), entry.getValue());
            }
        } else {
            String ci = enriched.alert().ciId();
            long start = enriched.alert().startsAt().toEpochMilli();
            long sent = enriched.alert().timestamp().toEpochMilli();
            for (String id : list(byCi, ci)) {
                found.computeIfAbsent(id, this::incident);
            }
            // incidents with an alert on a CI this one depends on (its possible cause)
            for (String upstream : enriched.upstream()) {
                for (String id : list(byCi, upstream)) {
                    if (!found.containsKey(id) && withinWindow(incident(id), start, sent, a -> upstream.equals(a.ciId()))) {
                        found.put(id, incident(id));
                    }
                }
            }
            // incidents with an alert on a CI that depends on this one (its possible symptoms)
            for (String id : list(byUpstream, ci)) {
                if (!found.containsKey(id) && withinWindow(incident(id), start, sent, a -> dependsOn(a, ci))) {
                    found.put(id, incident(id));
                }
            }
        }
        List<Incident> result = new ArrayList<>();
        for (Incident incident : found.values()) {
            if (incident != null) {
                result.add(incident);
            }
        }
        result.sort(Comparator.comparing(Incident::openedAt).thenComparing(Incident::id));
        return result;
    }

    private interface AlertTest {
        boolean test(IncidentAlert alert) throws Exception;
    }

    /**
     * Whether an alert of the incident that passes the test is active, or ended no more than the window before
     * {@code start}: the new alert fires from {@code start} on, so their active periods then overlap or come within
     * the window of each other. An alert that started more than the window after the new alert was sent does not
     * count: that happens only when the new alert arrives late (it overtook nothing; something overtook it), and
     * by event time their periods are then apart.
     */
    private boolean withinWindow(Incident incident, long start, long sent, AlertTest relevant) throws Exception {
        if (incident == null) {
            return false;
        }
        for (IncidentAlert alert : incident.alerts()) {
            if (!relevant.test(alert) || alert.startsAt().toEpochMilli() > sent + windowMillis) {
                continue;
            }
            if (active(alert)) {
                return true;
            }
            long ended = alert.endsAt() == null ? alert.startsAt().toEpochMilli() : alert.endsAt().toEpochMilli();
            if (start <= ended + windowMillis) {
                return true;
            }
        }
        return false;
    }

    private boolean dependsOn(IncidentAlert alert, String ci) throws Exception {
        Member member = members.get(alert.id());
        return member != null && member.latest().upstream().contains(ci);
    }

    private Incident incident(String id) {
        try {
            return incidents.get(id);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read incident " + id + " from state", e);
        }
    }

    // ---- deriving the incident from its alerts ----------------------------------------------------------------

    /** The incident with everything derived from its alerts recomputed: root cause, roles, title, priority, group. */
    private Incident derive(Incident base, Iterable<IncidentAlert> alertValues, IncidentStatus status, int reopenCount,
                            Instant resolvedAt, Instant updatedAt) throws Exception {
        List<IncidentAlert> alerts = new ArrayList<>();
        alertValues.forEach(alerts::add);
        Map<String, Member> facts = new HashMap<>();
        for (IncidentAlert alert : alerts) {
            Member member = members.get(alert.id());
            if (member != null) {
                facts.put(alert.id(), member);
            }
        }
        // the CIs and what each depends on
        Map<String, List<String>> upstreamOf = new LinkedHashMap<>();
        for (IncidentAlert alert : alerts) {
            Member member = facts.get(alert.id());
            if (alert.ciKnown() && alert.ciId() != null && member != null) {
                upstreamOf.put(alert.ciId(), member.latest().upstream());
            }
        }
        String rootCi = rootCause(upstreamOf, alerts);
        // the alert that names the incident: of the root cause's alerts, a firing one, then the most severe
        IncidentAlert rootAlert = headline(rootCi == null ? alerts : alerts.stream().filter(a -> rootCi.equals(a.ciId())).toList());

        List<IncidentAlert> withRoles = new ArrayList<>(alerts.size());
        List<String> symptoms = new ArrayList<>();
        for (IncidentAlert alert : alerts) {
            AlertRole role = AlertRole.MEMBER;
            if (rootCi != null && rootCi.equals(alert.ciId())) {
                role = AlertRole.ROOT_CAUSE;
            } else if (rootCi != null && upstreamOf.getOrDefault(alert.ciId(), List.of()).contains(rootCi)) {
                role = AlertRole.SYMPTOM;
                symptoms.add(alert.id());
            }
            withRoles.add(role == alert.role() ? alert : withRole(alert, role));
        }

        Set<String> cis = new LinkedHashSet<>();
        Set<String> services = new TreeSet<>();
        Impact impact = null;
        boolean unknown = false;
        for (IncidentAlert alert : alerts) {
            if (alert.ciId() != null) {
                cis.add(alert.ciId());
            }
            Member member = facts.get(alert.id());
            Impact alertImpact;
            if (alert.ciKnown() && member != null && member.latest().criticality() > 0) {
                services.addAll(member.latest().services());
                alertImpact = rules.impact(member.latest().criticality());
            } else {
                unknown |= !alert.ciKnown();
                alertImpact = rules.impactUnknownCi();
            }
            impact = impact == null ? alertImpact : worse(impact, alertImpact);
        }
        if (base.revision() > 0) {
            impact = worse(impact, base.impact()); // impact only grows while an incident lives
        }
        // urgency from the most severe alert still firing (or of all, once everything resolved)
        Severity worst = alerts.stream().filter(IncidentFunction::active).map(IncidentAlert::severity)
                .min(Comparator.comparingInt(Severity::code))
                .orElseGet(() -> alerts.stream().map(IncidentAlert::severity).min(Comparator.comparingInt(Severity::code)).orElseThrow());
        Urgency urgency = rules.urgency(worst);
        Priority priority = rules.priority(impact, urgency);

        String where = rootAlert.ciId() != null ? rootAlert.ciId() : rootAlert.hostName() != null ? rootAlert.hostName() : rootAlert.serviceName();
        String title = rootAlert.name() + (where == null ? "" : " on " + where)
                + (alerts.size() > 1 ? " (+" + (alerts.size() - 1) + " more)" : "");
        // the root cause's CI decides the group; it changes only when the incident is re-rooted
        String group = base.supportGroup();
        if (group == null || !java.util.Objects.equals(base.rootCauseCiId(), rootCi)) {
            EnrichedAlert rootFacts = facts.containsKey(rootAlert.id()) ? facts.get(rootAlert.id()).latest() : null;
            group = rules.supportGroup(rootAlert.labels(), rootFacts == null ? null : rootFacts.ciType(),
                    rootFacts == null || rootFacts.services().isEmpty() ? null : rootFacts.services().get(0),
                    rootFacts == null ? null : rootFacts.supportGroup());
        }
        Map<String, String> labels = new TreeMap<>(base.labels());
        if (unknown) {
            labels.put(LABEL_CI_UNKNOWN, "true");
        }
        return new Incident(base.id(), base.revision() + 1, title, status, priority, impact, urgency,
                rootCi != null ? rootCi : rootAlert.ciId(), rootAlert.id(), withRoles.stream().map(IncidentAlert::id).toList(),
                symptoms, List.copyOf(cis), List.copyOf(services), group, base.openedAt(), base.acknowledgedAt(), resolvedAt,
                updatedAt, reopenCount, base.problemId(), rules.lineage(), labels, withRoles, base.correlationKey());
    }

    private static final Comparator<IncidentAlert> EARLIEST_THEN_WORST = Comparator.comparing(IncidentAlert::startsAt)
            .thenComparingInt(a -> a.severity().code()).thenComparing(IncidentAlert::id);

    /**
     * The probable root cause among the incident's known CIs: of those that depend on no other of them, the one most
     * of the others depend on, then the one whose alert started first, then the most severe; null without known CIs.
     */
    private static String rootCause(Map<String, List<String>> upstreamOf, List<IncidentAlert> alerts) {
        String best = null;
        int bestDependents = -1;
        IncidentAlert bestFirst = null;
        for (String ci : upstreamOf.keySet()) {
            boolean dependsOnAnother = false;
            for (String other : upstreamOf.get(ci)) {
                if (!other.equals(ci) && upstreamOf.containsKey(other)) {
                    dependsOnAnother = true;
                    break;
                }
            }
            if (dependsOnAnother) {
                continue;
            }
            int dependents = 0;
            for (Map.Entry<String, List<String>> entry : upstreamOf.entrySet()) {
                if (!entry.getKey().equals(ci) && entry.getValue().contains(ci)) {
                    dependents++;
                }
            }
            IncidentAlert first = alerts.stream().filter(a -> ci.equals(a.ciId())).min(EARLIEST_THEN_WORST).orElseThrow();
            if (dependents > bestDependents || (dependents == bestDependents && EARLIEST_THEN_WORST.compare(first, bestFirst) < 0)) {
                best = ci;
                bestDependents = dependents;
                bestFirst = first;
            }
        }
        if (best == null && !upstreamOf.isEmpty()) {
            // every CI depends on another: a cycle; take the earliest alert's CI
            return alerts.stream().filter(a -> upstreamOf.containsKey(a.ciId())).min(EARLIEST_THEN_WORST).orElseThrow().ciId();
        }
        return best;
    }

    /** The alert that names the incident among these: a firing one, then the most severe, then the earliest. */
    private static IncidentAlert headline(List<IncidentAlert> alerts) {
        return alerts.stream().min(Comparator.comparing((IncidentAlert a) -> active(a) ? 0 : 1)
                .thenComparingInt(a -> a.severity().code()).thenComparing(IncidentAlert::startsAt)).orElseThrow();
    }

    private static boolean active(IncidentAlert alert) {
        return alert.status() == AlertStatus.FIRING || alert.flapping();
    }

    private static IncidentAlert member(EnrichedAlert enriched, AlertRole role) {
        Alert alert = enriched.alert();
        return new IncidentAlert(alert.id(), alert.fingerprint(), alert.name(), alert.source(), alert.ciId(), enriched.ciKnown(),
                alert.hostName(), alert.hostIp(), alert.serviceName(), alert.severity(), alert.status(), role, alert.startsAt(),
                alert.endsAt(), alert.labels(), enriched.flapping());
    }

    private static IncidentAlert withRole(IncidentAlert a, AlertRole role) {
        return new IncidentAlert(a.id(), a.fingerprint(), a.name(), a.source(), a.ciId(), a.ciKnown(), a.hostName(), a.hostIp(),
                a.serviceName(), a.severity(), a.status(), role, a.startsAt(), a.endsAt(), a.labels(), a.flapping());
    }

    private static Map<String, IncidentAlert> alertsOf(Incident incident) {
        Map<String, IncidentAlert> alerts = new LinkedHashMap<>();
        incident.alerts().forEach(a -> alerts.put(a.id(), a));
        return alerts;
    }

    // ---- storing, emitting, timers --------------------------------------------------------------------------------

    /**
     * Keeps and emits the incident, records the alerts it touched (the one that changed it, those moved into it) and
     * any alert whose role changed, and sets its resolve timer when all its alerts are over.
     */
    private void store(Incident next, long now, ReadOnlyContext ctx, Collector<Incident> out) throws Exception {
        Incident before = incidents.get(next.id());
        incidents.put(next.id(), next);
        out.collect(next);
        Map<String, AlertRole> rolesBefore = new HashMap<>();
        if (before != null) {
            before.alerts().forEach(a -> rolesBefore.put(a.id(), a.role()));
        }
        for (IncidentAlert alert : next.alerts()) {
            boolean roleChanged = rolesBefore.containsKey(alert.id()) && rolesBefore.get(alert.id()) != alert.role();
            if (!touched.contains(alert.id()) && !roleChanged) {
                continue;
            }
            Member member = members.get(alert.id());
            if (member == null) {
                continue;
            }
            if (!touched.contains(alert.id())) {
                member = member.changed();
                members.put(alert.id(), member);
            }
            Alert latest = member.latest().alert();
            ctx.output(IncidentJobDescriptors.ALERT_UPDATES, new AlertUpdate(latest, next.id(), alert.role(), alert.flapping(), null,
                    AlertUpdate.version(latest, member.changes())));
        }
        touched.clear();
        cancelTimer(resolveAt, next.id(), ctx.timerService());
        if (next.status() == IncidentStatus.RESOLVED) {
            return;
        }
        cancelTimer(closeAt, next.id(), ctx.timerService());
        if (next.alerts().stream().noneMatch(IncidentFunction::active)) {
            setTimer(resolveAt, next.id(), now + resolveHoldMillis, ctx.timerService());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        use(ctx);
        takeLate(ctx, out);
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            return; // the late alerts' wait, nothing else
        }
        List<EnrichedAlert> released = eventTimeOrder ? waiting.get(timestamp) : null;
        if (released != null) {
            waiting.remove(timestamp);
            // alerts sent at the same millisecond: in a fixed order, whatever order they arrived in
            List<EnrichedAlert> ordered = new ArrayList<>(released);
            ordered.sort(Comparator.comparing((EnrichedAlert e) -> e.alert().id()).thenComparingLong(e -> e.alert().revision()));
            for (EnrichedAlert enriched : ordered) {
                correlate(enriched, ctx, out);
            }
        }
        fire(timestamp, ctx, out);
    }

    /** The alerts that came at or behind the watermark and wait ({@link #LATE_HOLD}), in event-time order. */
    private void takeLate(ReadOnlyContext ctx, Collector<Incident> out) throws Exception {
        List<EnrichedAlert> held = late.value();
        if (held == null) {
            return;
        }
        late.clear();
        List<EnrichedAlert> ordered = new ArrayList<>(held);
        ordered.sort(IN_EVENT_TIME_ORDER);
        for (EnrichedAlert enriched : ordered) {
            correlate(enriched, ctx, out);
        }
    }

    /**
     * Fires the incident timers (resolve, close) due at or before an alert's time before taking the alert: the
     * watermark lags behind the newest alerts (by the out-of-orderness, longer in a lull), but whether an alert
     * returns to a resolved incident or comes after it closed is decided by event time, not by that lag.
     */
    private void catchUp(long time, ReadOnlyContext ctx, Collector<Incident> out) throws Exception {
        while (true) {
            Long earliest = null;
            for (Long at : timers.keys()) {
                if (at <= time && (earliest == null || at < earliest)) {
                    earliest = at;
                }
            }
            if (earliest == null) {
                return;
            }
            fire(earliest, ctx, out); // may set a later timer (a resolve sets the close), hence the loop
        }
    }

    /** Resolves and closes the incidents whose timers are due at exactly this time. */
    private void fire(long timestamp, ReadOnlyContext ctx, Collector<Incident> out) throws Exception {
        List<String> due = timers.get(timestamp);
        if (due == null) {
            return;
        }
        timers.remove(timestamp);
        Instant at = Instant.ofEpochMilli(timestamp);
        for (String id : due) {
            Incident current = incidents.get(id);
            if (current == null) {
                continue;
            }
            Long resolveDue = resolveAt.get(id);
            Long closeDue = closeAt.get(id);
            if (resolveDue != null && resolveDue == timestamp) {
                resolveAt.remove(id);
                Incident done = copy(current, IncidentStatus.RESOLVED, at, at);
                incidents.put(id, done);
                out.collect(done);
                resolved.inc();
                setTimer(closeAt, id, timestamp + reopenWindowMillis, ctx.timerService());
            } else if (closeDue != null && closeDue == timestamp) {
                closeAt.remove(id);
                out.collect(copy(current, IncidentStatus.CLOSED, current.resolvedAt(), at));
                closed.inc();
                forget(current, ctx.timerService());
            }
        }
    }

    private void forget(Incident incident, TimerService timerService) throws Exception {
        unindex(incident);
        cancelTimers(incident.id(), timerService);
        for (IncidentAlert alert : incident.alerts()) {
            members.remove(alert.id());
        }
        incidents.remove(incident.id());
    }

    private void setTimer(MapState<String, Long> deadlines, String id, long at, TimerService timerService) throws Exception {
        deadlines.put(id, at);
        List<String> ids = timers.get(at);
        List<String> next = new ArrayList<>(ids == null ? List.of() : ids);
        if (!next.contains(id)) {
            next.add(id);
        }
        timers.put(at, next);
        timerService.registerEventTimeTimer(at);
    }

    private void cancelTimer(MapState<String, Long> deadlines, String id, TimerService timerService) throws Exception {
        Long at = deadlines.get(id);
        if (at == null) {
            return;
        }
        deadlines.remove(id);
        List<String> ids = timers.get(at);
        if (ids != null) {
            List<String> rest = new ArrayList<>(ids);
            rest.remove(id);
            if (rest.isEmpty()) {
                timers.remove(at);
                timerService.deleteEventTimeTimer(at);
            } else {
                timers.put(at, rest);
            }
        }
    }

    private void cancelTimers(String id, TimerService timerService) throws Exception {
        cancelTimer(resolveAt, id, timerService);
        cancelTimer(closeAt, id, timerService);
    }

    // ---- indexes: which incidents have alerts on a CI, or on CIs depending on it ----------------------------------

    private void index(String incidentId, EnrichedAlert enriched) throws Exception {
        if (enriched.ciKnown()) {
            indexCi(incidentId, enriched.alert().ciId(), enriched.upstream());
        }
    }

    private void indexCi(String incidentId, String ci, List<String> upstream) throws Exception {
        if (ci == null) {
            return;
        }
        addTo(byCi, ci, incidentId);
        for (String up : upstream) {
            addTo(byUpstream, up, incidentId);
        }
    }

    private void unindex(Incident incident) throws Exception {
        for (IncidentAlert alert : incident.alerts()) {
            if (alert.ciId() == null) {
                continue;
            }
            removeFrom(byCi, alert.ciId(), incident.id());
            Member member = members.get(alert.id());
            if (member != null) {
                for (String up : member.latest().upstream()) {
                    removeFrom(byUpstream, up, incident.id());
                }
            }
        }
    }

    private static List<String> list(MapState<String, List<String>> index, String ci) throws Exception {
        List<String> ids = ci == null ? null : index.get(ci);
        return ids == null ? List.of() : ids;
    }

    private static void addTo(MapState<String, List<String>> index, String ci, String incidentId) throws Exception {
        List<String> ids = index.get(ci);
        if (ids == null) {
            index.put(ci, List.of(incidentId));
        } else if (!ids.contains(incidentId)) {
            List<String> more = new ArrayList<>(ids);
            more.add(incidentId);
            index.put(ci, more);
        }
    }

    private static void removeFrom(MapState<String, List<String>> index, String ci, String incidentId) throws Exception {
        List<String> ids = index.get(ci);
        if (ids == null || !ids.contains(incidentId)) {
            return;
        }
        List<String> rest = new ArrayList<>(ids);
        rest.remove(incidentId);
        if (rest.isEmpty()) {
            index.remove(ci);
        } else {
            index.put(ci, rest);
        }
    }

    // ---- inhibition ------------------------------------------------------------------------------------------------

    /** {@code inhibited:<rule>:<source alert>} when a firing source alert in this key mutes the alert, else null. */
    private String inhibitor(Alert alert) throws Exception {
        List<InhibitRule> inhibitRules = rules.inhibitRules();
        if (inhibitRules.isEmpty() || inhibitSources.isEmpty()) {
            return null;
        }
        Map<String, String> target = InhibitLabels.of(alert);
        for (InhibitRule rule : inhibitRules) {
            if (!rule.matchesTarget(target)) {
                continue;
            }
            for (Map.Entry<String, Alert> source : new TreeMap<>(toMap(inhibitSources)).entrySet()) {
                if (!source.getKey().equals(alert.id()) && rule.inhibits(InhibitLabels.of(source.getValue()), target)) {
                    return "inhibited:" + rule.id() + ":" + source.getKey();
                }
            }
        }
        return null;
    }

    /** Keeps the firing alerts that can inhibit others; when one resolves, releases the alerts it muted. */
    private void trackInhibitSource(EnrichedAlert enriched, long now, ReadOnlyContext ctx, Collector<Incident> out) throws Exception {
        List<InhibitRule> inhibitRules = rules.inhibitRules();
        if (inhibitRules.isEmpty()) {
            return;
        }
        Alert alert = enriched.alert();
        if (enriched.active()) {
            Map<String, String> labels = InhibitLabels.of(alert);
            if (inhibitRules.stream().anyMatch(rule -> rule.matchesSource(labels))) {
                inhibitSources.put(alert.id(), alert);
            }
            return;
        }
        if (!inhibitSources.contains(alert.id())) {
            return;
        }
        inhibitSources.remove(alert.id());
        String suffix = ":" + alert.id();
        for (Map.Entry<String, Inhibited> muted : new TreeMap<>(toMap(inhibited)).entrySet()) {
            if (!muted.getValue().by().endsWith(suffix)) {
                continue;
            }
            EnrichedAlert target = muted.getValue().alert();
            String stillBy = inhibitor(target.alert());
            if (stillBy != null) {
                inhibited.put(muted.getKey(), new Inhibited(target, stillBy));
            } else {
                // its source is over and it still fires: it becomes an incident like any other
                inhibited.remove(muted.getKey());
                join(target, 1, ctx.getCurrentKey(), now, ctx, out);
            }
        }
    }

    private static <K, V> Map<K, V> toMap(MapState<K, V> state) throws Exception {
        Map<K, V> copy = new HashMap<>();
        for (Map.Entry<K, V> entry : state.entries()) {
            copy.put(entry.getKey(), entry.getValue());
        }
        return copy;
    }

    // ---- small helpers ---------------------------------------------------------------------------------------------

    private void record(ReadOnlyContext ctx, EnrichedAlert enriched, String incidentId, AlertRole role, String suppressedBy, int changes) {
        ctx.output(IncidentJobDescriptors.ALERT_UPDATES, new AlertUpdate(enriched.alert(), incidentId, role, enriched.flapping(),
                suppressedBy, AlertUpdate.version(enriched.alert(), changes)));
    }

    private static Impact worse(Impact a, Impact b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private Incident copy(Incident i, IncidentStatus status, Instant resolvedAt, Instant updatedAt) {
        return new Incident(i.id(), i.revision() + 1, i.title(), status, i.priority(), i.impact(), i.urgency(), i.rootCauseCiId(),
                i.rootCauseAlertId(), i.alertIds(), i.symptomAlertIds(), i.affectedCiIds(), i.impactedServices(), i.supportGroup(),
                i.openedAt(), i.acknowledgedAt(), resolvedAt, updatedAt, i.reopenCount(), i.problemId(), rules.lineage(), i.labels(),
                i.alerts(), i.correlationKey());
    }
}
