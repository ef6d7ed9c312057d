package dev.itsm.jobs.incident;

import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.IncidentStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What people did to an incident (the key: incident id), laid over what the alerts say about it: the incident
 * lifecycle's changes (input 1) with the actions of {@code itsm.incident-actions} (input 2) make the incidents
 * changelog.
 *
 * <ul>
 *   <li>{@code ack}: an open incident becomes {@code acknowledged}, {@code acknowledgedAt} the action's time (the first
 *       acknowledgement counts), label {@code acknowledged_by} the person;</li>
 *   <li>{@code hold}: an open incident is {@code on_hold} until {@code resume}, which makes it acknowledged again (or
 *       new, if nobody acknowledged it);</li>
 *   <li>{@code resolve}: an open incident is {@code resolved} at the action's time, label {@code resolved_by}, until
 *       the lifecycle says otherwise: its next change while the incident's alerts still fire (an alert joins or fires
 *       again) shows it open again, because the alerts say the problem is not gone. A reopened incident keeps its
 *       acknowledgement and leaves hold.</li>
 * </ul>
 * The lifecycle's resolved and closed incidents pass as they are (with the acknowledgement kept). Actions for an
 * incident not seen yet wait (at most {@link #MAX_PENDING_ACTIONS}) for its first change. Every output is the whole
 * incident with this operator's own next revision (the lifecycle's revisions plus one per action that changed
 * something), so revisions stay increasing for Kafka compaction and Elasticsearch's external versions. The state is
 * cleared when the incident closes.
 */
public final class IncidentActionsFunction extends KeyedCoProcessFunction<String, Incident, IncidentAction, Incident> {
    static final int MAX_PENDING_ACTIONS = 100;
    static final String ACKNOWLEDGED_BY = "acknowledged_by";
    static final String RESOLVED_BY = "resolved_by";

    /** What the actions added, and the last revision emitted. */
    public record Overlay(Instant acknowledgedAt, String acknowledgedBy, boolean onHold, Instant resolvedAt,
                          String resolvedBy, long revision) {
    }

    private transient ValueState<Incident> lifecycle;
    private transient ValueState<Overlay> overlay;
    private transient ListState<IncidentAction> pending;
    private transient Counter applied;

    @Override
    public void open(OpenContext openContext) {
        lifecycle = getRuntimeContext().getState(new ValueStateDescriptor<>("lifecycle", TypeInformation.of(Incident.class)));
        overlay = getRuntimeContext().getState(new ValueStateDescriptor<>("overlay", TypeInformation.of(Overlay.class)));
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-actions", TypeInformation.of(IncidentAction.class)));
        applied = getRuntimeContext().getMetricGroup().counter("incidentActionsApplied");
    }

    @Override
    public void processElement1(Incident change, Context ctx, Collector<Incident> out) throws Exception {
        Incident before = lifecycle.value();
        if (before != null && change.revision() <= before.revision()) {
            return; // a replayed or out-of-date revision of the lifecycle
        }
        Overlay current = overlay.value();
        if (current == null) {
            current = new Overlay(null, null, false, null, null, 0);
        }
        if (current.resolvedAt() != null && isOpen(change.status())) {
            current = new Overlay(current.acknowledgedAt(), current.acknowledgedBy(), false, null, null, current.revision());
        }
        if (change.reopenCount() > (before == null ? 0 : before.reopenCount())) {
            current = new Overlay(current.acknowledgedAt(), current.acknowledgedBy(), false, null, null, current.revision());
        }
        lifecycle.update(change);
        if (before == null) {
            List<IncidentAction> waiting = new ArrayList<>();
            pending.get().forEach(waiting::add);
            pending.clear();
            waiting.sort(Comparator.comparing(IncidentAction::at));
            for (IncidentAction action : waiting) {
                current = apply(current, change, action);
            }
        }
        Instant at = change.updated();
        current = emit(change, current, at, out);
        if (change.status() == IncidentStatus.CLOSED) {
            lifecycle.clear();
            overlay.clear();
        } else {
            overlay.update(current);
        }
    }

    @Override
    public void processElement2(IncidentAction action, Context ctx, Collector<Incident> out) throws Exception {
        Incident incident = lifecycle.value();
        if (incident == null) {
            List<IncidentAction> waiting = new ArrayList<>();
            pending.get().forEach(waiting::add);
            if (waiting.size() < MAX_PENDING_ACTIONS) {
                pending.add(action);
            }
            return;
        }
        Overlay current = overlay.value();
        Overlay next = apply(current, incident, action);
        if (!next.equals(current)) {
            applied.inc();
            Instant at = action.at().isAfter(incident.updated()) ? action.at() : incident.updated();
            overlay.update(emit(incident, next, at, out));
        }
    }

    /** The overlay after the action; unchanged when the action changes nothing (e.g. a second ack). */
    static Overlay apply(Overlay o, Incident incident, IncidentAction action) {
        boolean open = isOpen(incident.status()) && o.resolvedAt() == null;
        return switch (action.action()) {
            case ACK -> o.acknowledgedAt() != null || incident.acknowledgedAt() != null || !open ? o
                    : new Overlay(action.at(), action.by(), o.onHold(), null, null, o.revision());
            case HOLD -> o.onHold() || !open ? o
                    : new Overlay(o.acknowledgedAt(), o.acknowledgedBy(), true, null, null, o.revision());
            case RESUME -> !o.onHold() ? o
                    : new Overlay(o.acknowledgedAt(), o.acknowledgedBy(), false, null, null, o.revision());
            case RESOLVE -> !open ? o
                    : new Overlay(o.acknowledgedAt(), o.acknowledgedBy(), false, action.at(), action.by(), o.revision());
        };
    }

    /** Emits the lifecycle's incident with the overlay and the next revision; returns the overlay with it. */
    private static Overlay emit(Incident incident, Overlay o, Instant at, Collector<Incident> out) {
        long revision = o.revision() + 1;
        out.collect(merge(incident, o, revision, at));
        return new Overlay(o.acknowledgedAt(), o.acknowledgedBy(), o.onHold(), o.resolvedAt(), o.resolvedBy(), revision);
    }

    static Incident merge(Incident i, Overlay o, long revision, Instant at) {
        Instant acknowledgedAt = i.acknowledgedAt() != null ? i.acknowledgedAt() : o.acknowledgedAt();
        IncidentStatus status = i.status();
        Instant resolvedAt = i.resolvedAt();
        if (isOpen(status)) {
            if (o.resolvedAt() != null) {
                status = IncidentStatus.RESOLVED;
                resolvedAt = o.resolvedAt();
            } else if (o.onHold()) {
                status = IncidentStatus.ON_HOLD;
            } else if (acknowledgedAt != null) {
                status = IncidentStatus.ACKNOWLEDGED;
            }
        }
        Map<String, String> labels = new LinkedHashMap<>(i.labels());
        if (o.acknowledgedBy() != null && o.acknowledgedAt() != null) {
            labels.put(ACKNOWLEDGED_BY, o.acknowledgedBy());
        }
        if (o.resolvedBy() != null && o.resolvedAt() != null && status == IncidentStatus.RESOLVED) {
            labels.put(RESOLVED_BY, o.resolvedBy());
        }
        Instant updated = at.isAfter(i.updated()) ? at : i.updated();
        return new Incident(i.id(), revision, i.title(), status, i.priority(), i.impact(), i.urgency(), i.rootCauseCiId(),
                i.rootCauseAlertId(), i.alertIds(), i.symptomAlertIds(), i.affectedCiIds(), i.impactedServices(),
                i.supportGroup(), i.openedAt(), acknowledgedAt, resolvedAt, updated, i.reopenCount(), i.problemId(),
                i.rulePackVersion(), Map.copyOf(labels), i.alerts(), i.correlationKey());
    }

    private static boolean isOpen(IncidentStatus status) {
        return status != IncidentStatus.RESOLVED && status != IncidentStatus.CLOSED;
    }
}
