package dev.itsm.jobs.incident;

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
import dev.itsm.rules.RulePack;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One incident per correlation key: opened by the first firing alert, updated as alerts join or change, resolved
 * when all its alerts have been resolved for the resolve hold time, reopened when an alert fires again within the
 * reopen window, closed (and its state cleared) when the window passes. All decisions use event time.
 *
 * <p>Every change emits the whole incident with the next revision. Each alert change is also sent to
 * {@link IncidentJobDescriptors#ALERT_UPDATES} with the incident it belongs to.
 */
public final class IncidentFunction extends KeyedProcessFunction<String, EnrichedAlert, Incident> {
    static final String LABEL_CI_UNKNOWN = "ci_unknown";

    private final RulePack rules;

    private transient ValueState<Incident> incident;
    private transient ValueState<Long> resolveTimer;
    private transient ValueState<Long> closeTimer;
    private transient Counter opened;
    private transient Counter updated;
    private transient Counter resolved;
    private transient Counter reopened;
    private transient Counter closed;
    private transient Histogram latency;

    public IncidentFunction(RulePack rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
        incident = getRuntimeContext().getState(IncidentJobDescriptors.incident());
        resolveTimer = getRuntimeContext().getState(IncidentJobDescriptors.resolveTimer());
        closeTimer = getRuntimeContext().getState(IncidentJobDescriptors.closeTimer());
        var metrics = getRuntimeContext().getMetricGroup();
        opened = metrics.counter("incidentsOpened");
        updated = metrics.counter("incidentsUpdated");
        resolved = metrics.counter("incidentsResolved");
        reopened = metrics.counter("incidentsReopened");
        closed = metrics.counter("incidentsClosed");
        latency = metrics.histogram("incidentLatencyMillis", new DescriptiveStatisticsHistogram(10_000));
    }

    @Override
    public void processElement(EnrichedAlert enriched, Context ctx, Collector<Incident> out) throws Exception {
        Alert alert = enriched.alert();
        Incident current = incident.value();
        boolean firing = alert.status() == AlertStatus.FIRING;
        if (current == null && !firing) {
            // the incident it belonged to is closed and forgotten: record the alert's end, nothing to reopen
            ctx.output(IncidentJobDescriptors.ALERT_UPDATES, new AlertUpdate(alert, null, AlertRole.MEMBER));
            return;
        }
        Incident next;
        if (current == null) {
            next = open(enriched, ctx.getCurrentKey());
            opened.inc();
        } else {
            IncidentStatus status = current.status();
            int reopenCount = current.reopenCount();
            Instant resolvedAt = current.resolvedAt();
            if (firing && status == IncidentStatus.RESOLVED) {
                status = IncidentStatus.NEW;
                reopenCount++;
                resolvedAt = null;
                reopened.inc();
                cancel(closeTimer, ctx);
            } else {
                updated.inc();
            }
            next = withAlert(current, enriched, status, reopenCount, resolvedAt);
        }
        incident.update(next);
        out.collect(next);
        latency.update(Math.max(0, System.currentTimeMillis() - enriched.ingestedAtMillis()));
        ctx.output(IncidentJobDescriptors.ALERT_UPDATES, new AlertUpdate(alert, next.id(), AlertRole.MEMBER));

        cancel(resolveTimer, ctx);
        if (next.status() != IncidentStatus.RESOLVED && allResolved(next)) {
            long at = alert.timestamp().toEpochMilli() + rules.resolveHold().toMillis();
            ctx.timerService().registerEventTimeTimer(at);
            resolveTimer.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        Incident current = incident.value();
        Long resolveAt = resolveTimer.value();
        Long closeAt = closeTimer.value();
        if (current == null) {
            return;
        }
        Instant at = Instant.ofEpochMilli(timestamp);
        if (resolveAt != null && resolveAt == timestamp) {
            resolveTimer.clear();
            Incident done = copy(current, IncidentStatus.RESOLVED, current.reopenCount(), at, at, current.revision() + 1);
            incident.update(done);
            out.collect(done);
            resolved.inc();
            long close = timestamp + rules.reopenWindow().toMillis();
            ctx.timerService().registerEventTimeTimer(close);
            closeTimer.update(close);
        } else if (closeAt != null && closeAt == timestamp) {
            Incident done = copy(current, IncidentStatus.CLOSED, current.reopenCount(), current.resolvedAt(), at, current.revision() + 1);
            out.collect(done);
            closed.inc();
            incident.clear();
            closeTimer.clear();
            resolveTimer.clear();
        }
    }

    private static void cancel(ValueState<Long> timer, Context ctx) throws Exception {
        Long pending = timer.value();
        if (pending != null) {
            ctx.timerService().deleteEventTimeTimer(pending);
            timer.clear();
        }
    }

    private Incident open(EnrichedAlert enriched, String correlationKey) {
        Alert alert = enriched.alert();
        String id = "inc-" + Ids.stable(correlationKey, alert.id()).substring(0, 20);
        Incident empty = new Incident(id, 0, alert.name(), IncidentStatus.NEW, Priority.P5, Impact.LOW, Urgency.LOW,
                null, null, List.of(), List.of(), List.of(), List.of(), null, alert.timestamp(), null, null, alert.timestamp(),
                0, null, rules.lineage(), Map.of(), List.of(), correlationKey);
        return withAlert(empty, enriched, IncidentStatus.NEW, 0, null);
    }

    /** The incident with the alert added or updated, everything derived from the members recomputed. */
    private Incident withAlert(Incident base, EnrichedAlert enriched, IncidentStatus status, int reopenCount, Instant resolvedAt) {
        Alert alert = enriched.alert();
        Map<String, IncidentAlert> members = new LinkedHashMap<>();
        base.alerts().forEach(a -> members.put(a.id(), a));
        members.put(alert.id(), new IncidentAlert(alert.id(), alert.fingerprint(), alert.name(), alert.source(), alert.ciId(),
                enriched.ciKnown(), alert.hostName(), alert.hostIp(), alert.serviceName(), alert.severity(), alert.status(),
                AlertRole.MEMBER, alert.startsAt(), alert.endsAt(), alert.labels()));
        List<IncidentAlert> alerts = new ArrayList<>(members.values());

        Set<String> cis = new LinkedHashSet<>(base.affectedCiIds());
        if (alert.ciId() != null) {
            cis.add(alert.ciId());
        }
        Set<String> services = new LinkedHashSet<>(base.impactedServices());
        services.addAll(enriched.services());

        // urgency from the most severe alert still firing (or of all, once everything resolved)
        Severity worst = alerts.stream().filter(a -> a.status() == AlertStatus.FIRING).map(IncidentAlert::severity)
                .min(Comparator.comparingInt(Severity::code))
                .orElseGet(() -> alerts.stream().map(IncidentAlert::severity).min(Comparator.comparingInt(Severity::code)).orElseThrow());
        Urgency urgency = rules.urgency(worst);
        Impact impact = enriched.ciKnown() ? rules.impact(enriched.criticality()) : rules.impactUnknownCi();
        if (base.revision() > 0 && base.impact().ordinal() < impact.ordinal()) {
            impact = base.impact(); // impact only grows while an incident lives: a new member never lowers it
        }
        Priority priority = rules.priority(impact, urgency);

        IncidentAlert first = alerts.get(0);
        IncidentAlert headline = worst(alerts);
        String where = headline.ciId() != null ? headline.ciId() : headline.hostName() != null ? headline.hostName() : headline.serviceName();
        String title = headline.name() + (where == null ? "" : " on " + where)
                + (alerts.size() > 1 ? " (+" + (alerts.size() - 1) + " more)" : "");
        // the group is decided by the opening alert and kept: an incident does not bounce between teams
        String group = base.supportGroup() != null ? base.supportGroup()
                : rules.supportGroup(alert.labels(), enriched.ciType(), enriched.services().isEmpty() ? null : enriched.services().get(0),
                        enriched.supportGroup());

        Map<String, String> labels = new TreeMap<>(base.labels());
        if (!enriched.ciKnown()) {
            labels.put(LABEL_CI_UNKNOWN, "true");
        }
        List<String> alertIds = alerts.stream().map(IncidentAlert::id).toList();
        return new Incident(base.id(), base.revision() + 1, title, status, priority, impact, urgency,
                first.ciId(), first.id(), alertIds, List.of(), List.copyOf(cis), List.copyOf(services), group,
                base.openedAt(), base.acknowledgedAt(), resolvedAt, latest(base.updated(), alert.timestamp()), reopenCount,
                base.problemId(), rules.lineage(), labels, alerts, base.correlationKey());
    }

    /** The alert that names the incident: firing before resolved, then the most severe, then the earliest. */
    private static IncidentAlert worst(List<IncidentAlert> alerts) {
        return alerts.stream().min(Comparator.comparing((IncidentAlert a) -> a.status() == AlertStatus.FIRING ? 0 : 1)
                .thenComparingInt(a -> a.severity().code())).orElseThrow();
    }

    private static boolean allResolved(Incident incident) {
        return incident.alerts().stream().allMatch(a -> a.status() == AlertStatus.RESOLVED);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private Incident copy(Incident i, IncidentStatus status, int reopenCount, Instant resolvedAt, Instant updatedAt, long revision) {
        return new Incident(i.id(), revision, i.title(), status, i.priority(), i.impact(), i.urgency(), i.rootCauseCiId(),
                i.rootCauseAlertId(), i.alertIds(), i.symptomAlertIds(), i.affectedCiIds(), i.impactedServices(), i.supportGroup(),
                i.openedAt(), i.acknowledgedAt(), resolvedAt, updatedAt, reopenCount, i.problemId(), rules.lineage(), i.labels(),
                i.alerts(), i.correlationKey());
    }
}
