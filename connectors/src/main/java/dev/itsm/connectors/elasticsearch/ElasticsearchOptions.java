package dev.itsm.connectors.elasticsearch;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;

import java.time.Duration;
import java.util.List;

import static org.apache.flink.configuration.ConfigOptions.key;

/** Options of the Elasticsearch sink. The README's configuration reference is checked against these constants. */
public final class ElasticsearchOptions {

    public static final ConfigOption<List<String>> HOSTS = key("elasticsearch.hosts")
            .stringType().asList().defaultValues("http://localhost:9200")
            .withDescription("Elasticsearch HTTP addresses, separated by ';' (scheme://host:port).");

    public static final ConfigOption<String> USERNAME = key("elasticsearch.username")
            .stringType().noDefaultValue()
            .withDescription("User for basic authentication (with elasticsearch.password).");

    public static final ConfigOption<String> PASSWORD = key("elasticsearch.password")
            .stringType().noDefaultValue()
            .withDescription("Password for basic authentication. A secret: give it as ${env:NAME} or ${file:PATH} (see Secrets).");

    public static final ConfigOption<String> API_KEY = key("elasticsearch.api-key")
            .stringType().noDefaultValue()
            .withDescription("Encoded API key (the 'encoded' value Elasticsearch returns); replaces basic authentication. A secret: give it as ${env:NAME} or ${file:PATH} (see Secrets).");

    public static final ConfigOption<String> CA_CERTIFICATE = key("elasticsearch.tls.ca-certificate")
            .stringType().noDefaultValue()
            .withDescription("Path of a PEM CA certificate to trust for https hosts (e.g. Elasticsearch's http_ca.crt).");

    public static final ConfigOption<String> INDEX_PREFIX = key("elasticsearch.index-prefix")
            .stringType().defaultValue("itsm")
            .withDescription("Prefix of every index name: PREFIX-alerts, PREFIX-incidents, PREFIX-problems, PREFIX-sla, PREFIX-slo.");

    public static final ConfigOption<Integer> BULK_MAX_ACTIONS = key("elasticsearch.bulk.max-actions")
            .intType().defaultValue(1000)
            .withDescription("Send a bulk request once this many distinct documents wait.");

    public static final ConfigOption<MemorySize> BULK_MAX_SIZE = key("elasticsearch.bulk.max-size")
            .memoryType().defaultValue(MemorySize.parse("5mb"))
            .withDescription("Send a bulk request once the waiting documents reach this size.");

    public static final ConfigOption<Duration> BULK_FLUSH_INTERVAL = key("elasticsearch.bulk.flush-interval")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .withDescription("Send waiting documents at the latest this long after the first of them arrived "
                    + "(besides every checkpoint). 0 disables the timer.");

    public static final ConfigOption<Duration> RETRY_INITIAL_BACKOFF = key("elasticsearch.retry.initial-backoff")
            .durationType().defaultValue(Duration.ofMillis(100))
            .withDescription("First pause before retrying after 429, 5xx or a lost connection; doubles each time.");

    public static final ConfigOption<Duration> RETRY_MAX_BACKOFF = key("elasticsearch.retry.max-backoff")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("Longest pause between two retries.");

    public static final ConfigOption<Duration> RETRY_TIMEOUT = key("elasticsearch.retry.timeout")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .withDescription("How long one bulk request is retried before the sink fails the job "
                    + "(which then restarts from its last checkpoint and loses nothing).");

    private ElasticsearchOptions() {
    }
}
