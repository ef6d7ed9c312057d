package dev.itsm.jobs.incident;

import dev.itsm.core.model.Alert;
import dev.itsm.core.model.AlertStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Deduplicates alerts by fingerprint and tracks each occurrence: first firing opens it, repeats only count, a resolve
 * closes it, firing again within the re-occurrence interval reopens the same occurrence and later starts a new one.
 *
 * <p>Emits an occurrence only when it changes (opened, resolved, reopened, severity or summary changed), each time
 * with the next revision. Alerts later than the allowed lateness behind the watermark go to
 * {@link IncidentJobDescriptors#LATE_ALERTS}. A closed occurrence's state is cleared after the retention time
 * (event-time timer), so state stays bounded by the number of live fingerprints.
 */
public final class AlertStateFunction extends KeyedProcessFunction<String, Alert, Alert> {

    private final long reoccurrenceMillis;
    private final long allowedLatenessMillis;
    private final long retentionMillis;

    private transient ValueState<Alert> occurrence;
    private transient ValueState<Long> clearTimer;
    private transient Counter deduplicated;
    private transient Counter late;
    private transient Counter resolvesWithoutFiring;

    public AlertStateFunction(Duration reoccurrenceInterval, Duration allowedLateness, Duration closedAlertRetention) {
        this.reoccurrenceMillis = reoccurrenceInterval.toMillis();
        this.allowedLatenessMillis = allowedLateness.toMillis();
        this.retentionMillis = closedAlertRetention.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        occurrence = getRuntimeContext().getState(IncidentJobDescriptors.occurrence());
        clearTimer = getRuntimeContext().getState(IncidentJobDescriptors.clearTimer());
        deduplicated = getRuntimeContext().getMetricGroup().counter("alertsDeduplicated");
        late = getRuntimeContext().getMetricGroup().counter("alertsLate");
        resolvesWithoutFiring = getRuntimeContext().getMetricGroup().counter("alertsResolvedWithoutFiring");
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        long time = alert.timestamp().toEpochMilli();
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE && time < watermark - allowedLatenessMillis) {
            late.inc();
            ctx.output(IncidentJobDescriptors.LATE_ALERTS, alert);
            return;
        }
        Alert current = occurrence.value();
        Alert next = alert.status() == AlertStatus.FIRING ? onFiring(current, alert) : onResolved(current, alert);
        if (next == null) {
            return;
        }
        occurrence.update(next);
        out.collect(next);
        Long pending = clearTimer.value();
        if (pending != null) {
            ctx.timerService().deleteEventTimeTimer(pending);
            clearTimer.clear();
        }
        if (next.status() == AlertStatus.RESOLVED) {
            long clearAt = time + Math.max(retentionMillis, reoccurrenceMillis);
            ctx.timerService().registerEventTimeTimer(clearAt);
            clearTimer.update(clearAt);
        }
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

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Long pending = clearTimer.value();
        if (pending != null && pending == timestamp) {
            occurrence.clear();
            clearTimer.clear();
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
