package dev.itsm.jobs.sla;

import dev.itsm.jobs.SingleTimer;
import dev.itsm.jobs.IncidentFacts;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.SlaKind;
import dev.itsm.core.model.SlaState;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.rules.BusinessCalendar;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.SlaPolicy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two SLA clocks of one incident (the key: incident id), fed the incident changelog ({@code Either.Left}) and the
 * actions people take on incidents ({@code Either.Right}). All decisions use event time: an incident change's {@code updated}, an
 * action's {@code at}.
 *
 * <p><b>Clocks.</b> Both start at the incident's opening ({@code openedAt}), with the targets of the pack's first
 * SLA policy that matches the incident's priority, impacted services and support group, and count business time
 * in that policy's calendar. The <em>response</em> clock stops when the incident is acknowledged (an {@code ACK}
 * action, or a change with {@code acknowledgedAt} set or status acknowledged; at {@code acknowledgedAt} when the
 * change has it) or resolved; the <em>resolution</em> clock when it is resolved (a {@code RESOLVE} action, or a
 * change with status resolved, at {@code resolvedAt}) or closed. A clock stopped before its target is {@code MET},
 * one stopped after it stays {@code BREACHED}.
 *
 * <p><b>Pauses.</b> Both running clocks pause while the incident's status is one of the pack's pause statuses or
 * it is on hold by a {@code HOLD} action until a {@code RESUME}: the latest signal by event time wins (one read late,
 * older than the signal that decided, changes nothing), where the incident's status
 * signals only when it moves into or out of the pause statuses (so a {@code RESUME} action resumes at once, without
 * waiting for the incident job's next change).
 *
 * <p><b>Thresholds.</b> Each running clock has one pending threshold: the next of the pack's warning percentages,
 * then 100 % (the breach). Its instant is {@code calendar.addBusinessTime(since, target × pct / 100 − elapsed)}, and
 * the key has one event-time timer at the earliest (rounded up to the millisecond), moved on every pause, resume,
 * re-target and stop. A change at a later event time first passes the thresholds before it, so the output does not
 * depend on how far the watermark had come: each crossing is emitted at its exact instant. After the breach the
 * clock keeps counting (remaining goes negative) and has no timer.
 *
 * <p><b>Re-targeting.</b> A change of priority, services or support group that picks another policy (or of the
 * support group alone) re-targets the clocks that have not stopped: the new policy's target and calendar, the
 * elapsed time kept. Warnings the new target has already passed count as passed (fewer when it grew); a breach
 * stays a breach.
 *
 * <p><b>Reopening.</b> An open change with a higher reopen count than seen restarts the resolution clock from
 * where it stopped: the elapsed time is kept and the time the incident spent resolved does not count, because the
 * target is for getting the incident resolved for good, not for each attempt; a breach stays a breach. The response
 * clock is not restarted: the incident was already responded to.
 *
 * <p><b>Output.</b> Every change of a clock (started, paused, resumed, warning, breached, met, re-targeted,
 * reopened) emits its whole {@link SlaStatus} with the next revision. A change that changes nothing about a clock
 * emits nothing for it.
 *
 * <p><b>Order and lateness.</b> Incident revisions not newer than the latest seen are ignored (replays). A change
 * whose event time lies before a clock's last change applies at that last change (an acknowledgement that arrives
 * after the breach was emitted stops a breached clock). Actions for an incident not seen yet wait (at most {@link
 * #MAX_PENDING_ACTIONS}, for {@link #PENDING_ACTIONS_TTL} of event time) and apply, in time order, when its first
 * change comes. When the incident closes, its state is cleared, and a later revision of it (a problem link that came
 * after the close names the problem on one) is ignored.
 *
 * <p><b>Rules.</b> The broadcast input carries the rule packs published while the job runs ({@link ActiveRulePack}):
 * from the moment one arrives, every change, action and timer of this instance uses its policies, calendars, pause
 * statuses and warnings, and every status emitted names it. A running clock keeps its policy and target until a change
 * of the incident picks another policy, or the new pack no longer has that policy (then it is re-targeted to the one
 * the pack picks, as after a restart with another pack).
 */
public final class SlaFunction extends KeyedBroadcastProcessFunction<String, Either<IncidentFacts, IncidentAction>, RulePackRecord, SlaStatus> {
    /** The most actions kept for one incident that has not been seen yet; later ones are dropped. */
    static final int MAX_PENDING_ACTIONS = 100;
    /** How long (event time) actions wait for their incident before they are dropped. */
    static final Duration PENDING_ACTIONS_TTL = Duration.ofDays(7);

    private final ActiveRulePack active;
    private transient RulePack rules;
    private transient Map<String, SlaPolicy> policies;
    /** The warning percentages, then 100. */
    private transient List<Integer> thresholds;
    private transient Set<IncidentStatus> pauseStatuses;

    private transient ValueState<SlaIncident> incident;
    private transient ValueState<SlaClock> response;
    private transient ValueState<SlaClock> resolution;
    private transient ListState<IncidentAction> pending;
    private transient ValueState<Long> timer;
    private transient Counter breaches;
    private transient Counter warnings;
    private transient Counter met;

    /** @param rules the start-up pack, until one arrives on the broadcast input */
    public SlaFunction(RulePack rules) {
        this.active = new ActiveRulePack(rules);
    }

    /** The key of the keyed input: the incident id of a change or an action. */
    public static String incidentId(Either<IncidentFacts, IncidentAction> input) {
        return input.isLeft() ? input.left().id() : input.right().incidentId();
    }

    /** Takes the pack that runs now, and what is derived from it. */
    private void use(ReadOnlyContext ctx) throws Exception {
        RulePack now = active.get(ctx.getBroadcastState(ActiveRulePack.STATE));
        if (now == rules) {
            return;
        }
        rules = now;
        policies = new HashMap<>();
        now.slaPolicies().forEach(policy -> policies.put(policy.id(), policy));
        List<Integer> all = new ArrayList<>(now.slaWarnings());
        all.add(100);
        thresholds = List.copyOf(all);
        pauseStatuses = Set.copyOf(now.slaPauseStatuses());
    }

    @Override
    public void open(OpenContext openContext) {
        var context = getRuntimeContext();
        active.open(context);
        rules = null;
        incident = context.getState(SlaJobDescriptors.incident());
        response = context.getState(SlaJobDescriptors.response());
        resolution = context.getState(SlaJobDescriptors.resolution());
        pending = context.getListState(SlaJobDescriptors.pendingActions());
        timer = context.getState(SlaJobDescriptors.timer());
        var metrics = context.getMetricGroup();
        breaches = metrics.counter("slaBreaches");
        warnings = metrics.counter("slaWarnings");
        met = metrics.counter("slaMet");
    }

    // ---- inputs ------------------------------------------------------------------------------------------------

    @Override
    public void processElement(Either<IncidentFacts, IncidentAction> input, ReadOnlyContext ctx, Collector<SlaStatus> out) throws Exception {
        use(ctx);
        if (input.isLeft()) {
            change(input.left(), ctx, out);
        } else {
            action(input.right(), ctx, out);
        }
    }

    @Override
    public void processBroadcastElement(RulePackRecord pack, Context ctx, Collector<SlaStatus> out) throws Exception {
        active.activate(pack, ctx.getBroadcastState(ActiveRulePack.STATE));
    }

    private void change(IncidentFacts change, ReadOnlyContext ctx, Collector<SlaStatus> out) throws Exception {
        SlaIncident facts = incident.value();
        if (facts != null && change.revision() <= facts.revision()) {
            return; // a replayed or out-of-date revision: its news is already in the clocks
        }
        if (facts == null && change.status() == IncidentStatus.CLOSED) {
            // closed and forgotten here (its close stopped both clocks), and revised again since: a problem link that
            // came after the close names the problem on it. Clocks started now would count from its opening again
            return;
        }
        Clock rsp;
        Clock rsl;
        String id = change.id();
        if (facts == null) {
            SlaPolicy policy = policyOf(change.priority(), change.impactedServices(), change.supportGroup());
            rsp = Clock.start(SlaKind.RESPONSE, policy, change);
            rsl = Clock.start(SlaKind.RESOLUTION, policy, change);
            emit(id, rsp, change.openedAt(), out);
            emit(id, rsl, change.openedAt(), out);
            facts = new SlaIncident(IncidentStatus.NEW, change.priority(), change.impactedServices(),
                    change.supportGroup(), false, false, change.reopenCount(), 0, Long.MIN_VALUE);
            List<IncidentAction> waiting = new ArrayList<>();
            pending.get().forEach(waiting::add);
            pending.clear();
            waiting.sort(Comparator.comparing(IncidentAction::at));
            for (IncidentAction action : waiting) {
                facts = apply(id, action, facts, rsp, rsl, out);
            }
        } else {
            rsp = load(response.value(), facts);
            rsl = load(resolution.value(), facts);
        }
        facts = apply(id, change, facts, rsp, rsl, out);
        if (change.status() == IncidentStatus.CLOSED) {
            clear(ctx.timerService()); // closing stopped both clocks: nothing more can change
            return;
        }
        save(facts, rsp, rsl);
        schedule(facts, rsp, rsl, ctx.timerService());
    }

    private void action(IncidentAction action, ReadOnlyContext ctx, Collector<SlaStatus> out) throws Exception {
        SlaIncident facts = incident.value();
        if (facts == null) {
            List<IncidentAction> waiting = new ArrayList<>();
            pending.get().forEach(waiting::add);
            if (waiting.size() < MAX_PENDING_ACTIONS) {
                pending.add(action);
            }
            schedule(null, null, null, ctx.timerService());
            return;
        }
        Clock rsp = load(response.value(), facts);
        Clock rsl = load(resolution.value(), facts);
        facts = apply(action.incidentId(), action, facts, rsp, rsl, out);
        save(facts, rsp, rsl);
        schedule(facts, rsp, rsl, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SlaStatus> out) throws Exception {
        use(ctx);
        timer.clear();
        SlaIncident facts = incident.value();
        if (facts == null) {
            long oldest = timestamp - PENDING_ACTIONS_TTL.toMillis();
            List<IncidentAction> kept = new ArrayList<>();
            pending.get().forEach(action -> {
                if (action.at().toEpochMilli() > oldest) {
                    kept.add(action);
                }
            });
            pending.update(kept);
            schedule(null, null, null, ctx.timerService());
            return;
        }
        Clock rsp = load(response.value(), facts);
        Clock rsl = load(resolution.value(), facts);
        Instant now = Instant.ofEpochMilli(timestamp);
        String id = ctx.getCurrentKey();
        catchUp(id, rsp, now, out);
        catchUp(id, rsl, now, out);
        save(facts, rsp, rsl);
        schedule(facts, rsp, rsl, ctx.timerService());
    }

    // ---- changes -----------------------------------------------------------------------------------------------

    /** Applies an incident change to the clocks; returns what to remember of the incident now. */
    private SlaIncident apply(String id, IncidentFacts change, SlaIncident facts, Clock rsp, Clock rsl,
                              Collector<SlaStatus> out) {
        Instant at = change.updated();
        IncidentStatus status = change.status();
        boolean resolved = status == IncidentStatus.RESOLVED || status == IncidentStatus.CLOSED;
        if (change.acknowledgedAt() != null || status == IncidentStatus.ACKNOWLEDGED || resolved) {
            Instant ackAt = change.acknowledgedAt() != null ? change.acknowledgedAt()
                    : status == IncidentStatus.RESOLVED && change.resolvedAt() != null ? change.resolvedAt() : at;
            stop(id, rsp, earlier(ackAt, at), out);
        }
        if (resolved) {
            stop(id, rsl, earlier(change.resolvedAt() != null ? change.resolvedAt() : at, at), out);
        }
        boolean pausedByStatus = pauseStatuses.contains(status);
        // a move into or out of a pause status is a signal at the change's time; an older signal than the one that
        // decided the pause (an action read earlier) does not overrule it
        boolean signal = pausedByStatus != facts.pausedByStatus() && at.toEpochMilli() >= facts.pauseSignalAt();
        boolean paused = signal ? pausedByStatus : facts.paused();
        long pauseSignalAt = signal ? at.toEpochMilli() : facts.pauseSignalAt();
        if (!resolved && rsl.stoppedAt != null && change.reopenCount() > facts.reopenCount()) {
            catchUp(id, rsl, at, out);
            rsl.stoppedAt = null;
            rsl.paused = paused;
            rsl.since = later(rsl.since, at);
            emit(id, rsl, at, out);
        }
        SlaPolicy policy = policyOf(change.priority(), change.impactedServices(), change.supportGroup());
        for (Clock clock : List.of(rsp, rsl)) {
            if (clock.stoppedAt != null) {
                continue;
            }
            catchUp(id, clock, at, out);
            clock.fold(at);
            Shape before = clock.shape(thresholds.size());
            retarget(clock, policy, change.priority(), change.supportGroup());
            clock.paused = paused;
            if (!clock.shape(thresholds.size()).equals(before)) {
                emit(id, clock, at, out);
            }
            catchUp(id, clock, at, out); // a smaller target may be passed already
        }
        return new SlaIncident(status, change.priority(), change.impactedServices(), change.supportGroup(),
                pausedByStatus, paused, Math.max(facts.reopenCount(), change.reopenCount()), change.revision(), pauseSignalAt);
    }

    /** Applies an action to the clocks; returns what to remember of the incident now. */
    private SlaIncident apply(String id, IncidentAction action, SlaIncident facts, Clock rsp, Clock rsl,
                              Collector<SlaStatus> out) {
        Instant at = action.at();
        switch (action.action()) {
            case ACK -> stop(id, rsp, at, out);
            case RESOLVE -> {
                stop(id, rsp, at, out);
                stop(id, rsl, at, out);
            }
            case HOLD, RESUME -> {
                if (at.toEpochMilli() < facts.pauseSignalAt()) {
                    return facts; // read late: a later pause or resume signal has decided already
                }
                boolean paused = action.action() == IncidentAction.Action.HOLD;
                for (Clock clock : List.of(rsp, rsl)) {
                    if (clock.stoppedAt == null && clock.paused != paused) {
                        catchUp(id, clock, at, out);
                        clock.fold(at);
                        clock.paused = paused;
                        emit(id, clock, clock.since, out);
                    }
                }
                return facts.withPaused(paused, at.toEpochMilli());
            }
        }
        return facts;
    }

    /** Stops a clock that has not stopped yet, at {@code at} or its last change, whichever is later. */
    private void stop(String id, Clock clock, Instant at, Collector<SlaStatus> out) {
        if (clock.stoppedAt != null) {
            return;
        }
        catchUp(id, clock, at, out);
        clock.fold(at);
        clock.stoppedAt = clock.since;
        if (clock.breachedAt == null) {
            met.inc();
        }
        emit(id, clock, clock.since, out);
    }

    /** Gives a clock the target and calendar of {@code policy}, keeping its elapsed time. */
    private void retarget(Clock clock, SlaPolicy policy, Priority priority, String supportGroup) {
        clock.supportGroup = supportGroup;
        long target = target(policy, clock.kind);
        if (policy.id().equals(clock.policy) && priority == clock.priority && target == clock.target) {
            return;
        }
        clock.policy = policy.id();
        clock.calendar = policy.calendar();
        clock.priority = priority;
        clock.target = target;
        if (clock.breachedAt == null) {
            int passed = 0;
            while (passed < thresholds.size() - 1 && clock.threshold(thresholds.get(passed)) <= clock.elapsed) {
                passed++;
            }
            if (passed > clock.crossed) {
                warnings.inc(passed - clock.crossed);
            }
            clock.crossed = passed;
        }
    }

    /** Passes, in order, the thresholds a running clock reaches by {@code to}, emitting each at its instant. */
    private void catchUp(String id, Clock clock, Instant to, Collector<SlaStatus> out) {
        while (clock.running() && clock.crossed < thresholds.size()) {
            int percent = thresholds.get(clock.crossed);
            Instant at = clock.crossing(percent);
            if (at.isAfter(to)) {
                return;
            }
            clock.elapsed = Math.max(clock.elapsed, clock.threshold(percent));
            clock.since = at;
            clock.crossed++;
            if (clock.crossed == thresholds.size()) {
                clock.breachedAt = at;
                breaches.inc();
            } else {
                warnings.inc();
            }
            emit(id, clock, at, out);
        }
    }

    private void emit(String id, Clock clock, Instant at, Collector<SlaStatus> out) {
        clock.revision++;
        SlaState state = clock.state(thresholds.size());
        Instant breachAt = clock.breachedAt != null ? clock.breachedAt
                : clock.running() ? clock.crossing(100) : null;
        out.collect(new SlaStatus(SlaStatus.idOf(id, clock.kind), id, clock.kind, clock.policy, clock.priority, state,
                clock.target, clock.elapsed, clock.target - clock.elapsed, clock.elapsed * 100.0 / clock.target,
                clock.startedAt, breachAt, clock.stoppedAt, clock.supportGroup, clock.revision, rules.lineage(), at));
    }

    // ---- state and the timer -----------------------------------------------------------------------------------

    private SlaPolicy policyOf(Priority priority, List<String> services, String supportGroup) {
        return rules.slaPolicy(priority, services, supportGroup);
    }

    private static long target(SlaPolicy policy, SlaKind kind) {
        return (kind == SlaKind.RESPONSE ? policy.response() : policy.resolution()).toMillis();
    }

    /** The clock as kept; when the pack no longer has its policy, re-targeted to the one the pack picks now. */
    private Clock load(SlaClock kept, SlaIncident facts) {
        SlaPolicy policy = policies.get(kept.policy());
        Clock clock = new Clock(kept, policy == null ? BusinessCalendar.ALWAYS_OPEN : policy.calendar());
        if (policy == null && clock.stoppedAt == null) {
            retarget(clock, policyOf(facts.priority(), facts.services(), facts.supportGroup()), clock.priority,
                    clock.supportGroup);
        }
        return clock;
    }

    private void save(SlaIncident facts, Clock rsp, Clock rsl) throws Exception {
        incident.update(facts);
        response.update(rsp.kept());
        resolution.update(rsl.kept());
    }

    /**
     * Keeps one event-time timer per key, at the earliest pending threshold of a running clock, or, for an incident
     * not seen yet, when its oldest waiting action expires. None when there is neither.
     */
    private void schedule(SlaIncident facts, Clock rsp, Clock rsl, TimerService timers) throws Exception {
        long next = Long.MAX_VALUE;
        if (facts == null) {
            for (IncidentAction action : pending.get()) {
                next = Math.min(next, action.at().toEpochMilli() + PENDING_ACTIONS_TTL.toMillis());
            }
        } else {
            for (Clock clock : List.of(rsp, rsl)) {
                if (clock.running() && clock.crossed < thresholds.size()) {
                    next = Math.min(next, ceilMillis(clock.crossing(thresholds.get(clock.crossed))));
                }
            }
        }
        SingleTimer.moveTo(timer, timers, next);
    }

    private void clear(TimerService timers) throws Exception {
        Long registered = timer.value();
        if (registered != null) {
            timers.deleteEventTimeTimer(registered);
        }
        incident.clear();
        response.clear();
        resolution.clear();
        pending.clear();
        timer.clear();
    }

    /** The first millisecond at or after the instant: a timer there has seen the crossing. */
    static long ceilMillis(Instant at) {
        long millis = at.toEpochMilli();
        return at.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** What makes a clock's status worth a new revision, apart from time passing. */
    private record Shape(SlaState state, String policy, Priority priority, long target, String supportGroup,
                         boolean paused, Instant stoppedAt) {
    }

    /** A clock being changed: {@link SlaClock} made mutable for the length of one input, with its calendar. */
    private static final class Clock {
        final SlaKind kind;
        String policy;
        BusinessCalendar calendar;
        Priority priority;
        long target;
        long elapsed;
        Instant since;
        boolean paused;
        final Instant startedAt;
        Instant stoppedAt;
        int crossed;
        Instant breachedAt;
        String supportGroup;
        long revision;

        Clock(SlaClock kept, BusinessCalendar calendar) {
            this.kind = kept.kind();
            this.policy = kept.policy();
            this.calendar = calendar;
            this.priority = kept.priority();
            this.target = kept.targetMillis();
            this.elapsed = kept.elapsedMillis();
            this.since = kept.since();
            this.paused = kept.paused();
            this.startedAt = kept.startedAt();
            this.stoppedAt = kept.stoppedAt();
            this.crossed = kept.crossed();
            this.breachedAt = kept.breachedAt();
            this.supportGroup = kept.supportGroup();
            this.revision = kept.revision();
        }

        static Clock start(SlaKind kind, SlaPolicy policy, IncidentFacts incident) {
            return new Clock(new SlaClock(kind, policy.id(), incident.priority(), target(policy, kind), 0,
                    incident.openedAt(), false, incident.openedAt(), null, 0, null, incident.supportGroup(), 0),
                    policy.calendar());
        }

        SlaClock kept() {
            return new SlaClock(kind, policy, priority, target, elapsed, since, paused, startedAt, stoppedAt, crossed,
                    breachedAt, supportGroup, revision);
        }

        boolean running() {
            return stoppedAt == null && !paused;
        }

        /** The elapsed business milliseconds at which {@code percent} of the target is reached. */
        long threshold(int percent) {
            return target * percent / 100;
        }

        /** When a running clock reaches {@code percent} of its target ({@code since} when it already has). */
        Instant crossing(int percent) {
            return calendar.addBusinessTime(since, Duration.ofMillis(Math.max(0, threshold(percent) - elapsed)));
        }

        /** Counts the business time up to {@code to} (when running) and moves {@code since} there. */
        void fold(Instant to) {
            if (!to.isAfter(since)) {
                return;
            }
            if (running()) {
                elapsed += calendar.businessTimeBetween(since, to).toMillis();
            }
            since = to;
        }

        SlaState state(int thresholds) {
            if (breachedAt != null) {
                return SlaState.BREACHED;
            }
            if (stoppedAt != null) {
                return SlaState.MET;
            }
            if (paused) {
                return SlaState.PAUSED;
            }
            return crossed > 0 && crossed < thresholds ? SlaState.WARNING : SlaState.RUNNING;
        }

        Shape shape(int thresholds) {
            return new Shape(state(thresholds), policy, priority, target, supportGroup, paused, stoppedAt);
        }
    }
}
