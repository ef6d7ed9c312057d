package dev.itsm.jobs.slo;

import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.BurnRate;
import dev.itsm.core.model.SloStatus;
import dev.itsm.jobs.SingleTimer;
import dev.itsm.rules.BurnRateRule;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.SloDefinition;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SLO of one business service (the key: service id), fed the starts and stops of the incidents that make it
 * unavailable ({@link ServiceImpactFunction}). All decisions use event time.
 *
 * <p><b>Slices.</b> Time is cut into slices of the SLO's {@code time-slice}, aligned to the epoch (slice {@code k} is
 * {@code [k × len, (k + 1) × len)}). The service is unavailable while at least one incident impacts it (two
 * overlapping incidents count once). A slice is decided when the event time passes its end: it is bad when the
 * service was unavailable for more than {@code (1 - time-slice-target) × len} of it. Bad slices are kept as merged
 * runs, as far back as the longest of the SLO window and the burn-rate windows reaches.
 *
 * <p><b>Numbers</b>, over the decided slices (the open one counts once decided). With {@code W} the slices in the SLO
 * window and {@code b} the bad ones among the last {@code W}: compliance {@code 1 - b / W}, error budget remaining
 * {@code 1 - b / ((1 - objective) × W)}, unavailable time {@code b × len}. Time before the first input the function saw
 * for the service counts as good: there is no history to say otherwise. The burn rate over a window {@code w} is
 * {@code (bad slices in the last w / slices in w) / (1 - objective)}; a pair fires when both its long and short rate
 * are at least its factor (within floating-point rounding) and clears when either drops below.
 *
 * <p><b>Output.</b> A {@link SloStatus} with the next revision whenever the bad slices in the SLO's window change, a
 * pair fires or clears, or the service becomes unavailable or available again. Its time is the slice end (or the
 * input) at which that happened. A burn rate that only decays (a bad slice leaving a burn-rate window, minute after
 * minute for up to the longest window after an outage) emits nothing: the status carries the rates as of its time,
 * the gauges follow them live. Without that rule a long outage made a status per service and minute for days
 * (gigabytes in the incident benchmark) and held the whole job back. A pair that starts or stops firing also emits a burn-rate alert to {@link
 * SloJobDescriptors#BURN_RATE_ALERTS}: a raw record with a generic-format JSON alert {@value #ALERT_NAME} (labels
 * {@code slo}, {@code service}, {@code window}; firing, then resolved with the same start), header {@code
 * itsm.format: slo}, for the raw alerts topic, where it becomes an incident like any other alert. When a job restored
 * with another rule pack no longer has a firing pair, or gives the service another SLO, the first evaluation
 * resolves that pair's alert (a new slice length starts the count afresh, and the old pairs resolve the same way).
 *
 * <p><b>Timers.</b> One event-time timer per key, at the next instant something can change: the end of the open
 * slice while the service is unavailable (or was, in the open slice), else the next slice end at which a bad slice
 * leaves one of the windows, and the time of the earliest input still waiting for the watermark.
 *
 * <p><b>End of input.</b> A bounded run ends by moving event time to the end of time. A service still unavailable
 * then would be so forever, a slice at a time; the function stops stepping it at the first slice end and its last
 * status stands.
 *
 * <p><b>Order and lateness.</b> An input ahead of the watermark waits for it, so inputs apply in event-time order.
 * The inputs of one instant apply together, each incident's in its own order, and the status is evaluated once after
 * them: what the service is after that instant counts, not how the inputs of different incidents (which come through
 * different upstream channels) happened to interleave; one incident stopping as another starts is no change. An input
 * at or behind the watermark (late) applies at once, at its own time, or, when that lies before the end of the last
 * decided slice, at that slice end: late data never rewrites a decided slice. When the service is available and has
 * no bad slice in any window, its state is cleared (whether or not later inputs already wait), except its {@link
 * SloMemory}: the next status of the service continues its revisions, so the {@code itsm-slo} document (external
 * version) keeps accepting them, and a late input after the clearing still cannot decide a slice decided before it.
 * The first input after a clearing makes a status, as the first input of a service does.
 *
 * <p><b>Determinism.</b> The statuses, with their revisions, and the burn-rate alerts are a function of the inputs and
 * their event times alone: the same whatever steps the watermark takes (one after every input, one at the end, any in
 * between) and however the inputs of different incidents arrive interleaved, as long as none arrives at or behind the
 * watermark. So a replay regenerates the same records with the same revisions. Not covered: a late input (it applies
 * where the decided slices end, which depends on how far the watermark had come) and the end of a bounded input (a
 * service still unavailable stops being stepped wherever the watermark had come to).
 *
 * <p><b>Metrics</b> (best effort, on the subtask that holds the service): gauges {@code sloCompliance} and {@code
 * sloErrorBudgetRemaining} in group {@code service=<id>, slo=<name>}, and {@code sloBurnRate} (the long window's rate)
 * below it in group {@code window=<1h/5m>}; counter {@code sloBurnRateAlerts} (firing alerts raised).
 *
 * <p><b>Rules.</b> A rule pack published while the job runs (the broadcast input, {@link ActiveRulePack}) applies, from
 * the moment it arrives, to every input and timer: the service's SLO (objective, slice, windows) and the burn-rate
 * pairs, as after a restart with another pack (firing pairs the pack no longer has are resolved). The gauges of a
 * service keep the windows they were registered with.
 */
public final class SloFunction extends KeyedBroadcastProcessFunction<String, ServiceImpact, RulePackRecord, SloStatus> {
    /** The name of the burn-rate alerts. */
    public static final String ALERT_NAME = "SloErrorBudgetBurn";
    /** A rate this close below the factor still fires: {@code 0.9 / 0.09 = 9.999999999999998}. */
    private static final double ROUNDING = 1e-12;
    private static final long NOT_IMPACTED = -1;

    private final ActiveRulePack active;
    private transient RulePack rules;
    private transient List<BurnRateRule> burnRates;

    private transient MapState<String, Long> impacts;
    private transient ValueState<SloTrack> track;
    private transient ListState<ServiceImpact> pending;
    private transient ValueState<SloMemory> memory;
    private transient ValueState<Long> timer;
    private transient Counter alertsRaised;
    private transient MetricGroup metrics;
    /** Per service: compliance, budget remaining, then each pair's long rate; what the gauges read. */
    private transient Map<String, double[]> gaugeValues;

    /** @param rules the start-up pack, until one arrives on the broadcast input */
    public SloFunction(RulePack rules) {
        this.active = new ActiveRulePack(rules);
    }

    /** Takes the pack that runs now. */
    private void use(ReadOnlyContext ctx) throws Exception {
        RulePack now = active.get(ctx.getBroadcastState(ActiveRulePack.STATE));
        if (now != rules) {
            rules = now;
            burnRates = List.copyOf(now.burnRateRules());
        }
    }

    @Override
    public void open(OpenContext openContext) {
        var context = getRuntimeContext();
        active.open(context);
        rules = null;
        impacts = context.getMapState(SloJobDescriptors.impacts());
        track = context.getState(SloJobDescriptors.track());
        pending = context.getListState(SloJobDescriptors.pending());
        memory = context.getState(SloJobDescriptors.memory());
        timer = context.getState(SloJobDescriptors.timer());
        metrics = context.getMetricGroup();
        alertsRaised = metrics.counter("sloBurnRateAlerts");
        gaugeValues = new ConcurrentHashMap<>(); // read by the metric reporters' threads
    }

    // ---- inputs ------------------------------------------------------------------------------------------------

    @Override
    public void processElement(ServiceImpact input, ReadOnlyContext ctx, Collector<SloStatus> out) throws Exception {
        use(ctx);
        String service = ctx.getCurrentKey();
        SloDefinition slo = rules.sloFor(service).orElse(null);
        if (slo == null) {
            return; // the pack has no SLO for it (any more)
        }
        long watermark = ctx.timerService().currentWatermark();
        long at = input.at().toEpochMilli();
        if (at > watermark) {
            pending.add(input);
            // the timer only has to come earlier, if at all: no need to look through what waits (which grows with
            // the inputs between two watermarks, a quadratic cost under load)
            Long registered = timer.value();
            if (registered == null || at < registered) {
                SingleTimer.moveTo(timer, ctx.timerService(), at);
            }
            return;
        }
        Service s = load(service, slo, at);
        s.apply(List.of(input), ctx, out);
        s.save();
        schedule(service, slo, ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SloStatus> out) throws Exception {
        use(ctx);
        timer.clear();
        String service = ctx.getCurrentKey();
        SloDefinition slo = rules.sloFor(service).orElse(null);
        if (slo == null) {
            clear(ctx);
            return;
        }
        List<ServiceImpact> waiting = new ArrayList<>();
        pending.get().forEach(waiting::add);
        waiting.sort(Comparator.comparing(ServiceImpact::at)); // stable: an incident's same-time inputs keep their order
        List<ServiceImpact> later = new ArrayList<>();
        List<ServiceImpact> instant = new ArrayList<>();
        Service s = null;
        for (ServiceImpact input : waiting) {
            if (input.at().toEpochMilli() > timestamp) {
                later.add(input);
                continue;
            }
            if (!instant.isEmpty() && !instant.get(0).at().equals(input.at())) {
                s = applyAt(s, service, slo, instant, ctx, out);
                instant.clear();
            }
            instant.add(input);
        }
        if (!instant.isEmpty()) {
            s = applyAt(s, service, slo, instant, ctx, out);
        }
        pending.update(later);
        if (s == null) {
            SloTrack kept = track.value();
            if (kept == null) {
                schedule(service, slo, ctx);
                return;
            }
            s = load(service, slo, timestamp);
        }
        s.advance(timestamp, ctx, out);
        s.save();
        schedule(service, slo, ctx);
    }

    /** Applies the inputs of one instant together, loading the service first if need be. */
    private Service applyAt(Service s, String service, SloDefinition slo, List<ServiceImpact> instant,
                            ReadOnlyContext ctx, Collector<SloStatus> out) throws Exception {
        Service loaded = s != null ? s : load(service, slo, instant.get(0).at().toEpochMilli());
        loaded.apply(instant, ctx, out);
        return loaded;
    }

    // ---- state -------------------------------------------------------------------------------------------------

    /**
     * The service as kept, or a fresh one whose open slice holds {@code at} (or starts where the slices decided
     * before it was cleared end, when that is later).
     */
    private Service load(String service, SloDefinition slo, long at) throws Exception {
        SloTrack kept = track.value();
        long len = slo.timeSlice().toMillis();
        if (kept == null || kept.sliceMillis() != len) {
            // first signal, or the pack changed the slice length: count afresh (no slices to compare with)
            SloMemory remembered = memory.value();
            long decided = Math.max(kept != null ? kept.decidedUntil() : 0,
                    remembered != null ? remembered.decidedUntil() : 0);
            long start = Math.max(Math.floorDiv(at, len), -Math.floorDiv(-decided, len)) * len;
            boolean impacted = impacts.keys().iterator().hasNext();
            // pairs that fired on the old slices resolve at the first evaluation
            return new Service(service, slo, kept != null ? kept.slo() : slo.id(), start, 0,
                    impacted ? start : NOT_IMPACTED, new ArrayList<>(),
                    new LinkedHashMap<>(kept != null ? kept.firingSince() : Map.of()), List.of());
        }
        return new Service(service, slo, kept.slo(), kept.decidedUntil(), kept.openImpactMillis(),
                kept.impactedSince(), new ArrayList<>(kept.bad()), new LinkedHashMap<>(kept.firingSince()),
                kept.shape());
    }

    private void schedule(String service, SloDefinition slo, ReadOnlyContext ctx) throws Exception {
        long next = Long.MAX_VALUE;
        for (ServiceImpact input : pending.get()) {
            next = Math.min(next, input.at().toEpochMilli());
        }
        SloTrack kept = track.value();
        if (kept != null) {
            Service s = load(service, slo, kept.decidedUntil());
            long change = s.nextChange();
            if (ctx.timerService().currentWatermark() == Long.MAX_VALUE && s.impactedSince != NOT_IMPACTED) {
                // the input has ended (a bounded run): a service still unavailable would be so until the end of
                // time, a slice at a time; its last status stands instead
                change = Long.MAX_VALUE;
            }
            next = Math.min(next, change);
        }
        SingleTimer.moveTo(timer, ctx.timerService(), next);
    }

    private void clear(ReadOnlyContext ctx) throws Exception {
        Long registered = timer.value();
        if (registered != null) {
            ctx.timerService().deleteEventTimeTimer(registered);
        }
        impacts.clear();
        track.clear();
        pending.clear();
        timer.clear();
    }

    // ---- the service's slices ----------------------------------------------------------------------------------

    /** One service's slices, made mutable for the length of one input or timer. */
    private final class Service {
        final String service;
        final SloDefinition slo;
        final long len;
        long decidedUntil;
        long openImpact;
        long impactedSince;
        final List<SliceRun> bad;
        final Map<String, Long> firingSince;
        List<Long> shape;
        /** The SLO whose id the firing pairs' alerts carry as label {@code slo}. */
        String firedFor;

        Service(String service, SloDefinition slo, String firedFor, long decidedUntil, long openImpact,
                long impactedSince, List<SliceRun> bad, Map<String, Long> firingSince, List<Long> shape) {
            this.service = service;
            this.slo = slo;
            this.len = slo.timeSlice().toMillis();
            this.decidedUntil = decidedUntil;
            this.openImpact = openImpact;
            this.impactedSince = impactedSince;
            this.bad = bad;
            this.firingSince = firingSince;
            this.shape = shape;
            this.firedFor = firedFor;
        }

        /**
         * Applies the inputs of one instant (each incident's in its order) at that instant, or at the end of the last
         * decided slice when it is late, and evaluates once: whether the service is unavailable after them, not how
         * the inputs of different incidents interleaved, decides what the status shows.
         */
        void apply(List<ServiceImpact> inputs, ReadOnlyContext ctx, Collector<SloStatus> out) throws Exception {
            long at = Math.max(inputs.get(0).at().toEpochMilli(), decidedUntil);
            advance(at, ctx, out);
            boolean wasImpacted = impactedSince != NOT_IMPACTED;
            for (ServiceImpact input : inputs) {
                if (input.impacting()) {
                    if (!impacts.contains(input.incidentId())) {
                        impacts.put(input.incidentId(), at);
                    }
                } else {
                    impacts.remove(input.incidentId());
                }
            }
            boolean impacted = impacts.keys().iterator().hasNext();
            if (impacted && !wasImpacted) {
                impactedSince = at;
            } else if (!impacted && wasImpacted) {
                openImpact += at - Math.max(impactedSince, decidedUntil);
                impactedSince = NOT_IMPACTED;
            }
            evaluate(at, ctx, out);
        }

        /** Decides the slices that end by {@code to}, and evaluates at each instant something changes. */
        void advance(long to, ReadOnlyContext ctx, Collector<SloStatus> out) throws Exception {
            for (long next = nextChange(); next <= to; next = nextChange()) {
                if (slicePending()) {
                    long end = decidedUntil + len;
                    long unavailable = openImpact
                            + (impactedSince == NOT_IMPACTED ? 0 : end - Math.max(impactedSince, decidedUntil));
                    if (unavailable > (1 - slo.timeSliceTarget()) * len) {
                        addBad(decidedUntil / len);
                    }
                    openImpact = 0;
                    decidedUntil = end;
                } else {
                    decidedUntil = next;
                }
                prune();
                evaluate(decidedUntil, ctx, out);
            }
            if (!slicePending() && to >= decidedUntil + len) {
                decidedUntil = Math.floorDiv(to, len) * len; // good slices with nothing changing: skip them
            }
        }

        /** Whether the open slice has unavailable time, so its end must be decided. */
        boolean slicePending() {
            return impactedSince != NOT_IMPACTED || openImpact > 0;
        }

        /**
         * The next instant at which something can change: the open slice's end while it has unavailable time, else
         * the next slice end at which a bad slice leaves a window; {@link Long#MAX_VALUE} for never.
         */
        long nextChange() {
            if (slicePending()) {
                return decidedUntil + len;
            }
            long e = decidedUntil / len;
            long next = Long.MAX_VALUE;
            for (long w : windows()) {
                for (SliceRun run : bad) {
                    // the count over the last w slices drops at slice end e' when slice e' - 1 - w is bad
                    long from = Math.max(e + 1, run.first() + w + 1);
                    if (from < run.end() + w + 1) {
                        next = Math.min(next, from);
                    }
                }
            }
            return next == Long.MAX_VALUE ? next : next * len;
        }

        /** The window lengths in slices: the SLO's, then each pair's long and short. */
        long[] windows() {
            long[] windows = new long[1 + 2 * burnRates.size()];
            windows[0] = slo.slices();
            for (int i = 0; i < burnRates.size(); i++) {
                windows[1 + 2 * i] = burnRates.get(i).longWindow().toMillis() / len;
                windows[2 + 2 * i] = burnRates.get(i).shortWindow().toMillis() / len;
            }
            return windows;
        }

        void addBad(long slice) {
            if (!bad.isEmpty() && bad.get(bad.size() - 1).end() == slice) {
                SliceRun last = bad.remove(bad.size() - 1);
                bad.add(new SliceRun(last.first(), slice + 1));
            } else {
                bad.add(new SliceRun(slice, slice + 1));
            }
        }

        /** Drops the runs no window reaches any more. */
        void prune() {
            long longest = 0;
            for (long w : windows()) {
                longest = Math.max(longest, w);
            }
            long oldest = decidedUntil / len - longest;
            bad.removeIf(run -> run.end() <= oldest);
        }

        /** Bad slices among the last {@code w} decided ones. */
        long badIn(long w) {
            long e = decidedUntil / len;
            long from = e - w;
            long count = 0;
            for (SliceRun run : bad) {
                count += Math.max(0, Math.min(run.end(), e) - Math.max(run.first(), from));
            }
            return count;
        }

        double burnRate(long badSlices, long w) {
            return ((double) badSlices / w) / (1 - slo.objective());
        }

        /** Computes the status at {@code at}; emits it (and the burn-rate alerts) when something changed. */
        void evaluate(long at, ReadOnlyContext ctx, Collector<SloStatus> out) throws Exception {
            retire(at, ctx);
            boolean impacted = impactedSince != NOT_IMPACTED;
            long total = slo.slices();
            long badSlo = badIn(total);
            List<Long> now = new ArrayList<>();
            now.add(badSlo);
            now.add(impacted ? 1L : 0L);
            List<BurnRate> checks = new ArrayList<>();
            double[] gauges = new double[2 + burnRates.size()];
            for (int i = 0; i < burnRates.size(); i++) {
                BurnRateRule rule = burnRates.get(i);
                long longSlices = rule.longWindow().toMillis() / len;
                long shortSlices = rule.shortWindow().toMillis() / len;
                long badLong = badIn(longSlices);
                long badShort = badIn(shortSlices);
                double longRate = burnRate(badLong, longSlices);
                double shortRate = burnRate(badShort, shortSlices);
                double threshold = rule.factor() * (1 - ROUNDING);
                boolean firing = longRate >= threshold && shortRate >= threshold;
                String name = rule.name();
                Long since = firingSince.get(name);
                if (firing && since == null) {
                    firingSince.put(name, at);
                    alertsRaised.inc();
                    ctx.output(SloJobDescriptors.BURN_RATE_ALERTS, alert(rule, true, at, at, longRate, shortRate));
                } else if (!firing && since != null) {
                    firingSince.remove(name);
                    ctx.output(SloJobDescriptors.BURN_RATE_ALERTS, alert(rule, false, since, at, longRate, shortRate));
                }
                now.add(firing ? 1L : 0L);
                checks.add(new BurnRate(name, rule.longWindow().toMillis(), rule.shortWindow().toMillis(), longRate,
                        shortRate, rule.factor(), firing, rule.severity()));
                gauges[2 + i] = longRate;
            }
            double compliance = 1 - (double) badSlo / total;
            double budget = 1 - badSlo / ((1 - slo.objective()) * total);
            gauges[0] = compliance;
            gauges[1] = budget;
            gauges(gauges);
            if (now.equals(shape)) {
                return;
            }
            shape = List.copyOf(now);
            SloMemory kept = memory.value();
            long next = (kept == null ? 0 : kept.revision()) + 1;
            memory.update(new SloMemory(next, kept == null ? 0 : kept.decidedUntil()));
            out.collect(new SloStatus(SloStatus.idOf(service, slo.windowName()), slo.id(), service,
                    slo.windowName(), slo.window().toMillis(), len, slo.objective(), total, badSlo, compliance, budget,
                    badSlo * len, impacted, checks, next, rules.lineage(), Instant.ofEpochMilli(at)));
        }

        void save() throws Exception {
            // whether or not later inputs already wait: they do when the watermark comes in big steps, not in small
            // ones, and whether the state was cleared decides whether the next input makes a status
            boolean idle = !slicePending() && bad.isEmpty() && firingSince.isEmpty()
                    && !impacts.keys().iterator().hasNext();
            if (idle) {
                // nothing left that could change: forget the service until its next incident, but for its memory
                impacts.clear();
                track.clear();
                SloMemory kept = memory.value();
                memory.update(new SloMemory(kept == null ? 0 : kept.revision(), decidedUntil));
                return; // the gauges keep the last values: full compliance and budget, no burn

            }
            track.update(new SloTrack(slo.id(), len, decidedUntil, openImpact, impactedSince, List.copyOf(bad),
                    Map.copyOf(firingSince), shape));
        }

        private void gauges(double[] values) {
            double[] kept = gaugeValues.get(service);
            if (kept == null) {
                gaugeValues.put(service, values);
                MetricGroup group = metrics.addGroup("service", service).addGroup("slo", slo.id());
                group.gauge("sloCompliance", (Gauge<Double>) () -> value(service, 0));
                group.gauge("sloErrorBudgetRemaining", (Gauge<Double>) () -> value(service, 1));
                for (int i = 0; i < burnRates.size(); i++) {
                    int index = 2 + i;
                    group.addGroup("window", burnRates.get(i).name())
                            .gauge("sloBurnRate", (Gauge<Double>) () -> value(service, index));
                }
            } else {
                System.arraycopy(values, 0, kept, 0, Math.min(values.length, kept.length));
            }
        }

        /**
         * Resolves the alerts of firing pairs that the rule pack no longer has, or that fired for another SLO of the
         * service (the pack changed): nothing would resolve them otherwise.
         */
        private void retire(long at, ReadOnlyContext ctx) {
            var names = new java.util.HashSet<String>();
            burnRates.forEach(rule -> names.add(rule.name()));
            for (var it = firingSince.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Long> firing = it.next();
                if (!firedFor.equals(slo.id()) || !names.contains(firing.getKey())) {
                    it.remove();
                    ctx.output(SloJobDescriptors.BURN_RATE_ALERTS, alert(firedFor, firing.getKey(),
                            dev.itsm.core.model.Severity.WARNING, false, firing.getValue(), at,
                            service + ": the burn rate over " + firing.getKey() + " is no longer checked for SLO "
                                    + firedFor + " (the rule pack changed)", null));
                }
            }
            firedFor = slo.id();
        }

        /** The burn-rate alert of a pair: firing (from {@code since}) or resolved (at {@code at}). */
        private RawRecord alert(BurnRateRule rule, boolean firing, long since, long at, double longRate,
                                double shortRate) {
            String rates = times(longRate) + "x over " + format(rule.longWindow().toMillis()) + " and "
                    + times(shortRate) + "x over " + format(rule.shortWindow().toMillis());
            String summary = firing
                    ? service + " burns its error budget at " + rates + " (alert at " + times(rule.factor()) + "x)"
                    : service + " no longer burns its error budget at " + times(rule.factor()) + "x over "
                            + rule.name() + " (" + rates + ")";
            String description = "SLO " + slo.id() + ": " + percent(slo.objective()) + " % availability over "
                    + slo.windowName() + ". A burn rate of 1 spends the error budget exactly over the window; "
                    + times(rule.factor()) + "x over both " + rule.name() + " spends it in "
                    + format((long) (slo.window().toMillis() / rule.factor())) + ".";
            return alert(slo.id(), rule.name(), rule.severity(), firing, since, at, summary, description);
        }

        /**
         * A generic-format alert, identified by its labels {@code slo}, {@code service} and {@code window}: the
         * resolved one has the same labels and start as the firing one, so it resolves the same alert occurrence.
         */
        private RawRecord alert(String sloId, String window, dev.itsm.core.model.Severity severity, boolean firing,
                                long since, long at, String summary, String description) {
            var json = new LinkedHashMap<String, Object>();
            json.put("name", ALERT_NAME);
            json.put("status", firing ? "firing" : "resolved");
            json.put("severity", severity.json());
            json.put("labels", Map.of("slo", sloId, "service", service, "window", window));
            json.put("annotations", Map.of("objective", percent(slo.objective()), "slo_window", slo.windowName()));
            json.put("summary", summary);
            if (description != null) {
                json.put("description", description);
            }
            json.put("starts_at", Instant.ofEpochMilli(since).toString());
            if (!firing) {
                json.put("ends_at", Instant.ofEpochMilli(at).toString());
            }
            json.put("ci_id", service);
            return new RawRecord("", -1, -1, at, service.getBytes(StandardCharsets.UTF_8), Json.toBytes(json),
                    Map.of(AlertParser.FORMAT_HEADER, BurnRateAlerts.SOURCE));
        }
    }

    private double value(String service, int index) {
        double[] values = gaugeValues.get(service);
        return values == null || index >= values.length ? Double.NaN : values[index];
    }

    private static String times(double rate) {
        return String.format(Locale.ROOT, "%.1f", rate);
    }

    private static String percent(double fraction) {
        return java.math.BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    /** A duration in the largest whole unit, e.g. {@code 5m}, {@code 50h}. */
    private static String format(long millis) {
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis % units[i] == 0) {
                return (millis / units[i]) + names[i];
            }
        }
        return millis + "ms";
    }

    @Override
    public void processBroadcastElement(RulePackRecord pack, Context ctx, Collector<SloStatus> out) throws Exception {
        active.activate(pack, ctx.getBroadcastState(ActiveRulePack.STATE));
    }
}
