package dev.itsm.jobs.incident;

import dev.itsm.jobs.slo.BurnRateAlerts;
import dev.itsm.connectors.cmdb.CmdbChange;
import dev.itsm.connectors.cmdb.CmdbIndex;
import dev.itsm.connectors.cmdb.CmdbSnapshot;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.rules.Flapping;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.Suppression;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Per fingerprint: deduplicates alerts into occurrences, detects flapping, applies maintenance windows and silences,
 * and looks the alert up in the CMDB (broadcast state, kept current from the {@code itsm.cmdb} topic).
 *
 * <p><b>Occurrences.</b> The first firing opens one, repeats only count, a resolve closes it, firing again within the
 * re-occurrence interval reopens the same occurrence and later starts a new one. An occurrence is emitted only when
 * it changes (opened, resolved, reopened, severity or summary changed, flapping started or ended, suppression
 * ended), each time with the next revision. Alerts later than the allowed lateness behind the watermark go to
 * {@link IncidentJobDescriptors#LATE_ALERTS}, except the SLO stage's burn-rate alerts (source {@code slo}): they are
 * decided when this job's own watermark passes their time and come back through the raw alerts topic, so they are
 * always behind it, by minutes of event time when a lull in the alerts made the watermark jump. A closed occurrence's state is cleared after the retention time, so
 * state stays bounded by the number of live fingerprints.
 *
 * <p><b>Flapping.</b> More than {@code flapping.changes} state changes within {@code flapping.window} mark the alert
 * flapping; it stays so until it has not changed for {@code flapping.quiet-period} (an event-time timer), and then
 * is emitted once more with its real state. The incident treats a flapping alert as firing, so the incident is not
 * resolved and reopened at every flap.
 *
 * <p><b>Suppression.</b> An occurrence that opens inside a maintenance window or silence that covers it is emitted
 * marked suppressed: the incident operator records it but opens nothing. Its later changes, its resolve included,
 * still flow. If it still fires when the window ends (an event-time timer), it is emitted again unsuppressed and
 * becomes an incident like any other.
 *
 * <p><b>Correlation key.</b> Looked up when the occurrence opens and kept for its whole life, so every update of an
 * occurrence reaches the incident it joined even if the CMDB changes meanwhile. The rest of the lookup (CI, services,
 * upstream CIs) is refreshed on each emission.
 *
 * <p><b>Rules.</b> The broadcast input carries, besides the CMDB changes, the rule packs published while the job runs
 * ({@link ActiveRulePack}): from the moment one arrives, every alert and timer uses it (re-occurrence, lateness,
 * retention, flapping, maintenance windows and silences, grouping and topology settings of the correlation key).
 * What was decided before stays: an open occurrence keeps its correlation key, and timers already set fire when they
 * were set for.
 */
public final class AlertStateFunction extends KeyedBroadcastProcessFunction<String, Alert, Either<CmdbChange, RulePackRecord>, EnrichedAlert> {

    /** The CMDB changes received from the topic: change key → latest change. */
    public static final MapStateDescriptor<String, CmdbChange> CHANGES =
            new MapStateDescriptor<>("cmdb-changes", Types.STRING, TypeInformation.of(CmdbChange.class));

    private final ActiveRulePack active;
    private final CmdbLookup lookup;

    private transient RulePack rules;
    private transient long reoccurrenceMillis;
    private transient long allowedLatenessMillis;
    private transient long retentionMillis;
    private transient Flapping flapping;

    private transient ValueState<Alert> occurrence;
    private transient ValueState<Long> clearTimer;
    private transient ValueState<String> correlationKey;
    private transient ValueState<List<Long>> stateChanges;
    private transient ValueState<Long> quietTimer;
    private transient ValueState<String> suppressedBy;
    private transient ValueState<Long> suppressionTimer;
    private transient Counter deduplicated;
    private transient Counter late;
    private transient Counter resolvesWithoutFiring;
    private transient Counter unknownCi;
    private transient Counter flappingStarted;
    private transient Counter suppressed;

    /** @param rules the start-up pack, until one arrives on the broadcast input */
    public AlertStateFunction(RulePack rules, CmdbSnapshot bootstrapCmdb) {
        this.active = new ActiveRulePack(rules);
        this.lookup = new CmdbLookup(bootstrapCmdb, rules);
    }

    /** Takes the pack that runs now, and what is derived from it. */
    private void use(ReadOnlyBroadcastState<String, RulePackRecord> state) throws Exception {
        RulePack now = active.get(state);
        if (now != rules) {
            rules = now;
            reoccurrenceMillis = now.reoccurrenceInterval().toMillis();
            allowedLatenessMillis = now.allowedLateness().toMillis();
            retentionMillis = now.closedAlertRetention().toMillis();
            flapping = now.flapping();
            lookup.use(now);
        }
    }

    @Override
    public void open(OpenContext openContext) {
        active.open(getRuntimeContext());
        rules = null;
        occurrence = getRuntimeContext().getState(IncidentJobDescriptors.occurrence());
        clearTimer = getRuntimeContext().getState(IncidentJobDescriptors.timer("clear-timer"));
        correlationKey = getRuntimeContext().getState(IncidentJobDescriptors.string("correlation-key"));
        stateChanges = getRuntimeContext().getState(IncidentJobDescriptors.stateChanges());
        quietTimer = getRuntimeContext().getState(IncidentJobDescriptors.timer("quiet-timer"));
        suppressedBy = getRuntimeContext().getState(IncidentJobDescriptors.string("suppressed-by"));
        suppressionTimer = getRuntimeContext().getState(IncidentJobDescriptors.timer("suppression-timer"));
        var metrics = getRuntimeContext().getMetricGroup();
        deduplicated = metrics.counter("alertsDeduplicated");
        late = metrics.counter("alertsLate");
        resolvesWithoutFiring = metrics.counter("alertsResolvedWithoutFiring");
        unknownCi = metrics.counter("alertsUnknownCi");
        flappingStarted = metrics.counter("alertsFlapping");
        suppressed = metrics.counter("alertsSuppressed");
        metrics.gauge("cmdbItems", lookup::itemCount);
    }

    @Override
    public void processElement(Alert alert, ReadOnlyContext ctx, Collector<EnrichedAlert> out) throws Exception {
        use(ctx.getBroadcastState(ActiveRulePack.STATE));
        long time = alert.timestamp().toEpochMilli();
        TimerService timers = ctx.timerService();
        long watermark = timers.currentWatermark();
        if (watermark != Long.MIN_VALUE && time < watermark - allowedLatenessMillis && !BurnRateAlerts.isBurnRate(alert.source())) {
            late.inc();
            ctx.output(IncidentJobDescriptors.LATE_ALERTS, alert);
            return;
        }
        Alert current = occurrence.value();
        Long quiet = quietTimer.value();
        if (quiet != null && quiet <= time && current != null) {
            // it calmed down before this notification, but the watermark (lagging in a lull) has not said so yet
            timers.deleteEventTimeTimer(quiet);
            quietTimer.clear();
            stateChanges.clear();
            current = reemit(current, quiet, lookup.index(ctx.getBroadcastState(CHANGES).immutableEntries()), out);
        }
        Alert next = alert.status() == AlertStatus.FIRING ? onFiring(current, alert) : onResolved(current, alert);
        if (next == null) {
            return;
        }
        boolean opened = current == null || !current.id().equals(next.id());
        CmdbIndex cmdb = lookup.index(ctx.getBroadcastState(CHANGES).immutableEntries());
        CmdbLookup.Found found = lookup.find(cmdb, next);
        if (opened) {
            correlationKey.update(found.correlationKey());
            cancel(suppressionTimer, timers);
            suppressedBy.clear();
            if (found.ci() == null) {
                unknownCi.inc();
            }
            suppress(next, found, time, timers);
        }
        if (current == null || current.status() != next.status()) {
            countStateChange(time, timers);
        }
        if (next.status() == AlertStatus.RESOLVED) {
            cancel(suppressionTimer, timers);
        }
        occurrence.update(next);
        out.collect(enriched(next, found));

        cancel(clearTimer, timers);
        if (next.status() == AlertStatus.RESOLVED) {
            long clearAt = time + Math.max(retentionMillis, reoccurrenceMillis);
            Long calmAt = quietTimer.value();
            if (calmAt != null) {
                clearAt = Math.max(clearAt, calmAt + 1);
            }
            timers.registerEventTimeTimer(clearAt);
            clearTimer.update(clearAt);
        }
    }

    @Override
    public void processBroadcastElement(Either<CmdbChange, RulePackRecord> input, Context ctx, Collector<EnrichedAlert> out) throws Exception {
        if (input.isLeft()) {
            CmdbChange change = input.left();
            ctx.getBroadcastState(CHANGES).put(change.key(), change);
            lookup.apply(change);
        } else {
            active.activate(input.right(), ctx.getBroadcastState(ActiveRulePack.STATE));
            use(ctx.getBroadcastState(ActiveRulePack.STATE));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnrichedAlert> out) throws Exception {
        use(ctx.getBroadcastState(ActiveRulePack.STATE));
        Alert current = occurrence.value();
        if (same(quietTimer.value(), timestamp)) {
            quietTimer.clear();
            stateChanges.clear();
            if (current != null) {
                // calm again: tell the incident the alert's real state
                emitAgain(current, ctx, out);
            }
        }
        if (same(suppressionTimer.value(), timestamp)) {
            suppressionTimer.clear();
            if (current != null && current.status() == AlertStatus.FIRING) {
                CmdbIndex cmdb = lookup.index(ctx.getBroadcastState(CHANGES).immutableEntries());
                suppressedBy.clear();
                if (!suppress(current, lookup.find(cmdb, current), timestamp, ctx.timerService())) {
                    // the window ended and it still fires: now it is an incident like any other
                    emitAgain(current, ctx, out);
                }
            }
        }
        if (same(clearTimer.value(), timestamp)) {
            occurrence.clear();
            clearTimer.clear();
            correlationKey.clear();
            stateChanges.clear();
            suppressedBy.clear();
            cancel(quietTimer, ctx.timerService());
            cancel(suppressionTimer, ctx.timerService());
        }
    }

    /** Emits the occurrence once more, as of the timer's time (so that the incident's clocks start then). */
    private void emitAgain(Alert current, OnTimerContext ctx, Collector<EnrichedAlert> out) throws Exception {
        reemit(current, ctx.timestamp(), lookup.index(ctx.getBroadcastState(CHANGES).immutableEntries()), out);
    }

    private Alert reemit(Alert current, long time, CmdbIndex cmdb, Collector<EnrichedAlert> out) throws Exception {
        Instant at = Instant.ofEpochMilli(time);
        Alert next = new Alert(current.id(), current.fingerprint(), current.source(), current.name(), current.status(),
                current.severity(), current.summary(), current.description(), current.labels(), current.annotations(),
                current.startsAt(), current.endsAt(), at.isAfter(current.timestamp()) ? at : current.timestamp(), current.hostName(),
                current.hostIp(), current.serviceName(), current.ciId(), current.count(), current.raw(), current.revision() + 1);
        occurrence.update(next);
        out.collect(enriched(next, lookup.find(cmdb, next)));
        return next;
    }

    /** Marks a firing occurrence suppressed if a maintenance window or silence covers it at {@code at}. */
    private boolean suppress(Alert alert, CmdbLookup.Found found, long at, TimerService timers) throws Exception {
        if (!rules.hasSuppressions() || alert.status() != AlertStatus.FIRING) {
            return false;
        }
        Optional<Suppression> window = rules.suppression(Instant.ofEpochMilli(at),
                found.ci() == null ? alert.ciId() : found.ci().id(), found.services(), alert.labels());
        if (window.isEmpty()) {
            return false;
        }
        suppressed.inc();
        suppressedBy.update(window.get().kind() + ":" + window.get().id());
        long until = window.get().until().toEpochMilli();
        timers.registerEventTimeTimer(until);
        suppressionTimer.update(until);
        return true;
    }

    private void countStateChange(long time, TimerService timers) throws Exception {
        if (!flapping.enabled()) {
            return;
        }
        List<Long> changes = stateChanges.value();
        List<Long> recent = new ArrayList<>(changes == null ? 1 : changes.size() + 1);
        long from = time - flapping.window().toMillis();
        if (changes != null) {
            for (long change : changes) {
                if (change > from) {
                    recent.add(change);
                }
            }
        }
        recent.add(time);
        boolean wasFlapping = quietTimer.value() != null;
        if (recent.size() > flapping.changes()) {
            if (!wasFlapping) {
                flappingStarted.inc();
            }
            cancel(quietTimer, timers);
            long calmAt = time + flapping.quietPeriod().toMillis();
            timers.registerEventTimeTimer(calmAt);
            quietTimer.update(calmAt);
        } else if (wasFlapping) {
            // still flapping until quiet: a change restarts the quiet period
            cancel(quietTimer, timers);
            long calmAt = time + flapping.quietPeriod().toMillis();
            timers.registerEventTimeTimer(calmAt);
            quietTimer.update(calmAt);
        }
        // keep no more than one past window's worth, bounded by the threshold
        int keep = Math.min(recent.size(), flapping.changes() + 1);
        stateChanges.update(List.copyOf(recent.subList(recent.size() - keep, recent.size())));
    }

    private EnrichedAlert enriched(Alert alert, CmdbLookup.Found found) throws Exception {
        boolean known = found.ci() != null;
        Alert withCi = known ? alert.withCiId(found.ci().id()) : alert;
        return new EnrichedAlert(withCi, known, known ? found.ci().type() : null, found.criticality(),
                known ? found.ci().supportGroup() : null, found.services(), found.upstream(),
                Objects.requireNonNullElse(correlationKey.value(), found.correlationKey()), quietTimer.value() != null,
                suppressedBy.value(), System.currentTimeMillis());
    }

    private Alert onFiring(Alert current, Alert alert) throws Exception {
        if (current == null || (current.status() == AlertStatus.RESOLVED && !withinReoccurrence(current, alert))) {
            return copy(alert, AlertStatus.FIRING, null, 1, 1);
        }
        if (current.status() == AlertStatus.RESOLVED) {
            if (!alert.timestamp().isAfter(endedAt(current))) {
                // a repeat sent before the resolve that overtook it (another partition, a retry): it changes nothing
                deduplicated.inc();
                return null;
            }
            return copy(current, alert, AlertStatus.FIRING, null, current.count() + 1, current.revision() + 1);
        }
        deduplicated.inc();
        boolean changed = current.severity() != alert.severity() || !Objects.equals(current.summary(), alert.summary());
        Alert repeated = copy(current, alert, AlertStatus.FIRING, null, current.count() + 1, current.revision() + (changed ? 1 : 0));
        if (!changed) {
            // a pure repeat: remember the count, emit nothing
            occurrence.update(repeated);
            return null;
        }
        return repeated;
    }

    private Alert onResolved(Alert current, Alert alert) throws Exception {
        if (current == null) {
            resolvesWithoutFiring.inc();
            return null;
        }
        if (current.status() == AlertStatus.RESOLVED) {
            deduplicated.inc();
            return null;
        }
        Instant endsAt = alert.endsAt() != null ? alert.endsAt() : alert.timestamp();
        return copy(current, alert, AlertStatus.RESOLVED, endsAt, current.count(), current.revision() + 1);
    }

    private boolean withinReoccurrence(Alert resolved, Alert firing) {
        return firing.timestamp().toEpochMilli() - endedAt(resolved).toEpochMilli() < reoccurrenceMillis;
    }

    private static Instant endedAt(Alert resolved) {
        return resolved.endsAt() != null ? resolved.endsAt() : resolved.timestamp();
    }

    private static boolean same(Long pending, long timestamp) {
        return pending != null && pending == timestamp;
    }

    private static void cancel(ValueState<Long> timer, TimerService timers) throws Exception {
        Long pending = timer.value();
        if (pending != null) {
            timers.deleteEventTimeTimer(pending);
            timer.clear();
        }
    }

    private static Alert copy(Alert alert, AlertStatus status, Instant endsAt, int count, long revision) {
        return copy(alert, alert, status, endsAt, count, revision);
    }

    /** The occurrence {@code base} (its id and start) with the latest content of {@code latest}. */
    private static Alert copy(Alert base, Alert latest, AlertStatus status, Instant endsAt, int count, long revision) {
        return new Alert(base.id(), base.fingerprint(), base.source(), latest.name(), status, latest.severity(), latest.summary(),
                latest.description(), latest.labels(), latest.annotations(), base.startsAt(), endsAt, latest.timestamp(),
                latest.hostName(), latest.hostIp(), latest.serviceName(), latest.ciId(), count, latest.raw(), revision);
    }
}
