package dev.itsm.jobs.problem;

import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.id.Ids;
import dev.itsm.core.model.Problem;
import dev.itsm.core.model.ProblemStatus;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.jobs.SingleTimer;
import dev.itsm.rules.KnownError;
import dev.itsm.rules.ProblemPattern;
import dev.itsm.rules.RulePack;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The problem of one pattern and signature (the key, {@code patternId|signature}): whether the incidents of the
 * signature recur as the pattern says, and the problem's lifecycle. All decisions use event time: an incident
 * change's time is its {@code updated} timestamp.
 *
 * <p><b>Order.</b> A change waits in keyed state until the watermark passes its time; then the changes of that time
 * are taken after the problem's own deadlines of that time (resolve, forgetting, incidents leaving the window), sorted
 * by incident id and revision, each at its own time. So the decisions (which change completes a problem, its
 * {@code @timestamp}, the order of its incident ids, who is a member near a window's edge) and the revisions depend
 * only on the changes, not on how the incidents topic's partitions interleave or how far a watermark step jumps: a
 * replay with the same rule pack gives the same problems and links with the same revisions. The price is latency: a problem opens once the
 * watermark has passed the change that completes it, i.e. once a change at least the out-of-orderness later has
 * come from every incidents partition not idle ({@link ProblemJob#watermarks()}). A change that arrives at or behind
 * the watermark (<em>late</em>: more out of order than the out-of-orderness, or from a partition that was idle) is
 * not dropped: it is taken at once, at its own time, after what was decided already; only then can its place in the
 * order depend on when it came (not its place in the problem's list of incidents, which is by opening). Such a
 * change that counts is counted in {@code lateIncidentChanges} (most do not: the incident counted with an earlier
 * change, as with the revisions the incident job adds for problem links, which repeat an incident's state at its
 * time and so never decide anything).
 *
 * <p><b>Counting.</b> An incident counts once, with its first change in that order, and only if that change comes
 * within the pattern's window of the incident's opening; its later changes count for nothing. The incidents that
 * counted are kept while their opening lies within the window, dropped as newer ones arrive and by an event-time
 * timer. A {@link ProblemPattern.Kind#CHRONIC_FLAPPING} pattern instead looks at every change: an open incident
 * reopened at least {@code min-reopens} times counts, once.
 *
 * <p><b>Opening.</b> Recurrence and service impact: {@code min-incidents} incidents opened within {@code window}.
 * Periodicity: {@code min-incidents} of them, within {@code window}, whose successive opening times are a regular
 * interval apart (each interval within {@code tolerance} of the median, the median at least an hour); other
 * incidents in between do not spoil the rhythm. Chronic flapping: one chronic incident. The problem (status
 * {@code NEW}) lists those incidents; its id is derived from the pattern, the signature and its first incident.
 *
 * <p><b>Lifecycle.</b> While it is open, every further incident that counts is linked to it. The problem lists its
 * incidents in the order of their opening, then id (the latest {@link #MAX_INCIDENT_IDS}), whatever order they were
 * linked in. It resolves when none was linked for the pack's problem quiet period; a later one reopens it (same
 * id). A resolved problem is forgotten after another quiet period, and the key's state with it. Each change emits
 * the whole problem with the next revision, and each linked incident a {@link ProblemLink} to
 * {@link ProblemJobDescriptors#PROBLEM_LINKS}, decided at the event time of the incident change that opened the
 * problem or joined the incident to it.
 *
 * <p><b>Rules.</b> The broadcast input carries the rule packs published while the job runs ({@link ActiveRulePack}).
 * Every candidate and timer processed after a pack arrived uses its patterns (window, {@code min-incidents},
 * tolerance, {@code min-reopens}), known errors and quiet period, and every problem revision made afterwards names
 * its lineage. What counted stays: the incidents kept for a signature count towards the changed pattern, and an open
 * problem stays open. A problem whose pattern the new pack no longer has gets no further incidents; it resolves after
 * the quiet period and is forgotten after another, as any problem, and the incidents kept for it are dropped.
 */
public final class ProblemFunction extends KeyedBroadcastProcessFunction<String, ProblemCandidate, RulePackRecord, Problem> {
    /** A problem lists at most this many incident ids, the latest; its occurrences keep counting. */
    static final int MAX_INCIDENT_IDS = 1000;
    /** The most incidents of one signature kept within a window (the most a pattern may ask for). */
    static final int MAX_SIGHTINGS = 1000;
    /** A periodicity is looked for among this many of the latest incidents. */
    static final int MAX_PERIODIC_SIGHTINGS = 100;
    /** The shortest median interval of a periodicity: more often than hourly is recurrence, not a rhythm. */
    static final Duration MIN_PERIOD = Duration.ofHours(1);

    private static final int ID_HEX_DIGITS = 20;
    private static final Comparator<Sighting> BY_OPENING = Comparator.comparing(Sighting::openedAt)
            .thenComparing(Sighting::incidentId);
    /** Event time, then incident id, then revision: an order that depends only on the data, not on its arrival. */
    static final Comparator<ProblemCandidate> IN_EVENT_TIME_ORDER = Comparator.comparing(ProblemCandidate::updated)
            .thenComparing(ProblemCandidate::incidentId).thenComparingLong(ProblemCandidate::revision);

    private final ActiveRulePack active;
    private transient RulePack rules;
    private transient Map<String, ProblemPattern> patterns;
    private transient long quietMillis;

    private transient MapState<String, Sighting> sightings;
    private transient MapState<Long, List<ProblemCandidate>> pending;
    private transient ValueState<Problem> problem;
    private transient ValueState<List<Sighting>> members;
    private transient ValueState<Long> timer;
    private transient Counter opened;
    private transient Counter resolved;
    private transient Counter reopened;
    private transient Counter linked;
    private transient Counter late;

    /** @param rules the start-up pack, until one arrives on the broadcast input */
    public ProblemFunction(RulePack rules) {
        this.active = new ActiveRulePack(rules);
    }

    /** Takes the pack that runs now, and what is derived from it. */
    private void use(ReadOnlyContext ctx) throws Exception {
        RulePack now = active.get(ctx.getBroadcastState(ActiveRulePack.STATE));
        if (now != rules) {
            rules = now;
            patterns = new HashMap<>();
            now.problemPatterns().forEach(pattern -> patterns.put(pattern.id(), pattern));
            quietMillis = now.problemQuietPeriod().toMillis();
        }
    }

    @Override
    public void open(OpenContext openContext) {
        var context = getRuntimeContext();
        active.open(context);
        rules = null;
        sightings = context.getMapState(ProblemJobDescriptors.sightings());
        pending = context.getMapState(ProblemJobDescriptors.pending());
        problem = context.getState(ProblemJobDescriptors.problem());
        members = context.getState(ProblemJobDescriptors.members());
        timer = context.getState(ProblemJobDescriptors.timer());
        var metrics = context.getMetricGroup();
        opened = metrics.counter("problemsOpened");
        resolved = metrics.counter("problemsResolved");
        reopened = metrics.counter("problemsReopened");
        linked = metrics.counter("incidentsLinked");
        late = metrics.counter("lateIncidentChanges");
    }

    @Override
    public void processElement(ProblemCandidate candidate, ReadOnlyContext ctx, Collector<Problem> out) throws Exception {
        use(ctx);
        long at = candidate.updated().toEpochMilli();
        if (at <= ctx.timerService().currentWatermark()) {
            // behind what was decided already: taken now, at its own time, rather than lost
            if (take(candidate, ctx, out)) {
                late.inc();
            }
            schedule(patterns.get(ProblemCandidate.patternIdOf(ctx.getCurrentKey())), ctx.timerService());
            return;
        }
        List<ProblemCandidate> same = pending.get(at);
        List<ProblemCandidate> waiting = same == null ? new ArrayList<>() : new ArrayList<>(same);
        waiting.add(candidate);
        pending.put(at, waiting);
        // the timer only has to come earlier, if at all: no need to look through what else waits
        Long registered = timer.value();
        if (registered == null || at < registered) {
            SingleTimer.moveTo(timer, ctx.timerService(), at);
        }
    }

    @Override
    public void processBroadcastElement(RulePackRecord pack, Context ctx, Collector<Problem> out) throws Exception {
        active.activate(pack, ctx.getBroadcastState(ActiveRulePack.STATE));
    }

    /**
     * What is due at {@code timestamp}, in this order: the problem's resolve or forgetting, the incidents leaving the
     * window, then the incident changes of that time, sorted by incident id and revision.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Problem> out) throws Exception {
        timer.clear();
        use(ctx);
        ProblemPattern pattern = patterns.get(ProblemCandidate.patternIdOf(ctx.getCurrentKey()));
        Problem current = problem.value();
        if (current != null && current.updated().toEpochMilli() + quietMillis <= timestamp) {
            if (current.status() == ProblemStatus.RESOLVED) {
                forget(); // a later incident of the signature counts towards a new problem
            } else {
                Problem done = change(current, ProblemStatus.RESOLVED, current.occurrences(), current.incidentIds(),
                        current.firstSeen(), current.lastSeen(), current.updated().toEpochMilli() + quietMillis);
                problem.update(done);
                out.collect(done);
                resolved.inc();
            }
        }
        if (pattern != null && pattern.kind() != ProblemPattern.Kind.CHRONIC_FLAPPING) {
            prune(pattern.window().toMillis(), timestamp);
        }
        for (ProblemCandidate candidate : due(timestamp)) {
            take(candidate, ctx, out);
        }
        schedule(pattern, ctx.timerService());
    }

    /** The changes waiting up to {@code timestamp}, removed from the state, in a total order of their data. */
    private List<ProblemCandidate> due(long timestamp) throws Exception {
        List<Long> times = new ArrayList<>();
        for (Long at : pending.keys()) {
            if (at <= timestamp) {
                times.add(at);
            }
        }
        List<ProblemCandidate> due = new ArrayList<>();
        for (Long at : times) {
            due.addAll(pending.get(at));
            pending.remove(at);
        }
        due.sort(IN_EVENT_TIME_ORDER);
        return due;
    }

    /**
     * One incident change, at its own event time: counting, opening, linking. Returns whether it counted (most
     * changes of an incident do not: only its first, or for chronic flapping its first chronic one).
     */
    private boolean take(ProblemCandidate candidate, ReadOnlyContext ctx, Collector<Problem> out) throws Exception {
        ProblemPattern pattern = patterns.get(candidate.patternId());
        if (pattern == null) {
            return false; // made with a pack that had the pattern, in flight when this one arrived
        }
        long eventTime = candidate.updated().toEpochMilli();
        Problem current = problem.value();
        Sighting sighting = new Sighting(candidate.incidentId(), candidate.openedAt());
        if (current != null && current.incidentIds().contains(candidate.incidentId())) {
            return false;
        }
        if (pattern.kind() == ProblemPattern.Kind.CHRONIC_FLAPPING) {
            if (!candidate.open() || candidate.reopenCount() < pattern.minReopens()) {
                return false; // a resolve or close is no reopen: only an open incident that reopened often enough counts
            }
            if (current == null) {
                open(pattern, candidate, List.of(sighting), eventTime, ctx, out);
            } else {
                link(current, sighting, eventTime, ctx, out);
            }
            return true;
        } else if (!sightings.contains(candidate.incidentId())) {
            long windowMillis = pattern.window().toMillis();
            // the change's own time, not the watermark: how far a watermark step jumps must not decide anything
            if (candidate.openedAt().toEpochMilli() + windowMillis < eventTime) {
                return false; // first seen long after it opened: too old to say anything about recurrence
            }
            List<Sighting> recent = prune(windowMillis, eventTime);
            recent.add(sighting);
            recent.sort(BY_OPENING);
            sightings.put(sighting.incidentId(), sighting);
            while (recent.size() > MAX_SIGHTINGS) {
                sightings.remove(recent.remove(0).incidentId());
            }
            if (current != null) {
                link(current, sighting, eventTime, ctx, out);
            } else {
                List<Sighting> members = pattern.kind() == ProblemPattern.Kind.PERIODICITY
                        ? periodic(recent, pattern) : recurring(recent, pattern.minIncidents(), windowMillis);
                if (!members.isEmpty()) {
                    open(pattern, candidate, members, eventTime, ctx, out);
                }
            }
            return true;
        }
        return false;
    }

    // ---- opening and linking -----------------------------------------------------------------------------------

    private void open(ProblemPattern pattern, ProblemCandidate candidate, List<Sighting> members, long eventTime,
                      ReadOnlyContext ctx, Collector<Problem> out) throws Exception {
        Sighting first = members.get(0);
        String id = "prb-" + Ids.stable(pattern.id(), candidate.signature(), first.incidentId())
                .substring(0, ID_HEX_DIGITS);
        List<Sighting> listed = latest(members);
        Instant lastSeen = members.stream().map(Sighting::openedAt).max(Comparator.naturalOrder()).orElseThrow();
        KnownError known = knownError(pattern, candidate.signature());
        Problem created = new Problem(id, 1, title(pattern, candidate, members),
                known == null ? ProblemStatus.NEW : ProblemStatus.KNOWN_ERROR, pattern.id(), candidate.signature(),
                candidate.rootCauseCiId(), candidate.service(), first.openedAt(), lastSeen, members.size(), ids(listed),
                rules.lineage(), Instant.ofEpochMilli(eventTime), known == null ? null : known.workaround());
        problem.update(created);
        this.members.update(listed);
        out.collect(created);
        opened.inc();
        for (Sighting member : members) {
            ctx.output(ProblemJobDescriptors.PROBLEM_LINKS, new ProblemLink(member.incidentId(), id,
                    Instant.ofEpochMilli(eventTime)));
            linked.inc();
        }
    }

    /**
     * Links one more incident: the problem grows, and reopens when it was resolved. The incident takes its place
     * among the listed ones by its opening, not at the end: so the list is the same whatever order the incidents were
     * linked in (a change behind the watermark is taken when it comes, after later ones).
     */
    private void link(Problem current, Sighting sighting, long eventTime, ReadOnlyContext ctx, Collector<Problem> out)
            throws Exception {
        List<Sighting> listed = members.value();
        listed = listed == null
                // a state from before the members were kept: the problem's list as it is, before every newer incident
                ? new ArrayList<>(current.incidentIds().stream().map(id -> new Sighting(id, Instant.EPOCH)).toList())
                : new ArrayList<>(listed);
        int at = 0;
        while (at < listed.size() && BY_OPENING.compare(listed.get(at), sighting) < 0) {
            at++;
        }
        listed.add(at, sighting);
        listed = latest(listed);
        members.update(listed);
        Instant firstSeen = sighting.openedAt().isBefore(current.firstSeen()) ? sighting.openedAt()
                : current.firstSeen();
        Instant lastSeen = sighting.openedAt().isAfter(current.lastSeen()) ? sighting.openedAt() : current.lastSeen();
        boolean reopening = current.status() == ProblemStatus.RESOLVED;
        ProblemStatus open = current.workaround() == null ? ProblemStatus.NEW : ProblemStatus.KNOWN_ERROR;
        Problem grown = change(current, reopening ? open : current.status(), current.occurrences() + 1,
                ids(listed), firstSeen, lastSeen, Math.max(eventTime, current.updated().toEpochMilli()));
        problem.update(grown);
        out.collect(grown);
        if (reopening) {
            reopened.inc();
        }
        ctx.output(ProblemJobDescriptors.PROBLEM_LINKS, new ProblemLink(sighting.incidentId(), current.id(),
                Instant.ofEpochMilli(eventTime)));
        linked.inc();
    }

    /** The problem after a change: the next revision, the pack that made it, the change's event time. */
    private Problem change(Problem p, ProblemStatus status, int occurrences, List<String> incidentIds,
                           Instant firstSeen, Instant lastSeen, long eventTime) {
        return new Problem(p.id(), p.revision() + 1, p.title(), status, p.pattern(), p.signature(), p.rootCauseCiId(),
                p.service(), firstSeen, lastSeen, occurrences, incidentIds, rules.lineage(),
                Instant.ofEpochMilli(eventTime), p.workaround());
    }

    /**
     * The known error of {@code problems.yaml} a problem of this pattern and signature is: one limited to no pattern
     * or to this one, naming exactly the pattern's signature fields with the signature's values; null if none.
     */
    private KnownError knownError(ProblemPattern pattern, String signature) {
        for (KnownError known : rules.knownErrors()) {
            if ((known.pattern() != null && !known.pattern().equals(pattern.id()))
                    || !known.signature().keySet().equals(new java.util.HashSet<>(pattern.signature()))) {
                continue;
            }
            Map<String, String> ordered = new java.util.LinkedHashMap<>();
            pattern.signature().forEach(field -> ordered.put(field, known.signature().get(field)));
            if (SignatureFunction.signature(ordered).equals(signature)) {
                return known;
            }
        }
        return null;
    }

    /** The latest {@link #MAX_INCIDENT_IDS} of incidents in opening order. */
    private static List<Sighting> latest(List<Sighting> listed) {
        return listed.size() <= MAX_INCIDENT_IDS ? listed
                : new ArrayList<>(listed.subList(listed.size() - MAX_INCIDENT_IDS, listed.size()));
    }

    private static List<String> ids(List<Sighting> listed) {
        return listed.stream().map(Sighting::incidentId).toList();
    }

    static String title(ProblemPattern pattern, ProblemCandidate candidate, List<Sighting> members) {
        int count = members.size();
        return switch (pattern.kind()) {
            case RECURRENCE -> "Recurring: " + candidate.subject() + " (" + count + " incidents in "
                    + format(pattern.window()) + ")";
            case PERIODICITY -> "Periodic: " + candidate.subject() + " (" + count + " incidents about every "
                    + format(Duration.ofMillis(median(intervals(members)))) + ")";
            case SERVICE_IMPACT -> "Service repeatedly impacted: " + candidate.subject() + " (" + count
                    + " incidents in " + format(pattern.window()) + ")";
            case CHRONIC_FLAPPING -> "Chronic flapping: " + candidate.subject() + " (reopened "
                    + candidate.reopenCount() + " times)";
        };
    }

    /** {@code 30m}, {@code 24h}, {@code 23h55m}, {@code 8d}: to the minute, days only from two days on. */
    static String format(Duration duration) {
        long minutes = Math.round(duration.toMillis() / 60_000.0);
        long hours = minutes / 60;
        if (minutes % 60 != 0) {
            return hours == 0 ? minutes + "m" : hours + "h" + minutes % 60 + "m";
        }
        return hours >= 48 && hours % 24 == 0 ? hours / 24 + "d" : hours + "h";
    }

    // ---- the patterns ------------------------------------------------------------------------------------------

    /**
     * The incidents of the first span of at most {@code window} that holds {@code min} of them, with every later
     * incident that still fits in it; empty when there is none. {@code sorted} by opening time.
     */
    static List<Sighting> recurring(List<Sighting> sorted, int min, long windowMillis) {
        int start = 0;
        for (int end = 0; end < sorted.size(); end++) {
            while (millis(sorted.get(end)) - millis(sorted.get(start)) > windowMillis) {
                start++;
            }
            if (end - start + 1 >= min) {
                while (end + 1 < sorted.size() && millis(sorted.get(end + 1)) - millis(sorted.get(start)) <= windowMillis) {
                    end++;
                }
                return List.copyOf(sorted.subList(start, end + 1));
            }
        }
        return List.of();
    }

    /**
     * {@code min-incidents} incidents within the window whose successive intervals are each within the tolerance of
     * their median, the median at least {@link #MIN_PERIOD}: the latest such chain, found by taking each pair of
     * incidents as a chain's last interval and walking back one interval at a time (the closest incident to one
     * interval earlier, within the tolerance). Empty when there is none. {@code sorted} by opening time.
     */
    static List<Sighting> periodic(List<Sighting> sorted, ProblemPattern pattern) {
        List<Sighting> latest = sorted.subList(Math.max(0, sorted.size() - MAX_PERIODIC_SIGHTINGS), sorted.size());
        int min = pattern.minIncidents();
        long window = pattern.window().toMillis();
        long tolerance = pattern.tolerance().toMillis();
        long shortest = MIN_PERIOD.toMillis() - tolerance;
        for (int last = latest.size() - 1; last >= min - 1; last--) {
            for (int previous = last - 1; previous >= 0; previous--) {
                long interval = millis(latest.get(last)) - millis(latest.get(previous));
                if (interval < shortest) {
                    continue;
                }
                if ((interval - tolerance) * (min - 1) > window) {
                    break; // even the shortest chain of such intervals would not fit in the window; earlier ones are longer
                }
                List<Sighting> chain = new ArrayList<>(List.of(latest.get(last), latest.get(previous)));
                int at = previous;
                while (chain.size() < min) {
                    int next = closest(latest, at, interval, tolerance);
                    if (next < 0) {
                        break;
                    }
                    chain.add(latest.get(next));
                    at = next;
                }
                if (chain.size() == min) {
                    chain.sort(BY_OPENING);
                    if (regular(chain, window, tolerance)) {
                        return List.copyOf(chain);
                    }
                }
            }
        }
        return List.of();
    }

    /** The incident before {@code at} whose distance to it is closest to {@code interval}, within the tolerance. */
    private static int closest(List<Sighting> sorted, int at, long interval, long tolerance) {
        int best = -1;
        long bestOff = Long.MAX_VALUE;
        for (int i = at - 1; i >= 0; i--) {
            long gap = millis(sorted.get(at)) - millis(sorted.get(i));
            if (gap > interval + tolerance) {
                break;
            }
            long off = Math.abs(gap - interval);
            if (off <= tolerance && off < bestOff) {
                best = i;
                bestOff = off;
            }
        }
        return best;
    }

    private static boolean regular(List<Sighting> chain, long window, long tolerance) {
        if (millis(chain.get(chain.size() - 1)) - millis(chain.get(0)) > window) {
            return false;
        }
        List<Long> intervals = intervals(chain);
        long median = median(intervals);
        if (median < MIN_PERIOD.toMillis()) {
            return false;
        }
        for (long interval : intervals) {
            if (Math.abs(interval - median) > tolerance) {
                return false;
            }
        }
        return true;
    }

    private static List<Long> intervals(List<Sighting> sorted) {
        List<Long> intervals = new ArrayList<>(sorted.size() - 1);
        for (int i = 1; i < sorted.size(); i++) {
            intervals.add(millis(sorted.get(i)) - millis(sorted.get(i - 1)));
        }
        return intervals;
    }

    /** The median; of an even count, the mean of the middle two. */
    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static long millis(Sighting sighting) {
        return sighting.openedAt().toEpochMilli();
    }

    // ---- state and the timer -----------------------------------------------------------------------------------

    /** Drops the incidents whose opening has left the window; the others, in no particular order. */
    private List<Sighting> prune(long windowMillis, long now) throws Exception {
        List<Sighting> kept = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        for (Sighting sighting : sightings.values()) {
            if (millis(sighting) + windowMillis < now) {
                expired.add(sighting.incidentId());
            } else {
                kept.add(sighting);
            }
        }
        for (String id : expired) {
            sightings.remove(id);
        }
        return kept;
    }

    /**
     * Keeps one event-time timer per key, at the earliest of: the problem's resolve (or, resolved, its forgetting),
     * the moment the oldest kept incident leaves the window, and the earliest change waiting for the watermark. None
     * when the key has no state left. Incidents kept
     * for a pattern that the running pack no longer has ({@code pattern} null), or has as chronic flapping, which
     * keeps none, are dropped: they can never count.
     */
    private void schedule(ProblemPattern pattern, TimerService timers) throws Exception {
        long next = Long.MAX_VALUE;
        Problem current = problem.value();
        if (current != null) {
            next = current.updated().toEpochMilli() + quietMillis;
        }
        if (pattern != null && pattern.kind() != ProblemPattern.Kind.CHRONIC_FLAPPING) {
            long windowMillis = pattern.window().toMillis();
            for (Sighting sighting : sightings.values()) {
                next = Math.min(next, millis(sighting) + windowMillis + 1);
            }
        } else if (!sightings.isEmpty()) {
            sightings.clear();
        }
        for (Long at : pending.keys()) {
            next = Math.min(next, at);
        }
        SingleTimer.moveTo(timer, timers, next);
    }

    /** Forgets the problem and the incidents kept for it; changes still waiting for the watermark stay. */
    private void forget() {
        sightings.clear();
        problem.clear();
        members.clear();
    }
}
