package dev.itsm.connectors.elasticsearch;

import java.io.IOException;
import java.util.List;

/** Sends one batch of documents and returns only when every one of them is settled (written or stale). */
interface BulkSender extends AutoCloseable {

    /**
     * @throws ElasticsearchSinkException if Elasticsearch refuses a document for good, or retrying timed out
     */
    BulkResult send(List<ElasticsearchDocument> documents) throws IOException, InterruptedException;

    @Override
    void close() throws IOException;

    /** How a batch was settled. */
    record BulkResult(int written, int stale, int retries) {
    }
}
