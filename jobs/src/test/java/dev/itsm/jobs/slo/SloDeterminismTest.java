package dev.itsm.jobs.slo;

import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.model.SloStatus;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLO function's output (statuses with their revisions, burn-rate alerts) is a function of its inputs and their
 * event times: the same whatever the watermark's steps and however the inputs of different incidents interleave,
 * as long as no input comes later than its channel's watermark allows.
 */
class SloDeterminismTest {
    private static final RulePack RULES = RulePackLoader.loadDefault();
    private static final String SHOP = "svc-online-shop";
    private static final String PAYMENTS = "svc-payments";
    private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
    /** After the service's state was cleared (every bad slice out of every window), inputs again. */
    private static final long AGAIN = Duration.ofDays(35).toMinutes();
    /** Past every window of the default pack after the last input: every bad slice has left every window. */
    private static final long END = T0.plus(Duration.ofDays(70)).toEpochMilli();

    /** What came out: the statuses and the burn-rate alerts, each in the order emitted. */
    record Output(List<SloStatus> statuses, List<String> alerts) {
    }

    private static ServiceImpact impact(String service, String incident, boolean impacting, long minutes, long seconds) {
        return new ServiceImpact(service, incident, impacting, T0.plusSeconds(minutes * 60 + seconds));
    }

    /**
     * Incidents on two services, each a list in its own order (one incident comes through one upstream channel):
     * outages across slice ends, one incident's stop at the same instant as another's start, an incident that
     * stops and starts again at one instant, inputs exactly on slice ends, two incidents overlapping, and inputs
     * again after the state of a service was cleared (one that changes nothing: it starts and stops at one instant).
     */
    private static List<List<ServiceImpact>> incidents() {
        return List.of(
                List.of(impact(SHOP, "inc-1", true, 0, 20), impact(SHOP, "inc-1", false, 4, 10)),
                List.of(impact(SHOP, "inc-2", true, 4, 10), impact(SHOP, "inc-2", false, 9, 0)),
                List.of(impact(SHOP, "inc-3", true, 6, 0), impact(SHOP, "inc-3", false, 6, 30),
                        impact(SHOP, "inc-3", true, 6, 30), impact(SHOP, "inc-3", false, 12, 0)),
                List.of(impact(SHOP, "inc-4", true, 15, 0), impact(SHOP, "inc-4", false, 15, 0)),
                List.of(impact(SHOP, "inc-5", true, 20, 0), impact(SHOP, "inc-5", false, 21, 0)),
                List.of(impact(SHOP, "inc-6", true, 21, 0), impact(SHOP, "inc-6", false, 40, 0)),
                List.of(impact(PAYMENTS, "inc-7", true, 2, 0), impact(PAYMENTS, "inc-7", false, 30, 0)),
                List.of(impact(PAYMENTS, "inc-8", true, 30, 0), impact(PAYMENTS, "inc-8", false, 31, 0)),
                List.of(impact(PAYMENTS, "inc-9", true, AGAIN, 0), impact(PAYMENTS, "inc-9", false, AGAIN, 0)),
                List.of(impact(PAYMENTS, "inc-10", true, AGAIN + 10, 0), impact(PAYMENTS, "inc-10", false, AGAIN + 12, 0)));
    }

