package dev.itsm.jobs.slo;

import dev.itsm.jobs.IncidentFacts;
import dev.itsm.jobs.TestingRulePacks;
import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.SloStatus;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.itsm.jobs.slo.ServiceImpactFunctionTest.incident;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLO stage on a MiniCluster with {@code pipeline.generic-types: false}: its records travel between operators
 * without Kryo, and a bounded outage comes out as statuses and burn-rate alerts.
 */
class SloStageTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void shouldTurnAnOutageIntoStatusesAndAFiringThenResolvedBurnRateAlertPerPair() throws Exception {
        List<String> shop = List.of("svc-online-shop");
        List<Incident> changes = List.of(
                incident("inc-1", 1, 0.5, IncidentStatus.NEW, Priority.P1, Impact.HIGH, shop),
                incident("inc-1", 2, 10.5, IncidentStatus.RESOLVED, Priority.P1, Impact.HIGH, shop));
        StreamExecutionEnvironment env = JobEnvironments.configure(StreamExecutionEnvironment.getExecutionEnvironment(),
                new Configuration());
        env.setParallelism(2);
        // one source subtask, in revision order (a map with another parallelism in between would reorder them)
        DataStream<IncidentFacts> incidents = env.fromData(changes.stream().map(IncidentFacts::of).toList())
                .assignTimestampsAndWatermarks(WatermarkStrategy.<IncidentFacts>forMonotonousTimestamps()
                        .withTimestampAssigner((incident, previous) -> incident.updated().toEpochMilli()));

        SingleOutputStreamOperator<SloStatus> statuses = SloStage.build(RulePackLoader.loadDefault(), incidents, TestingRulePacks.defaultOnly(env));
        DataStream<String> alerts = statuses.getSideOutput(SloJobDescriptors.BURN_RATE_ALERTS)
                .map(record -> "alert " + new String(record.value(), StandardCharsets.UTF_8)).returns(Types.STRING);
        List<String> out = statuses.map(s -> "status " + s.revision() + " " + s.slicesBad() + " " + s.impacted())
                .returns(Types.STRING).union(alerts).executeAndCollect(1000);

        // the end of the input moves event time to the end of time: every bad slice leaves every window
        assertThat(out).filteredOn(line -> line.startsWith("status")).startsWith("status 1 0 true")
                .endsWith("status " + out.stream().filter(line -> line.startsWith("status")).count() + " 0 false");
        assertThat(out).filteredOn(line -> line.startsWith("alert")).hasSize(6)
                .filteredOn(line -> line.contains("\"status\":\"firing\"")).hasSize(3);
    }
}
