package dev.itsm.connectors.elasticsearch;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A Sink V2 that writes whole documents by id to Elasticsearch with the entity's revision as the external version:
 * at-least-once (everything buffered is sent on each checkpoint) and idempotent (an older or replayed revision never
 * overwrites a newer one; such conflicts are counted as {@code documentsStale}, not treated as errors).
 *
 * <pre>{@code
 * ElasticsearchSink<Incident> sink = ElasticsearchSink.<Incident>builder()
 *         .setHosts("http://localhost:9200")
 *         .setDocumentMapper(incident -> new ElasticsearchDocument(
 *                 "itsm-incidents", incident.id(), incident.revision(), Json.toBytes(incident)))
 *         .build();
 * incidents.sinkTo(sink).uid("incidents-to-elasticsearch").name("incidents to Elasticsearch");
 * }</pre>
 */
public final class ElasticsearchSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final ElasticsearchConfig config;
    private final DocumentMapper<T> mapper;

    private ElasticsearchSink(ElasticsearchConfig config, DocumentMapper<T> mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    public ElasticsearchConfig config() {
        return config;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        BulkSender sender = new ElasticsearchBulkSender(ElasticsearchClients.client(config), config);
        return new ElasticsearchSinkWriter<>(config, mapper, sender, context.getProcessingTimeService(), context.metricGroup());
    }

    /** Builds an {@link ElasticsearchSink}; anything not set comes from {@link ElasticsearchOptions} defaults. */
    public static final class Builder<T> {
        private final Configuration configuration = new Configuration();
        private DocumentMapper<T> mapper;

        private Builder() {
        }

        /** Takes every {@code elasticsearch.*} option set in the given configuration (later setters override). */
        public Builder<T> setConfiguration(Configuration config) {
            configuration.addAll(config);
            return this;
        }

        public Builder<T> setHosts(String... hosts) {
            configuration.set(ElasticsearchOptions.HOSTS, List.of(hosts));
            return this;
        }

        public Builder<T> setBasicAuth(String username, String password) {
            configuration.set(ElasticsearchOptions.USERNAME, username);
            configuration.set(ElasticsearchOptions.PASSWORD, password);
            return this;
        }

        public Builder<T> setApiKey(String encodedApiKey) {
            configuration.set(ElasticsearchOptions.API_KEY, encodedApiKey);
            return this;
        }

        public Builder<T> setCaCertificate(String pemPath) {
            configuration.set(ElasticsearchOptions.CA_CERTIFICATE, pemPath);
            return this;
        }

        public Builder<T> setBulkFlushMaxActions(int maxActions) {
            configuration.set(ElasticsearchOptions.BULK_MAX_ACTIONS, maxActions);
            return this;
        }

        public Builder<T> setBulkFlushMaxSize(MemorySize maxSize) {
            configuration.set(ElasticsearchOptions.BULK_MAX_SIZE, maxSize);
            return this;
        }

        public Builder<T> setBulkFlushInterval(Duration interval) {
            configuration.set(ElasticsearchOptions.BULK_FLUSH_INTERVAL, interval);
            return this;
        }

        public Builder<T> setRetryBackoff(Duration initial, Duration max) {
            configuration.set(ElasticsearchOptions.RETRY_INITIAL_BACKOFF, initial);
            configuration.set(ElasticsearchOptions.RETRY_MAX_BACKOFF, max);
            return this;
        }

        public Builder<T> setRetryTimeout(Duration timeout) {
            configuration.set(ElasticsearchOptions.RETRY_TIMEOUT, timeout);
            return this;
        }

        public Builder<T> setDocumentMapper(DocumentMapper<T> mapper) {
            this.mapper = mapper;
            return this;
        }

        /** @throws IllegalArgumentException naming the option that is wrong */
        public ElasticsearchSink<T> build() {
            Objects.requireNonNull(mapper, "a document mapper is required (setDocumentMapper)");
            return new ElasticsearchSink<>(ElasticsearchConfig.fromConfiguration(configuration), mapper);
        }
    }
}
