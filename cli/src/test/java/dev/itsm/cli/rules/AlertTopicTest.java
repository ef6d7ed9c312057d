package dev.itsm.cli.rules;

import dev.itsm.connectors.kafka.RawRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertTopicTest {

    @Test
    void shouldReadATopicWithATimeOrOffsetRangeEitherEndOpen() {
        assertThat(AlertTopic.parse("itsm.alerts.raw")).isEqualTo(new AlertTopic("itsm.alerts.raw", null, null));
        assertThat(AlertTopic.parse("itsm.alerts.raw:2026-11-28T09:00:00Z..2026-11-28T11:00:00+01:00")).isEqualTo(
                new AlertTopic("itsm.alerts.raw", new AlertTopic.Bound(Instant.parse("2026-11-28T09:00:00Z"), null),
                        new AlertTopic.Bound(Instant.parse("2026-11-28T10:00:00Z"), null)));
        assertThat(AlertTopic.parse("itsm.alerts.raw:@1000..")).hasToString("itsm.alerts.raw:@1000..")
                .isEqualTo(new AlertTopic("itsm.alerts.raw", new AlertTopic.Bound(null, 1000L), null));
        assertThat(AlertTopic.parse("itsm.alerts.raw:..@5000").to().offset()).isEqualTo(5000L);
    }

    @Test
    void shouldSayWhatIsWrongWithARange() {
        assertThatThrownBy(() -> AlertTopic.parse("alerts raw")).hasMessage("'alerts raw' is not a topic name (letters, digits, '.', '_', '-')");
        assertThatThrownBy(() -> AlertTopic.parse("itsm.alerts.raw:@-1..")).hasMessage("'@-1' is not an offset (@ and a number, e.g. @1000)");
        assertThatThrownBy(() -> AlertTopic.parse("itsm.alerts.raw:@9..@9")).hasMessage("the range @9..@9 is empty: @9 is not before @9");
        assertThatThrownBy(() -> AlertTopic.parse("itsm.alerts.raw:2026-11-28T10:00:00Z..2026-11-28T09:00:00Z"))
                .hasMessage("the range 2026-11-28T10:00:00Z..2026-11-28T09:00:00Z is empty: 2026-11-28T10:00:00Z is not before 2026-11-28T09:00:00Z");
    }

    @Test
    void shouldMergePartitionsByTimeKeepingEachPartitionsOrderLateRecordsIncluded() {
        List<RawRecord> p0 = List.of(record(0, 0, 100), record(0, 1, 300), record(0, 2, 150)); // the last one is late
        List<RawRecord> p1 = List.of(record(1, 0, 200), record(1, 1, 400));

        assertThat(AlertTopic.merge(List.of(p0, p1))).extracting(RawRecord::origin)
                .containsExactly("t/0@0", "t/1@0", "t/0@1", "t/0@2", "t/1@1");
    }

    private static RawRecord record(int partition, long offset, long timestamp) {
        return new RawRecord("t", partition, offset, timestamp, null, new byte[0], Map.of());
    }
}
