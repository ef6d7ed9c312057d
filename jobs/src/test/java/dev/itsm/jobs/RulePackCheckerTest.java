package dev.itsm.jobs;

import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What reaches the operators from the rules topic: valid packs of the job's pack name only. */
class RulePackCheckerTest {

    private OneInputStreamOperatorTestHarness<RawRecord, RulePackRecord> harness;
    private long offset;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new RulePackChecker("default"));
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void read(byte[] value) throws Exception {
        harness.processElement(new StreamRecord<>(new RawRecord("itsm.rules", 0, offset++, 0, null, value, Map.of()), 0));
    }

    @Test
    void shouldPassOnAValidPackWithTheLineageItsFilesHave() throws Exception {
        RulePackRecord published = TestingRulePacks.defaultWithMatrix("2026.11.2", """
                  high:   { high: P2, medium: P3, low: P4 }
                  medium: { high: P3, medium: P4, low: P5 }
                  low:    { high: P4, medium: P5, low: P5 }
                """);
        RulePackRecord claimingAnother = new RulePackRecord(published.name(), published.version(), "default@0#000000000000",
                published.files(), published.publishedAt());

        read(claimingAnother.toJson());

        assertThat(harness.extractOutputValues()).singleElement().satisfies(checked -> {
            assertThat(checked.lineage()).isEqualTo(published.lineage()).isNotEqualTo(RulePackLoader.loadDefault().lineage());
            assertThat(checked.files()).isEqualTo(published.files());
        });
    }

    @Test
    void shouldRefuseAnInvalidPackAndWhatIsNoPackRecord() throws Exception {
        read(TestingRulePacks.invalid("2026.11.3").toJson());
        read("{not json".getBytes(StandardCharsets.UTF_8));
        read("{\"version\":\"1\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldRefuseAPackPublishedUnderAnotherNameThanItsPackYamlSays() throws Exception {
        RulePackRecord other = TestingRulePacks.defaultWith("pack.yaml", "name: payments\nversion: 1\n");
        read(new RulePackRecord("default", "1", other.lineage(), other.files(), other.publishedAt()).toJson());

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldIgnoreOtherPacksAndTombstones() throws Exception {
        read(TestingRulePacks.defaultWith("pack.yaml", "name: payments\nversion: 1\n").toJson());
        read(new byte[0]);
        read(TestingRulePacks.defaultWith().toJson());

        assertThat(harness.extractOutputValues()).extracting(RulePackRecord::name).containsExactly("default");
    }
}
