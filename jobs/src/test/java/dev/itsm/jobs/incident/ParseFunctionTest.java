package dev.itsm.jobs.incident;

import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Severity;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.jobs.TestingRulePacks;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ParseFunctionTest {

    private BroadcastOperatorTestHarness<RawRecord, RulePackRecord, Alert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new ParseFunction(RulePackLoader.loadDefault(),
                IncidentJobOptions.MAX_CLOCK_SKEW.defaultValue()), ActiveRulePack.STATE);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(String format, String payload, long offset) throws Exception {
        send(format, payload, offset, 1_768_467_600_000L);
    }

    private void send(String format, String payload, long offset, long timestamp) throws Exception {
        RawRecord raw = new RawRecord("itsm.alerts.raw", 0, offset, timestamp, null, payload.getBytes(StandardCharsets.UTF_8),
                format == null ? Map.of() : Map.of("itsm.format", format));
        harness.processElement(new StreamRecord<>(raw, raw.timestamp()));
    }

    @Test
    void shouldTurnAGenericPayloadIntoAnAlertStampedWithTheRecordTime() throws Exception {
        send("generic", "{\"name\":\"BackupFailed\",\"status\":\"firing\",\"severity\":\"major\",\"host\":\"db01\"}", 0);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
            assertThat(alert.name()).isEqualTo("BackupFailed");
            assertThat(alert.timestamp().toEpochMilli()).isEqualTo(1_768_467_600_000L);
        });
    }

    @Test
    void shouldSendBadInputToTheDeadLettersWithItsOriginAndNeverFail() throws Exception {
        send("alertmanager", "{\"version\":\"4\",\"status\":", 41);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(IncidentJobDescriptors.DEAD_LETTERS)).singleElement().satisfies(record -> {
            DeadLetter letter = record.getValue();
            assertThat(letter.errorType()).isEqualTo(DeadLetter.NOT_JSON);
            assertThat(letter.originalAsText()).isEqualTo("{\"version\":\"4\",\"status\":");
            assertThat(letter.originTopic()).isEqualTo("itsm.alerts.raw");
            assertThat(letter.originOffset()).isEqualTo(41L);
        });
    }

    @Test
    void shouldLetAHeartbeatThroughAsNothing() throws Exception {
        send(ParseFunction.HEARTBEAT, "", 3);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(IncidentJobDescriptors.DEAD_LETTERS)).isNull();
    }

    @Test
    void shouldParseWithAPublishedPackFromTheMomentItArrives() throws Exception {
        String payload = "{\"name\":\"DiskFull\",\"status\":\"firing\",\"severity\":\"blorp\",\"host\":\"db01\"}";
        send("generic", payload, 0);
        harness.processBroadcastElement(TestingRulePacks.defaultWith("ingest.yaml", "severity-aliases:\n  blorp: critical\n"), 0);
        send("generic", payload, 1);

        // 'blorp' is no word the default pack knows: its default severity; the new pack's alias makes it critical
        assertThat(harness.extractOutputValues()).extracting(Alert::severity).containsExactly(Severity.WARNING, Severity.CRITICAL);
    }

    @Test
    void shouldDeadLetterARecordStampedFurtherAheadOfTheClockThanTheSkewAllows() throws Exception {
        String alert = "{\"name\":\"BackupFailed\",\"status\":\"firing\"}";
        send("generic", alert, 7, System.currentTimeMillis() + Duration.ofMinutes(30).toMillis());
        send("generic", alert, 8, System.currentTimeMillis() + Duration.ofMinutes(1).toMillis());

        assertThat(harness.extractOutputValues()).as("a minute ahead is within the skew").hasSize(1);
        assertThat(harness.getSideOutput(IncidentJobDescriptors.DEAD_LETTERS)).singleElement().satisfies(record -> {
            DeadLetter letter = record.getValue();
            assertThat(letter.errorType()).isEqualTo(DeadLetter.CLOCK_SKEW);
            assertThat(letter.reason()).matches("record timestamp \\S+ is 1[78]\\d\\d s ahead of the job's clock, more "
                    + "than itsm.max-clock-skew \\(300 s\\): the sender's clock is wrong");
            assertThat(letter.originOffset()).isEqualTo(7L);
        });
    }

    @Test
    void shouldDeadLetterARecordStampedBeforeTheAcceptedYears() throws Exception {
        send("generic", "{\"name\":\"BackupFailed\",\"status\":\"firing\"}", 9, 1_714_558_530L);

        assertThat(harness.getSideOutput(IncidentJobDescriptors.DEAD_LETTERS)).singleElement()
                .satisfies(record -> assertThat(record.getValue().reason()).isEqualTo("record timestamp "
                        + "1970-01-20T20:15:58.530Z is outside the accepted years 2000..2100 (the sender's clock is "
                        + "wrong, or it wrote seconds, not milliseconds)"));
    }

    @Test
    void shouldNotLetARecordTooFarAheadMoveTheWatermark() {
        var generator = ClockSkew.of(Duration.ofMinutes(5)).<String>watermarks(Duration.ofSeconds(30));
        List<Long> emitted = new ArrayList<>();
        WatermarkOutput output = new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
                emitted.add(watermark.getTimestamp());
            }

            @Override
            public void markIdle() {
            }

            @Override
            public void markActive() {
            }
        };
        long now = System.currentTimeMillis();
        generator.onEvent("now", now, output);
        generator.onEvent("an hour ahead", now + Duration.ofHours(1).toMillis(), output);
        generator.onPeriodicEmit(output);

        assertThat(emitted).containsExactly(now - 30_000 - 1);
    }
}
