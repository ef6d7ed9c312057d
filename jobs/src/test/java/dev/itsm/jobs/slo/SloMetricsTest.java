package dev.itsm.jobs.slo;

import dev.itsm.jobs.IncidentFacts;
import dev.itsm.jobs.TestingRulePacks;
import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.itsm.jobs.slo.ServiceImpactFunctionTest.incident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The SLO gauges as Flink's metric system sees them (and so the Prometheus reporter): per service and SLO,
 * {@code sloCompliance} and {@code sloErrorBudgetRemaining}, and per burn-rate pair {@code sloBurnRate}. The job runs
 * on, so event time stops after the outage instead of jumping to the end of time.
 */
class SloMetricsTest {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void shouldReportComplianceBudgetAndBurnRatePerServiceAndPair() throws Exception {
        // the shop down from 10:00:30 to 10:10:30: slices 10:01 to 10:09 are bad (the two half slices are not);
        // an unrelated P4 at 10:12 moves event time past the last of them (see Outage)
        StreamExecutionEnvironment env = JobEnvironments.configure(StreamExecutionEnvironment.getExecutionEnvironment(),
                new Configuration());
        env.setParallelism(1);
        // an endless source, so that the end of input does not move event time to the end of time
        DataStream<Incident> incidents = env.fromSequence(0, Long.MAX_VALUE)
                .flatMap(new Outage()).returns(Incident.class)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Incident>forMonotonousTimestamps()
                        .withTimestampAssigner((incident, previous) -> incident.updated().toEpochMilli()));
        SloStage.build(RulePackLoader.loadDefault(), incidents.map(IncidentFacts::of), TestingRulePacks.defaultOnly(env)).sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("slo metrics test");
        try {
            double total = 43_200; // 30 days of minutes
            Map<String, Double> expected = new TreeMap<>();
            expected.put("sloCompliance", 1 - 9 / total);
            expected.put("sloErrorBudgetRemaining", 1 - 9 / (0.001 * total));
            expected.put("window.1h/5m.sloBurnRate", 9 / 60.0 / 0.001);
            expected.put("window.6h/30m.sloBurnRate", 9 / 360.0 / 0.001);
            expected.put("window.3d/6h.sloBurnRate", 9 / 4320.0 / 0.001);

            Map<String, Double> gauges = awaitGauges(expected);
            expected.forEach((name, value) -> assertThat(gauges.get(name)).as(name).isCloseTo(value, within(1e-9)));
        } finally {
            job.cancel().get();
        }
    }

    /** The outage's incident changes as the first elements of an endless sequence; then nothing, slowly. */
    private static final class Outage implements FlatMapFunction<Long, Incident> {
        @Override
        public void flatMap(Long n, Collector<Incident> out) throws Exception {
            List<String> shop = List.of("svc-online-shop");
            switch (n.intValue()) {
                case 0 -> out.collect(incident("inc-1", 1, 0.5, IncidentStatus.NEW, Priority.P1, Impact.HIGH, shop));
                case 1 -> out.collect(incident("inc-1", 2, 10.5, IncidentStatus.RESOLVED, Priority.P1, Impact.HIGH, shop));
                case 2 -> out.collect(incident("inc-2", 1, 12, IncidentStatus.NEW, Priority.P4, Impact.LOW, List.of()));
                default -> Thread.sleep(5);
            }
        }
    }

    /** The shop's SLO gauges by name below its group, once they show the expected values (or after 60 s). */
    private static Map<String, Double> awaitGauges(Map<String, Double> expected) throws InterruptedException {
        String group = "service.svc-online-shop.slo.online-shop-availability.";
        Map<String, Double> values = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            values.clear();
            REPORTER.getMetricsByGroup().forEach((metricGroup, metrics) -> metrics.forEach((name, metric) -> {
                String identifier = metricGroup.getMetricIdentifier(name);
                int at = identifier.indexOf(group);
                if (at >= 0 && metric instanceof Gauge<?> gauge
                        && gauge.getValue() instanceof Double value) {
                    values.put(identifier.substring(at + group.length()), value);
                }
            }));
            if (values.keySet().containsAll(expected.keySet())
                    && expected.entrySet().stream().allMatch(e -> Math.abs(values.get(e.getKey()) - e.getValue()) < 1e-9)) {
                return values;
            }
            Thread.sleep(200);
        }
        return values;
    }
}
