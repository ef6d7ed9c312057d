package dev.itsm.jobs.sla;

import dev.itsm.jobs.IncidentFacts;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.jobs.TestingRulePacks;
import org.apache.flink.types.Either;
import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.SlaKind;
import dev.itsm.core.model.SlaState;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.core.model.Urgency;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The SLA clocks with the default pack: P1 and P2 around the clock (15m/4h, 30m/8h), P3 in office-de hours (4h/30h),
 * warnings at 50 and 75 %, paused while on hold.
 */
class SlaFunctionTest {
    private static final RulePack RULES = RulePackLoader.loadDefault();
    /** A Thursday, 04:00 in Berlin. */
    private static final Instant T0 = Instant.parse("2026-01-15T03:00:00Z");
    private static final String ID = "inc-1";

    private KeyedBroadcastOperatorTestHarness<String, Either<IncidentFacts, IncidentAction>, RulePackRecord, SlaStatus> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = harness(new SlaFunction(RULES));
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static Instant minutes(double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    private static Incident opened(Priority priority, Instant openedAt) {
        return new Incident(ID, 1, "PostgresDown on db01", IncidentStatus.NEW, priority, Impact.HIGH, Urgency.HIGH,
                "db01", "a-1", List.of("a-1"), List.of(), List.of("db01"), List.of("payments"), "dba", openedAt, null,
                null, openedAt, 0, null, "default@1#abc", Map.of(), List.of(), "region:db01");
    }

    /** The incident's next revision at {@code updated}. */
    private static Incident next(Incident i, Instant updated, IncidentStatus status, Priority priority,
                                 int reopenCount) {
        Instant ack = i.acknowledgedAt() == null && status == IncidentStatus.ACKNOWLEDGED ? updated : i.acknowledgedAt();
        return new Incident(i.id(), i.revision() + 1, i.title(), status, priority, i.impact(), i.urgency(),
                i.rootCauseCiId(), i.rootCauseAlertId(), i.alertIds(), i.symptomAlertIds(), i.affectedCiIds(),
                i.impactedServices(), i.supportGroup(), i.openedAt(), ack,
                status == IncidentStatus.RESOLVED ? updated : null, updated, reopenCount, i.problemId(),
                i.rulePackVersion(), i.labels(), i.alerts(), i.correlationKey());
    }

    private static Incident next(Incident i, Instant updated, IncidentStatus status) {
        return next(i, updated, status, i.priority(), i.reopenCount());
    }

    private static KeyedBroadcastOperatorTestHarness<String, Either<IncidentFacts, IncidentAction>, RulePackRecord, SlaStatus> harness(
            SlaFunction function) throws Exception {
        var harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(function, SlaFunction::incidentId,
                Types.STRING, ActiveRulePack.STATE);
        harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE)); // as in the job: the rules input is idle
        return harness;
    }

    private void send(Incident incident) throws Exception {
        harness.processElement(new StreamRecord<>(Either.Left(IncidentFacts.of(incident)), incident.updated().toEpochMilli()));
    }

    private void act(IncidentAction.Action action, Instant at) throws Exception {
        harness.processElement(new StreamRecord<>(Either.Right(new IncidentAction(ID, action, at, "alice", null)),
                at.toEpochMilli()));
    }

    private void watermark(Instant at) throws Exception {
        harness.processWatermark(new Watermark(at.toEpochMilli()));
    }

    private List<SlaStatus> output() {
        return harness.extractOutputValues();
    }

    private List<SlaStatus> of(SlaKind kind) {
        return output().stream().filter(s -> s.kind() == kind).toList();
    }

    private SlaStatus last(SlaKind kind) {
        List<SlaStatus> statuses = of(kind);
        return statuses.get(statuses.size() - 1);
    }

    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    // ---- thresholds --------------------------------------------------------------------------------------------

    @Test
    void shouldStartBothClocksWithThePolicyOfTheIncidentsPriority() throws Exception {
        send(opened(Priority.P1, T0));

        assertThat(output()).extracting(SlaStatus::id, SlaStatus::policy, SlaStatus::state, SlaStatus::targetMillis,
                SlaStatus::elapsedMillis, SlaStatus::breachAt, SlaStatus::revision).containsExactly(
                tuple("inc-1:response", "p1", SlaState.RUNNING, 900_000L, 0L, minutes(15), 1L),
                tuple("inc-1:resolution", "p1", SlaState.RUNNING, 14_400_000L, 0L, minutes(240), 1L));
        SlaStatus response = output().get(0);
        assertThat(response.startedAt()).isEqualTo(T0);
        assertThat(response.updated()).isEqualTo(T0);
        assertThat(response.supportGroup()).isEqualTo("dba");
        assertThat(response.priority()).isEqualTo(Priority.P1);
        assertThat(response.rulePackVersion()).isEqualTo(RULES.lineage());
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void shouldWarnAt50And75PercentAndBreachAt100PercentToTheMillisecond() throws Exception {
        send(opened(Priority.P1, T0));

        watermark(minutes(7.5).minusMillis(1));
        assertThat(of(SlaKind.RESPONSE)).hasSize(1);

        watermark(minutes(7.5));
        SlaStatus half = last(SlaKind.RESPONSE);
        assertThat(half.state()).isEqualTo(SlaState.WARNING);
        assertThat(half.updated()).isEqualTo(minutes(7.5));
        assertThat(half.elapsedMillis()).isEqualTo(450_000);
        assertThat(half.remainingMillis()).isEqualTo(450_000);
        assertThat(half.percent()).isEqualTo(50.0);
        assertThat(half.breachAt()).isEqualTo(minutes(15));
        assertThat(half.revision()).isEqualTo(2);

        watermark(minutes(11.25).minusMillis(1));
        assertThat(of(SlaKind.RESPONSE)).hasSize(2);
        watermark(minutes(11.25));
        assertThat(last(SlaKind.RESPONSE)).extracting(SlaStatus::state, SlaStatus::percent, SlaStatus::updated)
                .containsExactly(SlaState.WARNING, 75.0, minutes(11.25));

        watermark(minutes(15).minusMillis(1));
        assertThat(of(SlaKind.RESPONSE)).hasSize(3);
        watermark(minutes(15));
        SlaStatus breach = last(SlaKind.RESPONSE);
        assertThat(breach.state()).isEqualTo(SlaState.BREACHED);
        assertThat(breach.updated()).isEqualTo(minutes(15));
        assertThat(breach.breachAt()).isEqualTo(minutes(15));
        assertThat(breach.remainingMillis()).isZero();
        assertThat(breach.revision()).isEqualTo(4);
        assertThat(of(SlaKind.RESOLUTION)).hasSize(1);
        // the resolution clock's 50 % (2h) is the only timer left
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        watermark(minutes(120));
        assertThat(last(SlaKind.RESOLUTION)).extracting(SlaStatus::state, SlaStatus::updated)
                .containsExactly(SlaState.WARNING, minutes(120));
    }

    @Test
    void shouldEmitThresholdsAChangePassesBeforeTheWatermarkDoesAtTheirOwnInstants() throws Exception {
        Incident incident = opened(Priority.P1, T0);
        send(incident);

        send(next(incident, minutes(20), IncidentStatus.ACKNOWLEDGED)); // watermark still at the start

        assertThat(of(SlaKind.RESPONSE)).extracting(SlaStatus::state, SlaStatus::updated).containsExactly(
                tuple(SlaState.RUNNING, T0), tuple(SlaState.WARNING, minutes(7.5)),
                tuple(SlaState.WARNING, minutes(11.25)), tuple(SlaState.BREACHED, minutes(15)),
                tuple(SlaState.BREACHED, minutes(20)));
        assertThat(last(SlaKind.RESPONSE).stoppedAt()).isEqualTo(minutes(20));
        assertThat(last(SlaKind.RESPONSE).elapsedMillis()).isEqualTo(1_200_000);
        assertThat(last(SlaKind.RESPONSE).breachAt()).isEqualTo(minutes(15));
    }

    // ---- pauses ------------------------------------------------------------------------------------------------

    @Test
    void shouldShiftTheBreachByTheTimeOnHoldByActions() throws Exception {
        send(opened(Priority.P1, T0));
        act(IncidentAction.Action.HOLD, minutes(5));

        assertThat(output()).hasSize(4);
        assertThat(last(SlaKind.RESPONSE)).extracting(SlaStatus::state, SlaStatus::elapsedMillis,
                SlaStatus::breachAt, SlaStatus::updated).containsExactly(SlaState.PAUSED, 300_000L, null, minutes(5));
        assertThat(harness.numEventTimeTimers()).isZero();
        watermark(minutes(30));
        assertThat(output()).hasSize(4);

        act(IncidentAction.Action.RESUME, minutes(25));
        assertThat(last(SlaKind.RESPONSE)).extracting(SlaStatus::state, SlaStatus::elapsedMillis,
                SlaStatus::breachAt).containsExactly(SlaState.RUNNING, 300_000L, minutes(35));

        watermark(minutes(35).minusMillis(1));
        assertThat(last(SlaKind.RESPONSE).state()).isEqualTo(SlaState.WARNING); // 50 % at 27.5, 75 % at 31.25
        watermark(minutes(35));
        assertThat(last(SlaKind.RESPONSE)).extracting(SlaStatus::state, SlaStatus::updated)
                .containsExactly(SlaState.BREACHED, minutes(35));
    }

    @Test
    void shouldPauseWhileTheIncidentIsOnHoldAndResumeWhenItIsNot() throws Exception {
        Incident incident = opened(Priority.P1, T0);
        send(incident);
        Incident acked = next(incident, minutes(5), IncidentStatus.ACKNOWLEDGED);
        send(acked);
        Incident held = next(acked, minutes(60), IncidentStatus.ON_HOLD);
        send(held);
        assertThat(last(SlaKind.RESOLUTION)).extracting(SlaStatus::state, SlaStatus::elapsedMillis)
                .containsExactly(SlaState.PAUSED, 3_600_000L);

        send(next(held, minutes(120), IncidentStatus.ACKNOWLEDGED));

        // 4h of target, one hour on hold: the breach comes an hour later
        assertThat(last(SlaKind.RESOLUTION)).extracting(SlaStatus::state, SlaStatus::breachAt)
                .containsExactly(SlaState.RUNNING, minutes(300));
        watermark(minutes(300).minusMillis(1));
        assertThat(last(SlaKind.RESOLUTION).state()).isEqualTo(SlaState.WARNING);
        watermark(minutes(300));
        assertThat(last(SlaKind.RESOLUTION)).extracting(SlaStatus::state, SlaStatus::updated,
                SlaStatus::elapsedMillis).containsExactly(SlaState.BREACHED, minutes(300), 14_400_000L);
    }

    @Test
    void shouldResumeOnAResumeActionWithoutWaitingForTheIncidentToLeaveOnHold() throws Exception {
        Incident incident = opened(Priority.P1, T0);
        send(incident);
        Incident held = next(incident, minutes(10), IncidentStatus.ON_HOLD);
        send(held);
        act(IncidentAction.Action.RESUME, minutes(40));
        send(next(held, minutes(41), IncidentStatus.ON_HOLD, Priority.P1, 0)); // not yet told of the resume

        assertThat(last(SlaKind.RESOLUTION)).extracting(SlaStatus::state, SlaStatus::breachAt)
                .containsExactly(SlaState.RUNNING, minutes(270));
    }

    @Test
    void shouldIgnoreAPauseSignalReadAfterALaterOne() throws Exception {
        Incident incident = opened(Priority.P1, T0);
        send(incident);
        Incident held = next(incident, minutes(60), IncidentStatus.ON_HOLD);
        send(held);
        send(next(held, minutes(120), IncidentStatus.ACKNOWLEDGED)); // off hold at 2h
        // the hold and resume actions of the same pause, read only now: older than the signal that decided
        act(IncidentAction.Action.HOLD, minutes(60));
        act(IncidentAction.Action.RESUME, minutes(120));

        assertThat(last(SlaKind.RESOLUTION)).extracting(SlaStatus::state, SlaStatus::breachAt)
                .as("paused from 1h to 2h only: the breach an hour after 4h").containsExactly(SlaState.RUNNING, minutes(300));

        act(IncidentAction.Action.HOLD, minutes(130)); // a new hold, later than every signal: it counts
        assertThat(last(SlaKind.RESOLUTION).state()).isEqualTo(SlaState.PAUSED);
    }

    // ---- business hours ----------------------------------------------------------------------------------------

    @Test
    void shouldCountOnlyOfficeHoursSkippingTheNightAndTheWeekend() throws Exception {
        // Friday 2026-01-16 15:00 in Berlin: one office hour left that day, then Monday from 08:00
        Instant friday = Instant.parse("2026-01-16T14:00:00Z");
        send(opened(Priority.P3, friday));
        assertThat(last(SlaKind.RESPONSE)).extracting(SlaStatus::policy, SlaStatus::targetMillis,
                SlaStatus::breachAt).containsExactly("p3", 14_400_000L, Instant.parse("2026-01-19T10:00:00Z"));

        watermark(Instant.parse("2026-01-19T07:59:59.999Z"));
        assertThat(of(SlaKind.RESPONSE)).hasSize(1);
        watermark(Instant.parse("2026-01-19T08:00:00Z")); // Monday 09:00: 2 of 4 office hours
        assertThat(last(SlaKind.RESPONSE)).extracting(SlaStatus::state, SlaStatus::elapsedMillis)
                .containsExactly(SlaState.WARNING, 7_200_000L);
        watermark(Instant.parse("2026-01-19T10:00:00Z"));
        assertThat(of(SlaKind.RESPONSE)).extracting(SlaStatus::updated).containsExactly(friday,
                Instant.parse("2026-01-19T08:00:00Z"), Instant.parse("2026-01-19T09:00:00Z"),
                Instant.parse("2026-01-19T10:00:00Z"));
        assertThat(last(SlaKind.RESPONSE).state()).isEqualTo(SlaState.BREACHED);
    }

    @Test
    void shouldCountACustomCalendarFromACustomSlaFile() throws Exception {
        Map<String, String> files = new java.util.TreeMap<>(RulePackLoader.defaultFiles());
        files.put("sla.yaml", """
                calendars:
                  - id: nights
                    time-zone: UTC
                    hours:
                      mon: ["22:00-24:00"]
                      tue: ["00:00-06:00", "22:00-24:00"]
                      wed: ["00:00-06:00", "22:00-24:00"]
                      thu: ["00:00-06:00", "22:00-24:00"]
                      fri: ["00:00-06:00"]
                policies:
                  - id: all
                    calendar: nights
                    response: 2h
                    resolution: 10h
                warnings: [50]
                """);
        RulePack pack = RulePackLoader.parse(files);
        harness.close();
        harness = harness(new SlaFunction(pack));

        // Thursday 03:00 UTC: 3h of the night left, then from Thursday 22:00: 5h at Friday 00:00, 10h at 05:00
        send(opened(Priority.P3, T0));

        assertThat(last(SlaKind.RESOLUTION)).extracting(SlaStatus::policy, SlaStatus::breachAt)
                .containsExactly("all", Instant.parse("2026-01-16T05:00:00Z"));
        watermark(Instant.parse("2026-01-16T05:00:00Z"));
        assertThat(of(SlaKind.RESOLUTION)).extracting(SlaStatus::state, SlaStatus::updated).containsExactly(
                tuple(SlaState.RUNNING, T0), tuple(SlaState.WARNING, Instant.parse("2026-01-16T00:00:00Z")),
                tuple(SlaState.BREACHED, Instant.parse("2026-01-16T05:00:00Z")));
    }

    // ---- re-targeting ------------------------------------------------------------------------------------------

    @Test
    void shouldRetargetTheRunningClocksWhenThePriorityChangesKeepingTheElapsedTime() throws Exception {
        Incident incident = opened(Priority.P2, T0);
        send(incident);
        assertThat(last(SlaKind.RESPONSE).breachAt()).isEqualTo(minutes(30));

        send(next(incident, minutes(10), IncidentStatus.NEW, Priority.P1, 0));

        // 10 of 15 minutes: past the new 50 %
        assertThat(last(SlaKind.RESPONSE)).extracting(SlaStatus::policy, SlaStatus::priority, SlaStatus::state,
                SlaStatus::targetMillis, SlaStatus::elapsedMillis, SlaStatus::breachAt, SlaStatus::updated,
                SlaStatus::revision).containsExactly("p1", Priority.P1, SlaState.WARNING, 900_000L, 600_000L,
                minutes(15), minutes(10), 2L);
        assertThat(last(SlaKind.RESOLUTION)).extracting(SlaStatus::policy, SlaStatus::breachAt)
                .containsExactly("p1", minutes(240));
        watermark(minutes(15));
        assertThat(of(SlaKind.RESPONSE)).extracting(SlaStatus::state, SlaStatus::updated).endsWith(
                tuple(SlaState.WARNING, minutes(11.25)), tuple(SlaState.BREACHED, minutes(15)));
    }

    @Test
    void shouldBreachAtOnceWhenTheNewTargetIsAlreadyPassed() throws Exception {
        Incident incident = opened(Priority.P2, T0);
        send(incident);

        send(next(incident, minutes(20), IncidentStatus.NEW, Priority.P1, 0));

        assertThat(of(SlaKind.RESPONSE)).extracting(SlaStatus::state, SlaStatus::policy, SlaStatus::updated)
                .containsExactly(tuple(SlaState.RUNNING, "p2", T0), tuple(SlaState.WARNING, "p2", minutes(15)),
                        tuple(SlaState.WARNING, "p1", minutes(20)), tuple(SlaState.BREACHED, "p1", minutes(20)));
    }

    // ---- stops -------------------------------------------------------------------------------------------------

    @Test
    void shouldMeetTheResponseTargetWhenAcknowledgedInTime() throws Exception {
        send(opened(Priority.P1, T0));

        act(IncidentAction.Action.ACK, minutes(5));

        assertThat(last(SlaKind.RESPONSE)).extracting(SlaStatus::state, SlaStatus::elapsedMillis,
                SlaStatus::stoppedAt, SlaStatus::breachAt, SlaStatus::percent).containsExactly(SlaState.MET,
                300_000L, minutes(5), null, 100.0 / 3);
        assertThat(last(SlaKind.RESOLUTION).state()).isEqualTo(SlaState.RUNNING);
        watermark(minutes(60));
        assertThat(of(SlaKind.RESPONSE)).hasSize(2); // no warning, no breach after the stop
    }

    @Test
    void shouldMeetTheResponseTargetWhenTheIncidentIsAcknowledged() throws Exception {
        Incident incident = opened(Priority.P1, T0);
        send(incident);

        send(next(incident, minutes(6), IncidentStatus.ACKNOWLEDGED));

        assertThat(last(SlaKind.RESPONSE)).extracting(SlaStatus::state, SlaStatus::stoppedAt)
                .containsExactly(SlaState.MET, minutes(6));
    }

    @Test
    void shouldMeetBothTargetsWhenResolvedAndIgnoreTheIncidentsLaterResolve() throws Exception {
        Incident incident = opened(Priority.P1, T0);
        send(incident);

        act(IncidentAction.Action.RESOLVE, minutes(10));
        send(next(incident, minutes(11), IncidentStatus.RESOLVED));

        assertThat(output()).extracting(SlaStatus::kind, SlaStatus::state, SlaStatus::stoppedAt).containsExactly(
                tuple(SlaKind.RESPONSE, SlaState.RUNNING, null), tuple(SlaKind.RESOLUTION, SlaState.RUNNING, null),
                tuple(SlaKind.RESPONSE, SlaState.WARNING, null), tuple(SlaKind.RESPONSE, SlaState.MET, minutes(10)), tuple(SlaKind.RESOLUTION, SlaState.MET,
                        minutes(10)));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldRestartTheResolutionClockWhereItStoppedWhenTheIncidentReopens() throws Exception {
        Incident incident = opened(Priority.P1, T0);
        send(incident);
        Incident resolved = next(incident, minutes(60), IncidentStatus.RESOLVED);
        send(resolved);
        assertThat(last(SlaKind.RESOLUTION)).extracting(SlaStatus::state, SlaStatus::elapsedMillis)
                .containsExactly(SlaState.MET, 3_600_000L);

        send(next(resolved, minutes(90), IncidentStatus.NEW, Priority.P1, 1));

        // an hour counted, the half hour resolved does not count: 3h to go from 01:30
        assertThat(last(SlaKind.RESOLUTION)).extracting(SlaStatus::state, SlaStatus::elapsedMillis,
                SlaStatus::stoppedAt, SlaStatus::breachAt).containsExactly(SlaState.RUNNING, 3_600_000L, null,
                minutes(270));
        assertThat(last(SlaKind.RESPONSE).state()).isEqualTo(SlaState.BREACHED); // it was never acknowledged in time
    }

    @Test
    void shouldClearTheStateWhenTheIncidentCloses() throws Exception {
        Incident incident = opened(Priority.P1, T0);
        send(incident);
        act(IncidentAction.Action.HOLD, minutes(1));
        Incident resolved = next(incident, minutes(10), IncidentStatus.RESOLVED);
        send(resolved);
        assertThat(keyedStateEntries()).isPositive();

        send(next(resolved, minutes(20), IncidentStatus.CLOSED));

        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldClearTheStateWhenAnOpenIncidentIsClosedStoppingItsClocks() throws Exception {
        Incident incident = opened(Priority.P1, T0);
        send(incident);

        send(next(incident, minutes(5), IncidentStatus.CLOSED));

        assertThat(last(SlaKind.RESPONSE)).extracting(SlaStatus::state, SlaStatus::stoppedAt)
                .containsExactly(SlaState.MET, minutes(5));
        assertThat(last(SlaKind.RESOLUTION)).extracting(SlaStatus::state, SlaStatus::stoppedAt)
                .containsExactly(SlaState.MET, minutes(5));
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldIgnoreARevisionOfAnIncidentItClosedAndForgot() throws Exception {
        // a problem link that reaches the incident after its close names the problem on a new revision of the closed
        // incident (IncidentActionsFunction): found by `itsm chaos`, where it started fresh clocks that warned and
        // were met at the close, with higher revisions than the right ones
        Incident incident = opened(Priority.P1, T0);
        send(incident);
        Incident resolved = next(incident, minutes(4), IncidentStatus.RESOLVED);
        send(resolved);
        Incident closed = next(resolved, minutes(13), IncidentStatus.CLOSED);
        send(closed);
        List<SlaStatus> before = List.copyOf(output());
        assertThat(last(SlaKind.RESPONSE)).extracting(SlaStatus::state, SlaStatus::stoppedAt)
                .containsExactly(SlaState.MET, minutes(4));

        send(closed.withProblemId("prb-1").withRevision(closed.revision() + 1));
        watermark(minutes(30));

        assertThat(output()).as("nothing new").isEqualTo(before);
        assertThat(keyedStateEntries()).isZero();
    }

    // ---- order -------------------------------------------------------------------------------------------------

    @Test
    void shouldIgnoreARepeatedRevision() throws Exception {
        Incident incident = opened(Priority.P1, T0);
        send(incident);
        Incident acked = next(incident, minutes(5), IncidentStatus.ACKNOWLEDGED);
        send(acked);
        int before = output().size();

        send(acked);
        send(incident);

        assertThat(output()).hasSize(before);
    }

    @Test
    void shouldApplyActionsThatCameBeforeTheIncidentWhenItComes() throws Exception {
        act(IncidentAction.Action.ACK, minutes(3));
        assertThat(output()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the waiting action's expiry

        send(opened(Priority.P1, T0));

        assertThat(last(SlaKind.RESPONSE)).extracting(SlaStatus::state, SlaStatus::stoppedAt)
                .containsExactly(SlaState.MET, minutes(3));
    }

    @Test
    void shouldDropActionsWhoseIncidentNeverComes() throws Exception {
        act(IncidentAction.Action.ACK, minutes(3));

        watermark(minutes(3).plus(SlaFunction.PENDING_ACTIONS_TTL));

        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldRoundATimerUpToTheMillisecondAfterASubMillisecondCrossing() {
        assertThat(SlaFunction.ceilMillis(Instant.ofEpochSecond(10, 1))).isEqualTo(10_001);
        assertThat(SlaFunction.ceilMillis(Instant.ofEpochSecond(10, 2_000_000))).isEqualTo(10_002);
        assertThat(Duration.ofMinutes(15).toMillis()).isEqualTo(900_000);
    }
}
