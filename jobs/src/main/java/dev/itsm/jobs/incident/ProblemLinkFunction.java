package dev.itsm.jobs.incident;

import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.jobs.problem.ProblemLink;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.Preconditions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Names on each incident (the key: incident id) the problem the problem job linked it to ({@code problem.id}), so
 * that the incident's last revision is the same whenever the links come: the incidents changelog's changes (input 1,
 * after {@link IncidentActionsFunction}) with the problem job's {@link ProblemLink}s (input 2) make the incidents
 * topic.
 *
 * <p><b>Which links count.</b> A link counts if the incident was not closed yet at the link's {@code decidedAt} (the
 * event time of the incident change that made the problem job link it), i.e. was open or resolved within its reopen
 * window; a link decided after the close (the incident became a member of a problem that opened later; the problem
 * lists it) never counts, whenever it comes. That is decided by event time: when the incident's latest change is at
 * or after {@code decidedAt}, the link counts unless that change is a close before {@code decidedAt}; when it is older
 * and not a close, the link waits for the incident's next change, or for the watermark to pass {@code decidedAt} (the
 * lifecycle emits a close before its watermark passes the close's time, so an incident still open then was open at
 * {@code decidedAt}).
 *
 * <p><b>Which problem it names.</b> Of the links that count, the earliest decided, then the smallest problem id: the
 * first problem found for it, whatever order the links came in.
 *
 * <p><b>Revisions.</b> Every output is the whole incident with revision = the lifecycle's revision (with the actions)
 * plus the number of links that counted so far; each change of the lifecycle, and each link that counts (even one
 * that does not change the named problem), emits the incident. So the revisions keep increasing, and the last one
 * depends only on the incident's changes and on the set of links that count, not on when the links came.
 *
 * <p><b>After the close.</b> A link can come after the incident closed: the problem job answers after a round trip,
 * and in a replay or catch-up the incident job runs far ahead of it in event time. The function therefore keeps a
 * closed incident's last revision for {@code grace} of wall-clock time after the close reached it, and a link that
 * counts emits the closed incident again with its problem and the next revision. What holds: <b>when every link
 * reaches this function within {@code grace} of its incident's close, a replay gives the same last revision of every
 * incident</b>. A link that comes later, or for an incident that this function never saw, is dropped and counted
 * ({@code problemLinksForForgottenIncidents}), as are links decided after the close. Wall-clock time decides only how
 * long a closed incident waits for links, never which links count: it stands for how far the problem job may lag
 * behind (seconds in normal running, tens of seconds when both jobs restart).
 *
 * <p>Links of an incident not seen yet (after a restart, the problem job's link may be read before the lifecycle
 * replays the incident) wait for it until the watermark passes their {@code decidedAt}.
 *
 * <pre>{@code
 * DataStream<Incident> named = changes.keyBy(Incident::id)
 *         .connect(problemLinks.keyBy(ProblemLink::incidentId))
 *         .process(new ProblemLinkFunction());
 * }</pre>
 */
public final class ProblemLinkFunction extends KeyedCoProcessFunction<String, Incident, ProblemLink, Incident> {
    /** How long (wall clock) a closed incident is kept for links that still come. */
    public static final Duration GRACE = Duration.ofMinutes(10);

    /** Earliest decided first (a link from before {@code decidedAt} existed first of all), then by problem id. */
    static final Comparator<ProblemLink> FIRST_FOUND = Comparator.comparing(ProblemLink::decidedAt,
            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(ProblemLink::problemId);

    /**
     * The incident's last lifecycle revision and its links, as the function keeps them.
     *
     * @param incident the lifecycle's last revision; null while only links of it came
     * @param counted  the links that count, first found first
     * @param waiting  the links not decided yet
     */
    public record LinkState(Incident incident, List<ProblemLink> counted, List<ProblemLink> waiting) {
    }

    private final long graceMillis;
    private transient ValueState<LinkState> state;
    private transient Counter applied;
    private transient Counter dropped;

    public ProblemLinkFunction() {
        this(GRACE);
    }

    /** @param grace how long (wall clock) a closed incident is kept for links that still come */
    public ProblemLinkFunction(Duration grace) {
        Preconditions.checkArgument(!grace.isNegative(), "grace cannot be negative");
        this.graceMillis = grace.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(IncidentJobDescriptors.problemLinks());
        applied = getRuntimeContext().getMetricGroup().counter("incidentsLinkedToProblems");
        dropped = getRuntimeContext().getMetricGroup().counter("problemLinksForForgottenIncidents");
    }

    @Override
    public void processElement1(Incident change, Context ctx, Collector<Incident> out) throws Exception {
        LinkState kept = state.value();
        List<ProblemLink> counted = new ArrayList<>(kept == null ? List.of() : kept.counted());
        List<ProblemLink> waiting = new ArrayList<>();
        for (ProblemLink link : kept == null ? List.<ProblemLink>of() : kept.waiting()) {
            if (counts(link, change)) {
                count(link, counted);
            } else if (change.status() == IncidentStatus.CLOSED) {
                dropped.inc(); // decided after the close
            } else {
                waiting.add(link);
            }
        }
        out.collect(named(change, counted));
        state.update(new LinkState(change, counted, waiting));
        if (change.status() == IncidentStatus.CLOSED) {
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + graceMillis);
        }
    }

    @Override
    public void processElement2(ProblemLink link, Context ctx, Collector<Incident> out) throws Exception {
        LinkState kept = state.value();
        if (kept != null && (has(kept.counted(), link) || has(kept.waiting(), link))) {
            return; // sent again (the problem job's sink is at least once)
        }
        Incident incident = kept == null ? null : kept.incident();
        List<ProblemLink> counted = new ArrayList<>(kept == null ? List.of() : kept.counted());
        List<ProblemLink> waiting = new ArrayList<>(kept == null ? List.of() : kept.waiting());
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
        state.update(new LinkState(incident, counted, waiting));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        LinkState kept = state.value();
        if (kept == null) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            if (kept.incident() != null && kept.incident().status() == IncidentStatus.CLOSED) {
                state.clear(); // the grace after the close has passed
            }
            return;
        }
        // the watermark has passed these links' decision: had the incident closed before it, its close would be here
        List<ProblemLink> counted = new ArrayList<>(kept.counted());
        List<ProblemLink> waiting = new ArrayList<>();
        boolean more = false;
        for (ProblemLink link : kept.waiting()) {
            if (link.decidedAt().toEpochMilli() > timestamp) {
                waiting.add(link);
            } else if (kept.incident() == null) {
                dropped.inc(); // never seen, or forgotten before this function kept incidents after their close
            } else {
                count(link, counted);
                more = true;
            }
        }
        if (more) {
            out.collect(named(kept.incident(), counted));
        }
        if (kept.incident() == null && waiting.isEmpty()) {
            state.clear();
        } else {
            state.update(new LinkState(kept.incident(), counted, waiting));
        }
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
        applied.inc();
    }

    private static boolean has(List<ProblemLink> links, ProblemLink link) {
        return links.stream().anyMatch(l -> l.problemId().equals(link.problemId()));
    }

    /** The lifecycle's revision with the first found problem and the revision that counts the links. */
    static Incident named(Incident incident, List<ProblemLink> counted) {
        if (counted.isEmpty()) {
            return incident;
        }
        String problemId = counted.get(0).problemId();
        return incident.withProblemId(problemId).withRevision(incident.revision() + counted.size());
    }
}
