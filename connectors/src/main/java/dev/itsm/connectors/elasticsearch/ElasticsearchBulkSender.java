package dev.itsm.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Sends bulk index requests with external versions through the official client, retrying 429, 5xx and lost
 * connections with exponential backoff until {@link ElasticsearchConfig#retryTimeout()}.
 */
final class ElasticsearchBulkSender implements BulkSender {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchBulkSender.class);
    private static final int MAX_REPORTED_FAILURES = 5;

    private final ElasticsearchClient client;
    private final ElasticsearchConfig config;
    private final LongSupplier nanoClock;

    ElasticsearchBulkSender(ElasticsearchClient client, ElasticsearchConfig config) {
        this(client, config, System::nanoTime);
    }

    ElasticsearchBulkSender(ElasticsearchClient client, ElasticsearchConfig config, LongSupplier nanoClock) {
        this.client = client;
        this.config = config;
        this.nanoClock = nanoClock;
    }

    @Override
    public BulkResult send(List<ElasticsearchDocument> documents) throws IOException, InterruptedException {
        long deadline = nanoClock.getAsLong() + config.retryTimeout().toNanos();
        Duration backoff = config.retryInitialBackoff();
        List<ElasticsearchDocument> remaining = documents;
        int written = 0;
        int stale = 0;
        int retries = 0;
        while (true) {
            String retryReason;
            try {
                BulkResponse response = client.bulk(request(remaining));
                List<ElasticsearchDocument> again = new ArrayList<>();
                List<String> refused = new ArrayList<>();
                List<BulkResponseItem> items = response.items();
                for (int i = 0; i < items.size(); i++) {
                    BulkResponseItem item = items.get(i);
                    ElasticsearchDocument document = remaining.get(i);
                    ErrorCause error = item.error();
                    switch (BulkItemOutcome.of(item.status(), error == null ? null : error.type())) {
                        case WRITTEN -> written++;
                        case STALE -> stale++;
                        case RETRY -> again.add(document);
                        case FATAL -> refused.add(describe(document, item.status(), error));
                    }
                }
                if (!refused.isEmpty()) {
                    throw new ElasticsearchSinkException("Elasticsearch refused " + refused.size() + " of " + remaining.size()
                            + " documents, retrying cannot help: " + String.join("; ", refused.subList(0, Math.min(refused.size(), MAX_REPORTED_FAILURES)))
                            + (refused.size() > MAX_REPORTED_FAILURES ? "; ..." : ""));
                }
                if (again.isEmpty()) {
                    return new BulkResult(written, stale, retries);
                }
                retryReason = again.size() + " documents answered 429/5xx";
                remaining = again;
            } catch (ElasticsearchException e) {
                if (BulkItemOutcome.of(e.status(), null) != BulkItemOutcome.RETRY) {
                    throw new ElasticsearchSinkException("Elasticsearch refused the bulk request (HTTP " + e.status() + "): " + e.getMessage(), e);
                }
                retryReason = "HTTP " + e.status() + ": " + e.getMessage();
            } catch (ElasticsearchSinkException e) {
                throw e;
            } catch (IOException e) {
                // connection refused or lost, timeout, or an HTTP error without an Elasticsearch body
                retryReason = e.toString();
            }
            long now = nanoClock.getAsLong();
            if (now >= deadline) {
                throw new ElasticsearchSinkException("gave up on " + remaining.size() + " documents after retrying for "
                        + config.retryTimeout() + " (" + ElasticsearchOptions.RETRY_TIMEOUT.key() + "); last problem: " + retryReason
                        + ". Nothing is lost: the job restarts from its last checkpoint.");
            }
            retries++;
            long pauseMillis = Math.max(1, Math.min(backoff.toMillis(), Duration.ofNanos(deadline - now).toMillis()));
            if (retries == 1 || retries % 10 == 0) {
                LOG.warn("Elasticsearch bulk of {} documents will be retried in {} ms (retry {}): {}", remaining.size(), pauseMillis, retries, retryReason);
            } else {
                LOG.debug("Elasticsearch bulk of {} documents will be retried in {} ms (retry {}): {}", remaining.size(), pauseMillis, retries, retryReason);
            }
            Thread.sleep(pauseMillis);
            backoff = backoff.multipliedBy(2).compareTo(config.retryMaxBackoff()) > 0 ? config.retryMaxBackoff() : backoff.multipliedBy(2);
        }
    }

    private static BulkRequest request(List<ElasticsearchDocument> documents) {
        List<BulkOperation> operations = new ArrayList<>(documents.size());
        for (ElasticsearchDocument document : documents) {
            operations.add(BulkOperation.of(op -> op.index(ix -> ix
                    .index(document.index())
                    .id(document.id())
                    .version(document.version())
                    .versionType(VersionType.External)
                    .document(BinaryData.of(document.source(), ContentType.APPLICATION_JSON)))));
        }
        return BulkRequest.of(b -> b.operations(operations));
    }

    private static String describe(ElasticsearchDocument document, int status, ErrorCause error) {
        String cause = error == null ? "no error body" : error.type() + ": " + error.reason()
                + (error.causedBy() != null ? " (caused by " + error.causedBy().type() + ": " + error.causedBy().reason() + ")" : "");
        return "index " + document.index() + " id " + document.id() + " version " + document.version() + " -> HTTP " + status + " " + cause;
    }

    @Override
    public void close() throws IOException {
        client._transport().close();
    }
}
