package dev.itsm.jobs.sla;

import dev.itsm.jobs.IncidentFacts;
import dev.itsm.jobs.TestingRulePacks;
import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.SlaState;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.core.model.Urgency;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The SLA stage on a MiniCluster, from bounded incident changes and actions to a collecting sink. */
class SlaStageTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Instant T0 = Instant.parse("2026-01-15T03:00:00Z");
    private static final List<SlaStatus> RECEIVED = new CopyOnWriteArrayList<>();

    @Test
    void shouldMeetTheResponseOfAnAcknowledgedIncidentAndBreachWhatStillRunsWhenTheInputEnds() throws Exception {
        RECEIVED.clear();
        Incident incident = new Incident("inc-1", 1, "PostgresDown on db01", IncidentStatus.NEW, Priority.P1,
                Impact.HIGH, Urgency.HIGH, "db01", "a-1", List.of("a-1"), List.of(), List.of("db01"),
                List.of("payments"), "dba", T0, null, null, T0, 0, null, "default@1#abc", Map.of(), List.of(),
                "region:db01");
        StreamExecutionEnvironment env = JobEnvironments.configure(StreamExecutionEnvironment.getExecutionEnvironment(),
                new Configuration());
        env.setParallelism(2);
        RulePack rules = RulePackLoader.loadDefault();

        SlaStage.build(rules,
                        env.fromData(IncidentFacts.of(incident)).assignTimestampsAndWatermarks(WatermarkStrategy.<IncidentFacts>forMonotonousTimestamps()
                                .withTimestampAssigner((i, previous) -> i.updated().toEpochMilli())),
                        env.fromData(new IncidentAction("inc-1", IncidentAction.Action.ACK, T0.plusSeconds(300), "alice",
                                null)).assignTimestampsAndWatermarks(SlaStage.actionWatermarks(rules)),
                        TestingRulePacks.defaultOnly(env))
                .sinkTo(new CollectingSink());
        env.execute("sla stage test");

        // The actions input holds event time back until its ack is read, so the ack after 5 minutes meets the
        // response target of 15; then the end of input moves event time to the end of time: the resolution clock
        // warns twice and breaches.
        assertThat(RECEIVED.stream().filter(s -> s.id().equals("inc-1:response")).toList())
                .extracting(SlaStatus::state, SlaStatus::revision)
                .containsExactly(tuple(SlaState.RUNNING, 1L), tuple(SlaState.MET, 2L));
        assertThat(RECEIVED.stream().filter(s -> s.id().equals("inc-1:resolution")).toList())
                .extracting(SlaStatus::state, SlaStatus::revision).containsExactly(tuple(SlaState.RUNNING, 1L),
                        tuple(SlaState.WARNING, 2L), tuple(SlaState.WARNING, 3L), tuple(SlaState.BREACHED, 4L));
    }

    /** Collects into {@link #RECEIVED} (a MiniCluster runs in this JVM). */
    private static final class CollectingSink implements Sink<SlaStatus> {
        @Override
        public SinkWriter<SlaStatus> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(SlaStatus element, Context context) {
                    RECEIVED.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
