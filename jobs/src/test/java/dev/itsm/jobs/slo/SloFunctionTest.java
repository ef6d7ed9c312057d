package dev.itsm.jobs.slo;

import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.alerts.ParseResult;
import dev.itsm.connectors.alerts.ParserSettings;
import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.BurnRate;
import dev.itsm.core.model.Severity;
import dev.itsm.core.model.SloStatus;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The SLO of svc-online-shop with the default pack: 99.9 % over 30d in 1m slices, a slice bad when the service was
 * unavailable for more than 30s of it; burn-rate pairs 1h/5m at 14.4x, 6h/30m at 6x, 3d/6h at 1x. With 43 200 slices
 * and a budget of 43.2, one bad slice burns at 16.7x over 1h, 2.8x over 6h and 0.23x over 3d.
 */
class SloFunctionTest {
    private static final RulePack RULES = RulePackLoader.loadDefault();
    private static final String SERVICE = "svc-online-shop";
    /** On the minute: slice 0 of the test starts here. */
    private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
    private static final long SLICES = 43_200;
    private static final double OBJECTIVE = 0.999;

    private KeyedBroadcastOperatorTestHarness<String, ServiceImpact, RulePackRecord, SloStatus> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new SloFunction(RULES), ServiceImpact::service,
                Types.STRING, ActiveRulePack.STATE);
        harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE)); // as in the job: the rules input is idle
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static Instant t(long minutes, long seconds) {
        return T0.plusSeconds(minutes * 60 + seconds);
    }

    private void impact(String incident, boolean impacting, Instant at) throws Exception {
        harness.processElement(new StreamRecord<>(new ServiceImpact(SERVICE, incident, impacting, at),
                at.toEpochMilli()));
    }

    private void watermark(Instant at) throws Exception {
        harness.processWatermark(new Watermark(at.toEpochMilli()));
    }

    private List<SloStatus> output() {
        return harness.extractOutputValues();
    }

    private SloStatus last() {
        List<SloStatus> statuses = output();
        return statuses.get(statuses.size() - 1);
    }

    private List<RawRecord> alerts() {
        Queue<StreamRecord<RawRecord>> records = harness.getSideOutput(SloJobDescriptors.BURN_RATE_ALERTS);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static BurnRate pair(SloStatus status, String window) {
        return status.burnRates().stream().filter(b -> b.window().equals(window)).findFirst().orElseThrow();
    }

    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    /** A 10-minute outage from 10:00:20 to 10:10:20: slices 0..9 bad (0 had 40s), slice 10 good (20s). */
    private void tenMinuteOutage() throws Exception {
        impact("inc-1", true, t(0, 20));
        impact("inc-1", false, t(10, 20));
    }

    // ---- slices, compliance and budget -------------------------------------------------------------------------

    @Test
    void shouldCountTheBadSlicesOfAnOutageWithPartialSlicesJudgedByTheTarget() throws Exception {
        tenMinuteOutage();
        assertThat(output()).as("inputs wait for the watermark").isEmpty();

        watermark(t(0, 20));
        SloStatus first = last();
        assertThat(first.id()).isEqualTo("svc-online-shop:30d");
        assertThat(first.name()).isEqualTo("online-shop-availability");
        assertThat(first.impacted()).isTrue();
        assertThat(first.slicesBad()).isZero();
        assertThat(first.compliance()).isEqualTo(1.0);
        assertThat(first.errorBudgetRemaining()).isEqualTo(1.0);
        assertThat(first.updated()).isEqualTo(t(0, 20));
        assertThat(first.revision()).isEqualTo(1);
        assertThat(first.timeSliceMillis()).isEqualTo(60_000);
        assertThat(first.slicesTotal()).isEqualTo(SLICES);
        assertThat(first.objective()).isEqualTo(OBJECTIVE);
        assertThat(first.rulePackVersion()).isEqualTo(RULES.lineage());

        watermark(t(1, 0).minusMillis(1));
        assertThat(output()).hasSize(1);
        watermark(t(1, 0));
        assertThat(last()).extracting(SloStatus::slicesBad, SloStatus::updated, SloStatus::revision)
                .containsExactly(1L, t(1, 0), 2L);

        watermark(t(10, 20));
        SloStatus end = last();
        assertThat(end.impacted()).isFalse();
        assertThat(end.updated()).isEqualTo(t(10, 20));
        assertThat(end.slicesBad()).isEqualTo(10);
        assertThat(end.unavailableMillis()).isEqualTo(600_000);
        assertThat(end.compliance()).isEqualTo(1 - 10.0 / SLICES).isEqualTo(0.9997685185185186);
        assertThat(end.errorBudgetRemaining()).isEqualTo(1 - 10 / ((1 - OBJECTIVE) * SLICES))
                .isCloseTo(0.7685185, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(end.revision()).as("one status per slice end, and the stop").isEqualTo(12);

        int before = output().size();
        watermark(t(11, 0));
        assertThat(last().slicesBad()).as("slice 10 had 20s: good").isEqualTo(10);
        assertThat(output()).as("no count the status shows changed: nothing emitted").hasSize(before);
    }

    @Test
    void shouldCountTwoOverlappingIncidentsOnce() throws Exception {
        impact("inc-1", true, t(0, 0));
        impact("inc-2", true, t(0, 10));
        impact("inc-1", false, t(0, 20));
        impact("inc-2", false, t(0, 25));
        // slice 1: 40s together, though neither alone has more than 30s
        impact("inc-1", true, t(1, 0));
        impact("inc-2", true, t(1, 10));
        impact("inc-1", false, t(1, 20));
        impact("inc-2", false, t(1, 40));

        watermark(t(1, 0));
        assertThat(output()).extracting(SloStatus::impacted, SloStatus::slicesBad, SloStatus::updated)
                .as("25s of slice 0: good; the second incident and the first one's stop change nothing")
                .containsExactly(tuple(true, 0L, t(0, 0)), tuple(false, 0L, t(0, 25)), tuple(true, 0L, t(1, 0)));

        watermark(t(2, 0));
        assertThat(output()).extracting(SloStatus::impacted, SloStatus::slicesBad, SloStatus::updated).endsWith(
                tuple(false, 0L, t(1, 40)), tuple(false, 1L, t(2, 0)));
    }

    @Test
    void shouldApplyALateInputAtTheEndOfTheLastDecidedSlice() throws Exception {
        impact("inc-1", true, t(0, 20));
        watermark(t(5, 0));
        assertThat(last().slicesBad()).isEqualTo(5);
        int before = output().size();

        impact("inc-1", false, t(2, 0)); // read after slices 2..4 were decided bad

        assertThat(output()).hasSize(before + 1);
        assertThat(last()).extracting(SloStatus::impacted, SloStatus::slicesBad, SloStatus::updated)
                .containsExactly(false, 5L, t(5, 0));
        watermark(t(6, 0));
        assertThat(last().slicesBad()).as("slice 5 was not impacted at all").isEqualTo(5);
    }

    // ---- burn rates --------------------------------------------------------------------------------------------

    @Test
    void shouldFireAndClearEachPairAtTheExactSliceEndItCrossesItsFactor() throws Exception {
        tenMinuteOutage();

        watermark(t(1, 0));
        SloStatus one = last();
        assertThat(pair(one, "1h/5m")).extracting(BurnRate::firing, BurnRate::longRate, BurnRate::shortRate,
                BurnRate::threshold, BurnRate::severity).containsExactly(true, (1.0 / 60) / (1 - OBJECTIVE),
                (1.0 / 5) / (1 - OBJECTIVE), 14.4, Severity.CRITICAL);
        assertThat(pair(one, "6h/30m").firing()).isFalse();

        watermark(t(2, 0));
        assertThat(pair(last(), "6h/30m").firing()).as("2 bad slices in 6h: 5.6x").isFalse();
        watermark(t(3, 0));
        assertThat(pair(last(), "6h/30m").firing()).as("3 bad slices in 6h: 8.3x").isTrue();
        watermark(t(4, 0));
        assertThat(pair(last(), "3d/6h").firing()).as("4 bad slices in 3d: 0.93x").isFalse();
        watermark(t(5, 0));
        assertThat(pair(last(), "3d/6h").firing()).as("5 bad slices in 3d: 1.16x").isTrue();

        watermark(t(15, 0).minusMillis(1));
        assertThat(pair(last(), "1h/5m").firing()).as("slice 9 is still in the last 5m").isTrue();
        watermark(t(15, 0));
        SloStatus cleared = last();
        assertThat(cleared.updated()).isEqualTo(t(15, 0));
        assertThat(pair(cleared, "1h/5m")).extracting(BurnRate::firing, BurnRate::longRate, BurnRate::shortRate)
                .containsExactly(false, (10.0 / 60) / (1 - OBJECTIVE), 0.0);

        watermark(t(40, 0));
        assertThat(pair(last(), "6h/30m").firing()).isFalse();
        assertThat(last().updated()).isEqualTo(t(40, 0));
        watermark(t(370, 0));
        assertThat(pair(last(), "3d/6h").firing()).isFalse();
        assertThat(last().updated()).isEqualTo(t(370, 0));

        assertThat(alerts()).extracting(RawRecord::timestamp).containsExactly(t(1, 0).toEpochMilli(),
                t(3, 0).toEpochMilli(), t(5, 0).toEpochMilli(), t(15, 0).toEpochMilli(), t(40, 0).toEpochMilli(),
                t(370, 0).toEpochMilli());
    }

    @Test
    void shouldRaiseBurnRateAlertsThatTheRealParserReadsAsOneSloAlertFiringThenResolved() throws Exception {
        tenMinuteOutage();
        watermark(t(15, 0));

        List<RawRecord> records = alerts().stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"1h/5m\"")).toList();
        assertThat(records).hasSize(2);
        RawRecord firing = records.get(0);
        assertThat(firing.header(AlertParser.FORMAT_HEADER)).isEqualTo("slo");
        assertThat(firing.key()).isEqualTo(SERVICE.getBytes(StandardCharsets.UTF_8));
        assertThat(firing.partition()).isEqualTo(-1);
        assertThat(firing.offset()).isEqualTo(-1);

        AlertParser parser = new AlertParser(ParserSettings.defaults());
        Alert fired = parse(parser, firing);
        Alert resolved = parse(parser, records.get(1));

        assertThat(fired.source()).isEqualTo("slo");
        assertThat(fired.name()).isEqualTo("SloErrorBudgetBurn");
        assertThat(fired.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(fired.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(fired.ciId()).isEqualTo(SERVICE);
        assertThat(fired.startsAt()).isEqualTo(t(1, 0));
        assertThat(fired.labels()).containsAllEntriesOf(Map.of("slo", "online-shop-availability",
                "service", SERVICE, "window", "1h/5m"));
        assertThat(fired.summary()).isEqualTo(
                "svc-online-shop burns its error budget at 16.7x over 1h and 200.0x over 5m (alert at 14.4x)");
        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.startsAt()).isEqualTo(t(1, 0));
        assertThat(resolved.endsAt()).isEqualTo(t(15, 0));
        assertThat(resolved.fingerprint()).isEqualTo(fired.fingerprint());
        assertThat(resolved.id()).as("the same occurrence").isEqualTo(fired.id());
    }

    private static Alert parse(AlertParser parser, RawRecord record) {
        ParseResult result = parser.parse(record.value(), record.header(AlertParser.FORMAT_HEADER),
                Instant.ofEpochMilli(record.timestamp()));
        assertThat(result.rejected()).isNull();
        assertThat(result.alerts()).hasSize(1);
        return result.alerts().get(0);
    }

    /** A harness restored from a snapshot of the current one (which it closes), as a job restarted from it. */
    private void restore(long checkpoint, Instant at) throws Exception {
        OperatorSubtaskState snapshot = harness.snapshot(checkpoint, at.toEpochMilli());
        harness.close();
        harness = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(new SloFunction(RULES),
                List.of(ActiveRulePack.STATE)), ServiceImpact::service, Types.STRING, 1, 1, 0);
        harness.initializeState(snapshot);
        harness.open();
        harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
    }

    @Test
    void shouldRaiseEveryBurnRateAlertOnceAcrossRestoresBeforeAndAfterAPairFires() throws Exception {
        tenMinuteOutage();
        List<Instant> steps = List.of(t(2, 0), t(3, 0), t(15, 0), t(40, 0));
        List<String> uninterrupted = new java.util.ArrayList<>();
        List<Long> revisions = new java.util.ArrayList<>();
        for (Instant step : steps) {
            watermark(step);
        }
        alerts().forEach(a -> uninterrupted.add(a.timestamp() + " " + new String(a.value(), StandardCharsets.UTF_8)));
        output().forEach(s -> revisions.add(s.revision()));
        harness.close();

        setUp();
        tenMinuteOutage();
        List<String> restored = new java.util.ArrayList<>();
        List<Long> restoredRevisions = new java.util.ArrayList<>();
        long checkpoint = 0;
        for (Instant step : steps) {
            // restored before each step: the 6h/30m pair fires at 10:03 after a restore, the 1h/5m pair resolves at
            // 10:15 with the start it fired with before two restores, and the stop that waited in state applies
            restore(++checkpoint, step.minusSeconds(1));
            watermark(step);
            alerts().forEach(a -> restored.add(a.timestamp() + " " + new String(a.value(), StandardCharsets.UTF_8)));
            output().forEach(s -> restoredRevisions.add(s.revision()));
        }

        assertThat(restored).as("no alert lost, none raised twice").containsExactlyElementsOf(uninterrupted);
        assertThat(restored).hasSize(5).filteredOn(a -> a.contains("\"firing\"")).hasSize(3);
        assertThat(restoredRevisions).containsExactlyElementsOf(revisions);
    }

    @Test
    void shouldResolveTheAlertOfAFiringPairThatARestoredJobsRulePackNoLongerHas() throws Exception {
        tenMinuteOutage();
        watermark(t(2, 0));
        assertThat(alerts()).hasSize(1);
        OperatorSubtaskState snapshot = harness.snapshot(1, t(2, 0).toEpochMilli());
        harness.close();
        var files = new java.util.TreeMap<>(RulePackLoader.defaultFiles());
        files.put("slo.yaml", """
                burn-rate-alerts:
                  - {id: medium-burn, long: 6h, short: 30m, factor: 6}
                slos:
                  - {id: shop, service: svc-online-shop, objective: 99.9, window: 30d}
                """);
        harness = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
                new SloFunction(RulePackLoader.parse(files)), List.of(ActiveRulePack.STATE)), ServiceImpact::service,
                Types.STRING, 1, 1, 0);
        harness.initializeState(snapshot);
        harness.open();
        harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));

        watermark(t(3, 0));

        AlertParser parser = new AlertParser(ParserSettings.defaults());
        List<Alert> alerts = alerts().stream().map(record -> parse(parser, record)).toList();
        assertThat(alerts).extracting(Alert::status, a -> a.labels().get("slo"), a -> a.labels().get("window"),
                Alert::startsAt, Alert::endsAt).containsExactly(
                tuple(AlertStatus.RESOLVED, "online-shop-availability", "1h/5m", t(1, 0), t(3, 0)),
                tuple(AlertStatus.FIRING, "shop", "6h/30m", t(3, 0), null));
        assertThat(last().name()).isEqualTo("shop");
        assertThat(last().slicesBad()).isEqualTo(3);
    }

    // ---- quiet and cleared -------------------------------------------------------------------------------------

    @Test
    void shouldEmitNothingWhileNothingChangesAndClearItsStateWhenTheLongestWindowHasPassed() throws Exception {
        tenMinuteOutage();
        watermark(t(370, 0));
        int quiet = output().size();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        // the next change: slice 0 leaves the 3d window at 10:00 + 3d + 1m
        watermark(T0.plus(Duration.ofDays(3)));
        assertThat(output()).hasSize(quiet);
        watermark(T0.plus(Duration.ofDays(3)).plusSeconds(60));
        assertThat(output()).as("a burn rate that only decays emits nothing (the gauges follow it)").hasSize(quiet);
        assertThat(last().slicesBad()).as("still in the 30d window").isEqualTo(10);

        watermark(T0.plus(Duration.ofDays(30)).plusSeconds(9 * 60).minusMillis(1));
        assertThat(last().slicesBad()).isEqualTo(2);
        assertThat(keyedStateEntries()).isGreaterThan(1);
        watermark(T0.plus(Duration.ofDays(30)).plusSeconds(10 * 60));
        SloStatus done = last();
        assertThat(done).extracting(SloStatus::slicesBad, SloStatus::compliance, SloStatus::errorBudgetRemaining,
                SloStatus::impacted).containsExactly(0L, 1.0, 1.0, false);
        assertThat(done.updated()).isEqualTo(T0.plus(Duration.ofDays(30)).plusSeconds(600));
        assertThat(keyedStateEntries()).as("only the revision is kept").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();

        Instant cleared = T0.plus(Duration.ofDays(30)).plusSeconds(600);
        impact("inc-2", true, cleared.minusSeconds(300)); // late: before the slices decided until the clearing
        assertThat(last()).extracting(SloStatus::impacted, SloStatus::updated, SloStatus::revision)
                .as("applied where the decided slices end; revisions continue")
                .containsExactly(true, cleared, done.revision() + 1);
        watermark(cleared.plusSeconds(60));
        assertThat(last().slicesBad()).isEqualTo(1);
    }

    @Test
    void shouldStopSteppingAServiceStillUnavailableWhenTheInputEnds() throws Exception {
        impact("inc-1", true, t(0, 0));
        harness.processWatermark(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));

        assertThat(output()).as("the start, not a slice a minute until the end of time")
                .extracting(SloStatus::impacted, SloStatus::slicesBad).containsExactly(tuple(true, 0L));
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