    private static KeyedBroadcastOperatorTestHarness<String, ServiceImpact, RulePackRecord, SloStatus> harness()
            throws Exception {
        var harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new SloFunction(RULES),
                ServiceImpact::service, Types.STRING, ActiveRulePack.STATE);
        harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE)); // as in the job: the rules input is idle
        return harness;
    }

    private static Output output(KeyedBroadcastOperatorTestHarness<String, ServiceImpact, RulePackRecord, SloStatus> harness) {
        Queue<StreamRecord<RawRecord>> alerts = harness.getSideOutput(SloJobDescriptors.BURN_RATE_ALERTS);
        List<String> texts = alerts == null ? List.of() : alerts.stream()
                .map(r -> r.getTimestamp() + " " + new String(r.getValue().value(), StandardCharsets.UTF_8)).toList();
        return new Output(harness.extractOutputValues(), texts);
    }

    /** Per service, what came out for it (services are keys apart: their interleaving is not part of the output). */
    private static Map<String, Output> byService(Output output) {
        Map<String, Output> services = new LinkedHashMap<>();
        for (String service : List.of(SHOP, PAYMENTS)) {
            services.put(service, new Output(output.statuses().stream().filter(s -> s.service().equals(service)).toList(),
                    output.alerts().stream().filter(a -> a.contains("\"service\":\"" + service + "\"")).toList()));
        }
        return services;
    }

    /**
     * Plays the incidents as upstream channels would deliver them: {@code channels} channels, each incident on one
     * of them, each channel's inputs in event-time order (an incident's own order kept); a random interleaving of the
     * channels; after an input, with probability {@code watermarkChance}, the operator's watermark moves to a random
     * point no further than every channel allows (just before the next input each channel still has to deliver).
     */
    private static Output play(long seed, int channels, double watermarkChance) throws Exception {
        Random random = new Random(seed);
        List<List<ServiceImpact>> lanes = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            lanes.add(new ArrayList<>());
        }
        List<List<ServiceImpact>> incidents = incidents();
        for (int i = 0; i < incidents.size(); i++) {
            lanes.get((i + (int) (seed % channels)) % channels).addAll(incidents.get(i));
        }
        for (List<ServiceImpact> lane : lanes) {
            lane.sort(Comparator.comparing(ServiceImpact::at)); // stable: an incident's same-time inputs keep their order
        }
        int[] next = new int[channels];
        long watermark = Long.MIN_VALUE;
        var harness = harness();
        try {
            while (true) {
                List<Integer> open = new ArrayList<>();
                for (int c = 0; c < channels; c++) {
                    if (next[c] < lanes.get(c).size()) {
                        open.add(c);
                    }
                }
                if (open.isEmpty()) {
                    break;
                }
                int c = open.get(random.nextInt(open.size()));
                ServiceImpact input = lanes.get(c).get(next[c]++);
                harness.processElement(new StreamRecord<>(input, input.at().toEpochMilli()));
                if (random.nextDouble() < watermarkChance) {
                    long allowed = Long.MAX_VALUE;
                    for (int d = 0; d < channels; d++) {
                        if (next[d] < lanes.get(d).size()) {
                            allowed = Math.min(allowed, lanes.get(d).get(next[d]).at().toEpochMilli() - 1);
                        }
                    }
                    if (allowed == Long.MAX_VALUE) {
                        allowed = END;
                    }
                    if (allowed > watermark) {
                        long from = Math.max(watermark, T0.toEpochMilli());
                        watermark = allowed <= from ? allowed : from + (long) (random.nextDouble() * (allowed - from + 1));
                        watermark = Math.min(watermark, allowed);
                        harness.processWatermark(new Watermark(watermark));
                    }
                }
            }
            harness.processWatermark(new Watermark(END));
            return output(harness);
        } finally {
            harness.close();
        }
    }

    /** A status in one line: revision, time, impacted, bad slices, the pairs that fire. */
    private static String brief(SloStatus s) {
        return s.revision() + " " + s.updated() + (s.impacted() ? " impacted" : " available") + " bad " + s.slicesBad()
                + " " + s.burnRates().stream().filter(b -> b.firing()).map(b -> b.window()).toList();
    }

    @Test
    void shouldEmitTheSameStatusesAndAlertsWhateverTheWatermarkStepsAndTheInterleaving() throws Exception {
        Output reference = play(0, 1, 1.0); // one channel, the watermark as far as allowed after every input
        Map<String, Output> expected = byService(reference);
        assertThat(expected.get(SHOP).statuses()).hasSizeGreaterThan(20);
        assertThat(expected.get(SHOP).alerts()).isNotEmpty();

        for (long seed = 1; seed <= 200; seed++) {
            int channels = 1 + (int) (seed % 3);
            double chance = (seed % 5) / 4.0; // 0: one watermark at the end; 1: after every input
            Map<String, Output> actual = byService(play(seed, channels, chance));
            for (String service : expected.keySet()) {
                assertThat(actual.get(service).statuses()).extracting(SloDeterminismTest::brief)
                        .as("seed %d, %d channels, watermark chance %s: statuses of %s", seed, channels, chance, service)
                        .containsExactlyElementsOf(expected.get(service).statuses().stream().map(SloDeterminismTest::brief).toList());
                assertThat(actual.get(service).statuses())
                        .as("seed %d, %d channels, watermark chance %s: statuses of %s", seed, channels, chance, service)
                        .containsExactlyElementsOf(expected.get(service).statuses());
                assertThat(actual.get(service).alerts())
                        .as("seed %d, %d channels, watermark chance %s: alerts of %s", seed, channels, chance, service)
                        .containsExactlyElementsOf(expected.get(service).alerts());
            }
        }
    }
}
