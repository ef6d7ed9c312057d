package dev.itsm.jobs.incident;

import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Severity;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.jobs.TestingRulePacks;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ParseFunctionTest {

    private BroadcastOperatorTestHarness<RawRecord, RulePackRecord, Alert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new ParseFunction(RulePackLoader.loadDefault()),
                ActiveRulePack.STATE);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(String format, String payload, long offset) throws Exception {
        RawRecord raw = new RawRecord("itsm.alerts.raw", 0, offset, 1_768_467_600_000L, null, payload.getBytes(StandardCharsets.UTF_8),
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
}
