package dev.itsm.jobs.incident;

import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Urgency;
import dev.itsm.jobs.problem.ProblemLink;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Either;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class IncidentActionsFunctionTest {
    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");

    private KeyedTwoInputStreamOperatorTestHarness<String, Incident, Either<IncidentAction, ProblemLink>, Incident> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new IncidentActionsFunction(), Incident::id,
                IncidentActionsFunction::incidentId, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static Instant minutes(long n) {
        return T0.plusSeconds(60 * n);
    }

    /** The lifecycle's revision of inc-1 at {@code T0 + minutes}. */
    private static Incident lifecycle(long revision, long minutes, IncidentStatus status, int reopenCount) {
        Instant at = minutes(minutes);
        return new Incident("inc-1", revision, "NodeDown on db01", status, Priority.P1, Impact.HIGH, Urgency.HIGH,
                "db01", "a-1", List.of("a-1"), List.of(), List.of("db01"), List.of("svc-shop"), "dba", T0, null,
                status == IncidentStatus.RESOLVED || status == IncidentStatus.CLOSED ? at : null, at, reopenCount, null,
                "default@1#abc", Map.of(), List.of(), "region:db01");
    }

    private void change(Incident incident) throws Exception {
        harness.processElement1(new StreamRecord<>(incident, incident.updated().toEpochMilli()));
    }

    private void act(IncidentAction.Action action, long minutes, String by) throws Exception {
        harness.processElement2(new StreamRecord<>(Either.Left(new IncidentAction("inc-1", action, minutes(minutes), by, null)),
                minutes(minutes).toEpochMilli()));
    }

    private List<Incident> output() {
        return harness.extractOutputValues();
    }

    @Test
    void shouldAcknowledgeHoldAndResumeAnOpenIncidentWithRevisionsOfItsOwn() throws Exception {
        change(lifecycle(1, 0, IncidentStatus.NEW, 0));
        act(IncidentAction.Action.ACK, 5, "jane");
        act(IncidentAction.Action.ACK, 6, "joe"); // the first acknowledgement counts: nothing changes
        act(IncidentAction.Action.HOLD, 10, "jane");
        change(lifecycle(2, 12, IncidentStatus.NEW, 0)); // an alert joins while on hold
        act(IncidentAction.Action.RESUME, 20, "jane");

        assertThat(output()).extracting(Incident::revision, Incident::status, Incident::acknowledgedAt, Incident::updated)
                .containsExactly(
                        tuple(1L, IncidentStatus.NEW, null, minutes(0)),
                        tuple(2L, IncidentStatus.ACKNOWLEDGED, minutes(5), minutes(5)),
                        tuple(3L, IncidentStatus.ON_HOLD, minutes(5), minutes(10)),
                        tuple(4L, IncidentStatus.ON_HOLD, minutes(5), minutes(12)),
                        tuple(5L, IncidentStatus.ACKNOWLEDGED, minutes(5), minutes(20)));
        assertThat(output().get(1).labels()).containsEntry("acknowledged_by", "jane");
    }

    @Test
    void shouldPassTheLifecyclesResolveAndCloseKeepingTheAcknowledgementAndThenForgetTheIncident() throws Exception {
        change(lifecycle(1, 0, IncidentStatus.NEW, 0));
        act(IncidentAction.Action.ACK, 3, "jane");
        change(lifecycle(2, 9, IncidentStatus.RESOLVED, 0));
        act(IncidentAction.Action.HOLD, 10, "jane"); // not open: nothing to hold
        change(lifecycle(3, 39, IncidentStatus.CLOSED, 0));

        assertThat(output()).extracting(Incident::revision, Incident::status, Incident::acknowledgedAt, Incident::resolvedAt)
                .containsExactly(
                        tuple(1L, IncidentStatus.NEW, null, null),
                        tuple(2L, IncidentStatus.ACKNOWLEDGED, minutes(3), null),
                        tuple(3L, IncidentStatus.RESOLVED, minutes(3), minutes(9)),
                        tuple(4L, IncidentStatus.CLOSED, minutes(3), minutes(39)));
        act(IncidentAction.Action.RESUME, 40, "jane"); // closed: nothing to do any more
        assertThat(output()).hasSize(4);
        harness.setProcessingTime(IncidentActionsFunction.GRACE.toMillis());
        assertThat(((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries())
                .as("closed, and the grace for problem links over: forgotten").isZero();
    }

    @Test
    void shouldResolveByHandUntilTheAlertsSayOtherwise() throws Exception {
        change(lifecycle(1, 0, IncidentStatus.NEW, 0));
        act(IncidentAction.Action.RESOLVE, 4, "joe");
        change(lifecycle(2, 6, IncidentStatus.NEW, 0)); // still firing: an alert joined

        assertThat(output()).extracting(Incident::revision, Incident::status, Incident::resolvedAt)
                .containsExactly(tuple(1L, IncidentStatus.NEW, null), tuple(2L, IncidentStatus.RESOLVED, minutes(4)),
                        tuple(3L, IncidentStatus.NEW, null));
        assertThat(output().get(1).labels()).containsEntry("resolved_by", "joe");
        assertThat(output().get(2).labels()).doesNotContainKey("resolved_by");
    }

    @Test
    void shouldApplyActionsThatCameBeforeTheIncidentWhenItComes() throws Exception {
        act(IncidentAction.Action.ACK, 1, "jane");
        assertThat(output()).isEmpty();

        change(lifecycle(1, 0, IncidentStatus.NEW, 0));

        assertThat(output()).extracting(Incident::revision, Incident::status, Incident::acknowledgedAt)
                .containsExactly(tuple(1L, IncidentStatus.ACKNOWLEDGED, minutes(1)));
    }

    @Test
    void shouldIgnoreLifecycleRevisionsItHasSeenAndLeaveHoldWhenTheIncidentReopens() throws Exception {
        change(lifecycle(1, 0, IncidentStatus.NEW, 0));
        act(IncidentAction.Action.HOLD, 2, "jane");
        change(lifecycle(1, 0, IncidentStatus.NEW, 0)); // replayed
        change(lifecycle(2, 5, IncidentStatus.RESOLVED, 0));
        change(lifecycle(3, 8, IncidentStatus.NEW, 1)); // reopened

        assertThat(output()).extracting(Incident::revision, Incident::status).containsExactly(
                tuple(1L, IncidentStatus.NEW), tuple(2L, IncidentStatus.ON_HOLD), tuple(3L, IncidentStatus.RESOLVED),
                tuple(4L, IncidentStatus.NEW));
    }
}
