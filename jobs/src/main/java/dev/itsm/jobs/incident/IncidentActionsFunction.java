package dev.itsm.jobs.incident;

import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.jobs.problem.ProblemLink;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.Preconditions;

import java.time.Duration;
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
 * something), so revisions stay increasing for Kafka compaction and Elasticsearch's external versions.
 *
 * <p><b>Problem links</b> (the problem job's {@link ProblemLink}s, on the second input with the actions) name on the
 * incident the problem it belongs to ({@code problem.id}), so that the incident's last revision is the same whenever
 * the links come:
 * <ul>
 *   <li><i>Which links count.</i> A link counts if the incident was not closed yet at the link's {@code decidedAt}
 *       (the event time of the incident change that made the problem job link it), i.e. was open or resolved within
 *       its reopen window; a link decided after the close (the incident became a member of a problem that opened
 *       later; the problem lists it) never counts, whenever it comes. That is decided by event time: when the
 *       incident's latest change is at or after {@code decidedAt}, the link counts unless that change is a close
 *       before {@code decidedAt}; when it is older and not a close, the link waits for the incident's next change, or
 *       for the watermark to pass {@code decidedAt} (the lifecycle emits a close before its watermark passes the
 *       close's time, so an incident still open then was open at {@code decidedAt}).</li>
 *   <li><i>Which problem it names.</i> Of the links that count, the earliest decided, then the smallest problem id:
 *       the first problem found for it, whatever order the links came in.</li>
 *   <li><i>Revisions.</i> The revision of every output is this operator's own count of changes (above) plus the
 *       number of links that counted so far, and each link that counts (even one that does not change the named
 *       problem) emits the incident; so the last revision depends only on the incident's changes, the actions and the
 *       set of links that count, not on when the links came.</li>
 *   <li><i>After the close.</i> A link can come after the incident closed: the problem job answers after a round
 *       trip, and in a replay or catch-up the incident job runs far ahead of it in event time. The state of a closed
 *       incident is therefore kept for {@code grace} of wall-clock time ({@link #GRACE} by default) after the close
 *       reached it, and a link that counts emits the closed incident again with its problem and the next revision.
 *       What holds: <b>when every link reaches this function within {@code grace} of its incident's close, a replay
 *       gives the same last revision of every incident</b>. A link that comes later, or for an incident this function
 *       never saw, is dropped and counted ({@code problemLinksForForgottenIncidents}), as are links decided after the
 *       close. Wall-clock time decides only how long a closed incident waits for links, never which links count.</li>
 *   <li>Links of an incident not seen yet (after a restart, the problem job's link may be read before the lifecycle
 *       replays the incident) wait for it until the watermark passes their {@code decidedAt}.</li>
 * </ul>
 * Actions and links share one operator, and one copy of each open incident in its state: the incident with its
 * alerts is the biggest thing the job keeps, and every checkpoint writes all of it.
 */
public final class IncidentActionsFunction
        extends KeyedCoProcessFunction<String, Incident, Either<IncidentAction, ProblemLink>, Incident> {
    /** How long (wall clock) a closed incident is kept for problem links that still come. */
    public static final Duration GRACE = Duration.ofMinutes(10);
    static final int MAX_PENDING_ACTIONS = 100;
    static final String ACKNOWLEDGED_BY = "acknowledged_by";
    static final String RESOLVED_BY = "resolved_by";

    /** What the actions added, and the last revision emitted. */
    public record Overlay(Instant acknowledgedAt, String acknowledgedBy, boolean onHold, Instant resolvedAt,
                          String resolvedBy, long revision) {
        /** The same with the next revision: what an emission makes of it. */
        Overlay next() {
            return new Overlay(acknowledgedAt, acknowledgedBy, onHold, resolvedAt, resolvedBy, revision + 1);
        }
    }

    /**
     * What was emitted last, and the problem links.
     *
     * @param updated the time of the last output (the lifecycle's, or a later action's); null before the first
     * @param counted the links that count, first found first
     * @param waiting the links not decided yet
     */
    public record Emitted(Instant updated, List<ProblemLink> counted, List<ProblemLink> waiting) {
        static final Emitted NOTHING = new Emitted(null, List.of(), List.of());
    }

    /** Earliest decided first (a link from before {@code decidedAt} existed first of all), then by problem id. */
    static final Comparator<ProblemLink> FIRST_FOUND = Comparator.comparing(ProblemLink::decidedAt,
            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(ProblemLink::problemId);

    private final long graceMillis;
    private transient ValueState<Incident> lifecycle;
    private transient ValueState<Overlay> overlay;
    private transient ListState<IncidentAction> pending;
    private transient ValueState<Emitted> emitted;
    private transient Counter applied;
    private transient Counter linked;
    private transient Counter dropped;

    public IncidentActionsFunction() {
        this(GRACE);
    }

    /** @param grace how long (wall clock) a closed incident is kept for problem links that still come */
    public IncidentActionsFunction(Duration grace) {
        Preconditions.checkArgument(!grace.isNegative(), "grace cannot be negative");
        this.graceMillis = grace.toMillis();
    }

    /** The key of either input: the incident id. */
    public static String incidentId(Either<IncidentAction, ProblemLink> input) {
        return input.isLeft() ? input.left().incidentId() : input.right().incidentId();
    }

    @Override
    public void open(OpenContext openContext) {
        lifecycle = getRuntimeContext().getState(new ValueStateDescriptor<>("lifecycle", TypeInformation.of(Incident.class)));
        overlay = getRuntimeContext().getState(new ValueStateDescriptor<>("overlay", TypeInformation.of(Overlay.class)));
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-actions", TypeInformation.of(IncidentAction.class)));
        emitted = getRuntimeContext().getState(IncidentJobDescriptors.emitted());
        applied = getRuntimeContext().getMetricGroup().counter("incidentActionsApplied");
        linked = getRuntimeContext().getMetricGroup().counter("incidentsLinkedToProblems");
        dropped = getRuntimeContext().getMetricGroup().counter("problemLinksForForgottenIncidents");
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
        Emitted last = emitted.value() == null ? Emitted.NOTHING : emitted.value();
        current = current.next();
        Incident merged = merge(change, current, current.revision(), at);
        // links that waited for a change of the incident
        List<ProblemLink> counted = new ArrayList<>(last.counted());
        List<ProblemLink> waiting = new ArrayList<>();
        for (ProblemLink link : last.waiting()) {
            if (counts(link, merged)) {
                count(link, counted);
            } else if (merged.status() == IncidentStatus.CLOSED) {
                dropped.inc(); // decided after the close
            } else {
                waiting.add(link);
            }
        }
        out.collect(named(merged, counted));
        overlay.update(current);
        emitted.update(new Emitted(merged.updated(), counted, waiting));
        if (change.status() == IncidentStatus.CLOSED) {
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + graceMillis);
        }
    }

    @Override
    public void processElement2(Either<IncidentAction, ProblemLink> input, Context ctx, Collector<Incident> out) throws Exception {
        if (input.isRight()) {
            link(input.right(), ctx, out);
            return;
        }
        IncidentAction action = input.left();
        Incident incident = lifecycle.value();
        if (incident != null && incident.status() == IncidentStatus.CLOSED) {
            return; // closed, kept only for the problem links that may still come
        }
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
            next = next.next();
            Incident merged = merge(incident, next, next.revision(), at);
            // none only in state from before the links joined this operator (a savepoint of an older version)
            Emitted before = emitted.value() == null ? Emitted.NOTHING : emitted.value();
            out.collect(named(merged, before.counted()));
            overlay.update(next);
            emitted.update(new Emitted(merged.updated(), before.counted(), before.waiting()));
        }
    }

    private void link(ProblemLink link, Context ctx, Collector<Incident> out) throws Exception {
        Emitted kept = emitted.value() == null ? Emitted.NOTHING : emitted.value();
        if (has(kept.counted(), link) || has(kept.waiting(), link)) {
            return; // sent again (the problem job's sink is at least once)
        }
        Incident incident = last(kept);
        List<ProblemLink> counted = new ArrayList<>(kept.counted());
        List<ProblemLink> waiting = new ArrayList<>(kept.waiting());
        boolean passed = link.decidedAt() == null
                || link.decidedAt().toEpochMilli() <= ctx.timerService().currentWatermark();
        boolean closed = incident != null && incident.status() == IncidentStatus.CLOSED;
        if (incident != null && (counts(link, incident) || (passed && !closed))) {
            // decided while it was kept (had it closed before, its close would have come before this watermark)
            count(link, counted);
            out.collect(named(incident, counted));
        } else if (closed || passed) {
            // decided after the close; or unknown although event time has passed the link: closed and forgotten
            // (after the grace), or never seen
            dropped.inc();
            return;
        } else {
            waiting.add(link);
            ctx.timerService().registerEventTimeTimer(link.decidedAt().toEpochMilli());
        }
        emitted.update(new Emitted(kept.updated(), counted, waiting));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        Incident incident = lifecycle.value();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            if (incident != null && incident.status() == IncidentStatus.CLOSED) {
                // the grace after the close has passed
                lifecycle.clear();
                overlay.clear();
                emitted.clear();
            }
            return;
        }
        Emitted kept = emitted.value();
        if (kept == null) {
            return;
        }
        // the watermark has passed these links' decision: had the incident closed before it, its close would be here
        Incident last = last(kept);
        List<ProblemLink> counted = new ArrayList<>(kept.counted());
        List<ProblemLink> waiting = new ArrayList<>();
        boolean more = false;
        for (ProblemLink link : kept.waiting()) {
            if (link.decidedAt().toEpochMilli() > timestamp) {
                waiting.add(link);
            } else if (last == null) {
                dropped.inc(); // never seen, or forgotten after the grace
            } else {
                count(link, counted);
                more = true;
            }
        }
        if (more) {
            out.collect(named(last, counted));
        }
        if (last == null && waiting.isEmpty()) {
            emitted.clear();
        } else {
            emitted.update(new Emitted(kept.updated(), counted, waiting));
        }
    }

    /** The incident as last emitted, before the links name a problem on it; null when none was. */
    private Incident last(Emitted kept) throws Exception {
        Incident incident = lifecycle.value();
        Overlay current = overlay.value();
        return incident == null || current == null || kept.updated() == null ? null
                : merge(incident, current, current.revision(), kept.updated());
    }

    /**
     * Whether the link counts for the incident as of this revision of it: yes if the link was decided at or before
     * the revision's time (the incident was not closed then, or closed at that very time or later); for an open
     * incident, a link decided after its latest change is not decided yet (see the class comment).
     */
    private static boolean counts(ProblemLink link, Incident incident) {
        Instant decided = link.decidedAt();
        return decided == null || !decided.isAfter(incident.updated());
    }

    private void count(ProblemLink link, List<ProblemLink> counted) {
        counted.add(link);
        counted.sort(FIRST_FOUND);
        linked.inc();
    }

    private static boolean has(List<ProblemLink> links, ProblemLink link) {
        return links.stream().anyMatch(l -> l.problemId().equals(link.problemId()));
    }

    /** The incident with the first found problem, and the revision that counts the links. */
    static Incident named(Incident incident, List<ProblemLink> counted) {
        if (counted.isEmpty()) {
            return incident;
        }
        return incident.withProblemId(counted.get(0).problemId()).withRevision(incident.revision() + counted.size());
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
