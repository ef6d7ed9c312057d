package dev.itsm.jobs.incident;

import dev.itsm.core.model.Impact;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Urgency;
import dev.itsm.jobs.problem.ProblemLink;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.types.Either;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The problem links laid over the incidents: whatever the links' arrival relative to the incident's changes (before
 * or after its close, in either order), its last revision is the same.
 */
class IncidentProblemLinksTest {
    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(10);

    private KeyedTwoInputStreamOperatorTestHarness<String, Incident, Either<IncidentAction, ProblemLink>, Incident> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = harness();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, Incident, Either<IncidentAction, ProblemLink>, Incident> harness() throws Exception {
        var harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new IncidentActionsFunction(GRACE), Incident::id,
                IncidentActionsFunction::incidentId, Types.STRING);
        harness.processWatermark2(new Watermark(Long.MAX_VALUE)); // as in the job: the links input is idle
        harness.setProcessingTime(0);
        return harness;
    }

    private static Instant minutes(long n) {
        return T0.plusSeconds(60 * n);
    }

    /** The lifecycle's revision of inc-1 at {@code T0 + minutes}, as the actions operator emits it. */
    private static Incident lifecycle(long revision, long minutes, IncidentStatus status) {
        Instant at = minutes(minutes);
        return new Incident("inc-1", revision, "PgBackupFailed on replica", status, Priority.P2, Impact.HIGH,
                Urgency.MEDIUM, "replica", "a-1", List.of("a-1"), List.of(), List.of("replica"), List.of("svc-shop"),
                "dba", T0, null, status == IncidentStatus.RESOLVED || status == IncidentStatus.CLOSED ? minutes(2) : null,
                at, 0, null, "default@1#abc", Map.of(), List.of(), "region:replica");
    }

    /** Opened at 0, resolved at 2, closed at 32 minutes (its reopen window). */
    private static final Incident OPENED = lifecycle(1, 0, IncidentStatus.NEW);
    private static final Incident RESOLVED = lifecycle(2, 2, IncidentStatus.RESOLVED);
    private static final Incident CLOSED = lifecycle(3, 32, IncidentStatus.CLOSED);

    private static ProblemLink link(String problemId, long decidedMinutes) {
        return new ProblemLink("inc-1", problemId, minutes(decidedMinutes));
    }

    private void change(Incident incident) throws Exception {
        harness.processElement1(new StreamRecord<>(incident, incident.updated().toEpochMilli()));
    }

    /** The lifecycle's change, with the watermark after it (the incident job's event time moves with its changes). */
    private void changeThenWatermark(Incident incident) throws Exception {
        change(incident);
        harness.processWatermark1(new Watermark(incident.updated().toEpochMilli()));
    }

    private void arrive(ProblemLink link) throws Exception {
        harness.processElement2(new StreamRecord<>(Either.Right(link)));
    }

    private List<Incident> output() {
        return harness.extractOutputValues();
    }

    private Incident last() {
        List<Incident> out = output();
        return out.get(out.size() - 1);
    }

    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    /** Runs one arrival order on a fresh operator: each step a lifecycle change (with its watermark) or a link. */
    private Incident lastOf(Object... arrival) throws Exception {
        harness.close();
        harness = harness();
        for (Object next : arrival) {
            if (next instanceof Incident incident) {
                changeThenWatermark(incident);
            } else {
                arrive((ProblemLink) next);
            }
        }
        return last();
    }

    @Test
    void shouldNameTheProblemWithARevisionOfItsOwnAndKeepItOnLaterRevisions() throws Exception {
        change(OPENED);
        arrive(link("prb-1", 0));
        change(RESOLVED);

        assertThat(output()).extracting(Incident::revision, Incident::status, Incident::problemId).containsExactly(
                tuple(1L, IncidentStatus.NEW, null),
                tuple(2L, IncidentStatus.NEW, "prb-1"),
                tuple(3L, IncidentStatus.RESOLVED, "prb-1"));
        assertThat(output().get(1)).as("only the problem and the revision change")
                .isEqualTo(OPENED.withProblemId("prb-1").withRevision(2));
    }

    @Test
    void shouldEndWithTheSameLastRevisionWhetherTheLinkComesBeforeOrAfterTheClose() throws Exception {
        ProblemLink link = link("prb-1", 0);

        Incident early = lastOf(OPENED, link, RESOLVED, CLOSED);
        Incident beforeTheClose = lastOf(OPENED, RESOLVED, link, CLOSED);
        Incident afterTheClose = lastOf(OPENED, RESOLVED, CLOSED, link);

        assertThat(early).isEqualTo(CLOSED.withProblemId("prb-1").withRevision(4));
        assertThat(beforeTheClose).isEqualTo(early);
        assertThat(afterTheClose).as("the closed incident again, with its problem").isEqualTo(early);
    }

    @Test
    void shouldNameTheFirstFoundProblemWhateverOrderTheLinksComeIn() throws Exception {
        ProblemLink first = link("prb-b", 0);
        ProblemLink second = link("prb-a", 1);
        ProblemLink sameTimeAsSecond = link("prb-c", 1);

        Incident inOrder = lastOf(OPENED, first, second, sameTimeAsSecond, RESOLVED, CLOSED);
        Incident reversed = lastOf(OPENED, sameTimeAsSecond, second, RESOLVED, CLOSED, first);
        Incident allAfterTheClose = lastOf(OPENED, RESOLVED, CLOSED, second, first, sameTimeAsSecond);

        assertThat(inOrder.problemId()).as("the earliest decided").isEqualTo("prb-b");
        assertThat(inOrder.revision()).as("three lifecycle revisions and three links").isEqualTo(6);
        assertThat(reversed).isEqualTo(inOrder);
        assertThat(allAfterTheClose).isEqualTo(inOrder);
        assertThat(lastOf(OPENED, second, sameTimeAsSecond, RESOLVED, CLOSED).problemId())
                .as("decided at the same time: the smaller problem id").isEqualTo("prb-a");
    }

    @Test
    void shouldNeverNameAProblemDecidedAfterTheIncidentClosed() throws Exception {
        ProblemLink later = link("prb-later", 40); // a problem that opened after the close, listing the incident

        Incident afterTheClose = lastOf(OPENED, RESOLVED, CLOSED, later);
        assertThat(output()).as("nothing emitted for it").hasSize(3);
        Incident waitingUntilTheClose = lastOf(OPENED, RESOLVED, later, CLOSED);
        Incident beforeItsFirstChange = lastOf(later, OPENED, RESOLVED, CLOSED);

        assertThat(afterTheClose).isEqualTo(CLOSED);
        assertThat(waitingUntilTheClose).isEqualTo(CLOSED);
        assertThat(beforeItsFirstChange).isEqualTo(CLOSED);
    }

    @Test
    void shouldNameAProblemDecidedAfterTheLastChangeOnceTheWatermarkPassesItWithTheIncidentStillOpen() throws Exception {
        change(OPENED);
        arrive(link("prb-1", 5)); // another incident's change completed the problem, 5 minutes after this one opened

        assertThat(output()).as("closed in between? not known yet").hasSize(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark1(new Watermark(minutes(5).toEpochMilli()));

        assertThat(last()).isEqualTo(OPENED.withProblemId("prb-1").withRevision(2));
    }

    @Test
    void shouldWaitForAnIncidentItHasNotSeenYetAsAfterARestore() throws Exception {
        arrive(link("prb-1", 0)); // the problem job's link is read before the lifecycle replays the incident
        assertThat(output()).isEmpty();

        change(OPENED);

        Incident first = last();
        assertThat(output()).singleElement().isEqualTo(OPENED.withProblemId("prb-1").withRevision(2));
        assertThat(lastOf(OPENED, link("prb-1", 0))).as("the same as when it came in order").isEqualTo(first);
    }

    @Test
    void shouldDropALinkForAnIncidentUnknownOnceTheWatermarkHasPassedIt() throws Exception {
        harness.processWatermark1(new Watermark(minutes(60).toEpochMilli()));
        arrive(link("prb-1", 0));
        arrive(new ProblemLink("inc-2", "prb-1", minutes(70)));
        assertThat(keyedStateEntries()).as("inc-2 waits for the watermark").isEqualTo(1);

        harness.processWatermark1(new Watermark(minutes(70).toEpochMilli()));

        assertThat(output()).isEmpty();
        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void shouldKeepAClosedIncidentForTheGraceOnlyAndIgnoreARepeatedLink() throws Exception {
        changeThenWatermark(OPENED);
        changeThenWatermark(RESOLVED);
        changeThenWatermark(CLOSED);
        arrive(link("prb-1", 0));
        arrive(link("prb-1", 0)); // the problem job's sink is at least once
        assertThat(output()).hasSize(4);

        harness.setProcessingTime(GRACE.toMillis() - 1);
        assertThat(keyedStateEntries()).as("the closed incident, kept for the grace").isPositive();
        harness.setProcessingTime(GRACE.toMillis());

        assertThat(keyedStateEntries()).isZero();
        arrive(link("prb-2", 1)); // too late: the incident is forgotten
        assertThat(output()).hasSize(4);
        assertThat(keyedStateEntries()).as("nothing kept for it").isZero();
    }

    @Test
    void shouldPassAnIncidentWithoutLinksAsItIs() throws Exception {
        List<Incident> lifecycle = List.of(OPENED, RESOLVED, CLOSED);
        for (Incident incident : lifecycle) {
            changeThenWatermark(incident);
        }

        assertThat(output()).isEqualTo(new ArrayList<>(lifecycle));
    }
}
