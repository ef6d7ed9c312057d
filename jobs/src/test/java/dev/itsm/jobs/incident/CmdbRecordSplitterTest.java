package dev.itsm.jobs.incident;

import dev.itsm.connectors.cmdb.CmdbChange;
import dev.itsm.connectors.cmdb.CmdbRecord;
import dev.itsm.connectors.cmdb.CmdbRecordDeserializer;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.DeadLetter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CmdbRecordSplitterTest {
    private static final Instant T = Instant.parse("2026-01-15T08:00:00Z");
    private static final ConfigItem DB01 = new ConfigItem("host-db01", "host", "db01", List.of("db01"), 3, "linux-ops",
            "fra1", null, Map.of(), T, 1);

    private OneInputStreamOperatorTestHarness<CmdbRecord, CmdbChange> harness;
    private long offset;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new CmdbRecordSplitter());
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /** What the CMDB source makes of a record with this key and value, at the next offset of partition 0. */
    private CmdbRecord read(String key, byte[] value) {
        return CmdbRecordDeserializer.read(new ConsumerRecord<>("itsm.cmdb", 0, offset++, T.toEpochMilli(),
                TimestampType.CREATE_TIME, -1, -1, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value,
                new RecordHeaders(), Optional.empty()));
    }

    private void process(CmdbRecord record) throws Exception {
        harness.processElement(new StreamRecord<>(record));
    }

    @Test
    void shouldPassGoodChangesOnAndDeadLetterBadRecordsWithTheirBytesOriginAndReason() throws Exception {
        byte[] notJson = "host-db01 moved to team-x".getBytes(StandardCharsets.UTF_8);
        byte[] floatCriticality = new String(Json.toBytes(DB01), StandardCharsets.UTF_8)
                .replace("\"ci.criticality\":3", "\"ci.criticality\":1.5").getBytes(StandardCharsets.UTF_8);

        process(read("ci:host-db01", Json.toBytes(DB01)));
        process(read("ci:host-db01", notJson));
        process(read("ci:host-db01", floatCriticality));
        process(read("ci:host-db01", new byte[0]));
        process(read("ci:host-nobody", null));

        assertThat(harness.extractOutputValues()).as("the good upsert and the delete, in order")
                .containsExactly(CmdbChange.upsert(DB01), CmdbChange.deleteItem("host-nobody"));
        assertThat(harness.getSideOutput(IncidentJobDescriptors.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                .satisfiesExactly(
                        letter -> {
                            assertThat(letter.errorType()).isEqualTo(DeadLetter.NOT_JSON);
                            assertThat(letter.reason()).startsWith("CMDB record 'ci:host-db01': not JSON: Unrecognized token 'host'");
                            assertThat(letter.original()).isEqualTo(notJson);
                            assertThat(letter.source()).isEqualTo(CmdbRecordDeserializer.SOURCE);
                            assertThat(letter.originOffset()).isEqualTo(1L);
                        },
                        letter -> {
                            assertThat(letter.errorType()).isEqualTo(DeadLetter.INVALID_FIELD);
                            assertThat(letter.reason()).isEqualTo("CMDB record 'ci:host-db01': ci.criticality: "
                                    + "must be an integer from 1 (most critical) to 5, was 1.5");
                            assertThat(letter.original()).isEqualTo(floatCriticality);
                            assertThat(letter.originOffset()).isEqualTo(2L);
                        },
                        letter -> {
                            assertThat(letter.errorType()).as("an empty value is no delete").isEqualTo(DeadLetter.MISSING_FIELD);
                            assertThat(letter.originOffset()).isEqualTo(3L);
                        });
    }

    @Test
    void shouldDeadLetterAKeylessRecordAndARecordOverTheSizeLimit() throws Exception {
        process(read(null, Json.toBytes(DB01)));
        process(read("ci:host-db01", new byte[300_000]));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(IncidentJobDescriptors.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                .extracting(DeadLetter::errorType, DeadLetter::reason).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(DeadLetter.MISSING_FIELD,
                                "CMDB record has no key; expected 'ci:<id>' or 'relation:<id>'"),
                        org.assertj.core.groups.Tuple.tuple(DeadLetter.TOO_LARGE,
                                "CMDB record 'ci:host-db01' is 300,012 bytes (key and value); the limit is 262,144 bytes"));
    }
}
