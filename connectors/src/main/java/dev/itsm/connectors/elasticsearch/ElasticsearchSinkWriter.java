package dev.itsm.connectors.elasticsearch;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

import java.io.IOException;
import java.util.List;

/**
 * Buffers documents (collapsing revisions of one id to the newest) and sends them in bulk when the buffer is full by
 * count or size, when the flush interval has passed, and on every checkpoint.
 *
 * <p>{@link #flush(boolean)} returns only when every buffered document is settled, so a completed checkpoint means
 * everything before it is in Elasticsearch: at-least-once, and idempotent thanks to external versions. All methods and
 * the timer callback run on the task's mailbox thread, so there is no locking.
 */
final class ElasticsearchSinkWriter<T> implements SinkWriter<T> {
    private final ElasticsearchConfig config;
    private final DocumentMapper<T> mapper;
    private final BulkSender sender;
    private final ProcessingTimeService timeService;
    private final PendingBulk pending = new PendingBulk();
    private boolean timerScheduled;

    private final Counter recordsSend;
    private final Counter bytesSend;
    private final Counter documentsWritten;
    private final Counter documentsStale;
    private final Counter documentsCollapsed;
    private final Counter bulkRequests;
    private final Counter bulkRetries;

    ElasticsearchSinkWriter(ElasticsearchConfig config, DocumentMapper<T> mapper, BulkSender sender,
                            ProcessingTimeService timeService, SinkWriterMetricGroup metrics) {
        this.config = config;
        this.mapper = mapper;
        this.sender = sender;
        this.timeService = timeService;
        this.recordsSend = metrics.getNumRecordsSendCounter();
        this.bytesSend = metrics.getNumBytesSendCounter();
        this.documentsWritten = metrics.counter("documentsWritten");
        this.documentsStale = metrics.counter("documentsStale");
        this.documentsCollapsed = metrics.counter("documentsCollapsed");
        this.bulkRequests = metrics.counter("bulkRequests");
        this.bulkRetries = metrics.counter("bulkRetries");
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        pending.add(mapper.toDocument(element));
        if (pending.size() >= config.bulkMaxActions() || pending.bytes() >= config.bulkMaxBytes()) {
            sendPending();
        } else {
            scheduleFlushTimer();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        sendPending();
    }

    private void scheduleFlushTimer() {
        long interval = config.bulkFlushInterval().toMillis();
        if (timerScheduled || interval == 0) {
            return;
        }
        timerScheduled = true;
        timeService.registerTimer(timeService.getCurrentProcessingTime() + interval, time -> {
            timerScheduled = false;
            sendPending();
        });
    }

    private void sendPending() throws IOException, InterruptedException {
        documentsCollapsed.inc(pending.takeCollapsedCount());
        if (pending.isEmpty()) {
            return;
        }
        long bytes = pending.bytes();
        List<ElasticsearchDocument> documents = pending.drain();
        BulkSender.BulkResult result = sender.send(documents);
        bulkRequests.inc(1 + result.retries());
        bulkRetries.inc(result.retries());
        documentsWritten.inc(result.written());
        documentsStale.inc(result.stale());
        recordsSend.inc(documents.size());
        bytesSend.inc(bytes);
    }

    @Override
    public void close() throws Exception {
        sender.close();
    }
}
