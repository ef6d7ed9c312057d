package dev.itsm.connectors.elasticsearch;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;

import static dev.itsm.connectors.elasticsearch.PendingBulkTest.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElasticsearchSinkWriterTest {

    private final TestingBulkSender sender = new TestingBulkSender();
    private final TestingTimeService time = new TestingTimeService();

    private ElasticsearchSinkWriter<ElasticsearchDocument> writer(int maxActions, Duration flushInterval) {
        Configuration conf = new Configuration();
        conf.set(ElasticsearchOptions.BULK_MAX_ACTIONS, maxActions);
        conf.set(ElasticsearchOptions.BULK_FLUSH_INTERVAL, flushInterval);
        return new ElasticsearchSinkWriter<>(ElasticsearchConfig.fromConfiguration(conf), d -> d, sender, time,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup());
    }

    @Test
    void shouldSendABulkWhenMaxActionsDistinctDocumentsWait() throws Exception {
        var writer = writer(3, Duration.ZERO);
        writer.write(doc("i", "a", 1), null);
        writer.write(doc("i", "a", 2), null);
        writer.write(doc("i", "b", 1), null);
        assertThat(sender.bulks).isEmpty();

        writer.write(doc("i", "c", 1), null);

        assertThat(sender.bulks).hasSize(1);
        assertThat(sender.bulks.get(0)).extracting(ElasticsearchDocument::id, ElasticsearchDocument::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 2L), org.assertj.core.groups.Tuple.tuple("b", 1L),
                        org.assertj.core.groups.Tuple.tuple("c", 1L));
    }

    @Test
    void shouldSendEverythingWaitingOnCheckpointFlush() throws Exception {
        var writer = writer(1000, Duration.ZERO);
        writer.write(doc("i", "a", 1), null);
        writer.write(doc("i", "b", 1), null);

        writer.flush(false);

        assertThat(sender.bulks).hasSize(1);
        assertThat(sender.bulks.get(0)).hasSize(2);
        writer.flush(false);
        assertThat(sender.bulks).as("an empty buffer sends nothing").hasSize(1);
    }

    @Test
    void shouldSendWaitingDocumentsWhenTheFlushIntervalPasses() throws Exception {
        var writer = writer(1000, Duration.ofSeconds(1));
        writer.write(doc("i", "a", 1), null);
        writer.write(doc("i", "b", 1), null);
        assertThat(time.timers).hasSize(1);

        time.advanceTo(999);
        assertThat(sender.bulks).isEmpty();
        time.advanceTo(1000);
        assertThat(sender.bulks).hasSize(1);

        writer.write(doc("i", "c", 1), null);
        assertThat(time.timers).as("a new timer for the next batch").hasSize(1);
    }

    @Test
    void shouldFailTheCheckpointWhenTheSenderGivesUp() throws Exception {
        var writer = writer(1000, Duration.ZERO);
        writer.write(doc("i", "a", 1), null);
        sender.failure = new ElasticsearchSinkException("Elasticsearch refused 1 of 1 documents");

        assertThatThrownBy(() -> writer.flush(false)).isSameAs(sender.failure);
    }

    static final class TestingBulkSender implements BulkSender {
        final List<List<ElasticsearchDocument>> bulks = new ArrayList<>();
        IOException failure;

        @Override
        public BulkResult send(List<ElasticsearchDocument> documents) throws IOException {
            if (failure != null) {
                throw failure;
            }
            bulks.add(List.copyOf(documents));
            return new BulkResult(documents.size(), 0, 0);
        }

        @Override
        public void close() {
        }
    }

    static final class TestingTimeService implements ProcessingTimeService {
        final TreeMap<Long, List<ProcessingTimeCallback>> timers = new TreeMap<>();
        long now;

        @Override
        public long getCurrentProcessingTime() {
            return now;
        }

        @Override
        public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback callback) {
            timers.computeIfAbsent(timestamp, t -> new ArrayList<>()).add(callback);
            return null;
        }

        void advanceTo(long time) throws Exception {
            now = time;
            while (!timers.isEmpty() && timers.firstKey() <= time) {
                var entry = timers.pollFirstEntry();
                for (ProcessingTimeCallback callback : entry.getValue()) {
                    callback.onProcessingTime(entry.getKey());
                }
            }
        }
    }
}
