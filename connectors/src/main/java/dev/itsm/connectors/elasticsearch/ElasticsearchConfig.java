package dev.itsm.connectors.elasticsearch;

import dev.itsm.core.Secrets;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The Elasticsearch options, read and validated once. */
public record ElasticsearchConfig(
        List<String> hosts,
        String username,
        String password,
        String apiKey,
        String caCertificate,
        String indexPrefix,
        int bulkMaxActions,
        long bulkMaxBytes,
        Duration bulkFlushInterval,
        Duration retryInitialBackoff,
        Duration retryMaxBackoff,
        Duration retryTimeout) implements Serializable {

    public ElasticsearchConfig {
        hosts = List.copyOf(hosts);
        check(!hosts.isEmpty(), ElasticsearchOptions.HOSTS.key() + " cannot be empty");
        for (String host : hosts) {
            URI uri;
            try {
                uri = URI.create(host.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ElasticsearchOptions.HOSTS.key() + ": '" + host + "' is not a URL", e);
            }
            check(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
                    ElasticsearchOptions.HOSTS.key() + ": '" + host + "' must look like http://host:9200 or https://host:9200");
        }
        check((username == null) == (password == null),
                ElasticsearchOptions.USERNAME.key() + " and " + ElasticsearchOptions.PASSWORD.key() + " go together");
        check(apiKey == null || username == null,
                "set either " + ElasticsearchOptions.API_KEY.key() + " or a username and password, not both");
        check(indexPrefix != null && indexPrefix.matches("[a-z0-9][a-z0-9_.-]*"),
                ElasticsearchOptions.INDEX_PREFIX.key() + " must be lowercase letters, digits, '-', '_' or '.' but was '" + indexPrefix + "'");
        check(bulkMaxActions > 0, ElasticsearchOptions.BULK_MAX_ACTIONS.key() + " must be > 0 but was " + bulkMaxActions);
        check(bulkMaxBytes > 0, ElasticsearchOptions.BULK_MAX_SIZE.key() + " must be > 0");
        check(!bulkFlushInterval.isNegative(), ElasticsearchOptions.BULK_FLUSH_INTERVAL.key() + " cannot be negative");
        check(retryInitialBackoff.toMillis() > 0, ElasticsearchOptions.RETRY_INITIAL_BACKOFF.key() + " must be > 0");
        check(retryMaxBackoff.compareTo(retryInitialBackoff) >= 0,
                ElasticsearchOptions.RETRY_MAX_BACKOFF.key() + " must be >= " + ElasticsearchOptions.RETRY_INITIAL_BACKOFF.key());
        check(!retryTimeout.isNegative(), ElasticsearchOptions.RETRY_TIMEOUT.key() + " cannot be negative");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Reads every {@link ElasticsearchOptions} option, defaults included; the username, password and API key may be
     * secret references ({@code ${env:NAME}}, {@code ${file:PATH}}, see {@link Secrets}).
     */
    public static ElasticsearchConfig fromConfiguration(ReadableConfig config) {
        return new ElasticsearchConfig(
                config.get(ElasticsearchOptions.HOSTS),
                secret(config, ElasticsearchOptions.USERNAME),
                secret(config, ElasticsearchOptions.PASSWORD),
                secret(config, ElasticsearchOptions.API_KEY),
                config.get(ElasticsearchOptions.CA_CERTIFICATE),
                config.get(ElasticsearchOptions.INDEX_PREFIX),
                config.get(ElasticsearchOptions.BULK_MAX_ACTIONS),
                config.get(ElasticsearchOptions.BULK_MAX_SIZE).getBytes(),
                config.get(ElasticsearchOptions.BULK_FLUSH_INTERVAL),
                config.get(ElasticsearchOptions.RETRY_INITIAL_BACKOFF),
                config.get(ElasticsearchOptions.RETRY_MAX_BACKOFF),
                config.get(ElasticsearchOptions.RETRY_TIMEOUT));
    }

    private static String secret(ReadableConfig config, ConfigOption<String> option) {
        return Secrets.resolve(option.key(), config.get(option));
    }

    /** The defaults, talking to the given hosts. */
    public static ElasticsearchConfig forHosts(String... hosts) {
        Configuration config = new Configuration();
        config.set(ElasticsearchOptions.HOSTS, List.of(hosts));
        return fromConfiguration(config);
    }

    /** The index holding one kind of entity, e.g. {@code index("incidents")} is {@code itsm-incidents}. */
    public String index(String entity) {
        return indexPrefix + "-" + entity;
    }

    @Override
    public String toString() {
        // never print secrets into logs
        return "ElasticsearchConfig{hosts=" + hosts + ", auth=" + (apiKey != null ? "api-key" : username != null ? "basic(" + username + ")" : "none")
                + ", caCertificate=" + caCertificate + ", indexPrefix=" + indexPrefix + ", bulkMaxActions=" + bulkMaxActions
                + ", bulkMaxBytes=" + bulkMaxBytes + ", bulkFlushInterval=" + bulkFlushInterval + ", retryInitialBackoff="
                + retryInitialBackoff + ", retryMaxBackoff=" + retryMaxBackoff + ", retryTimeout=" + retryTimeout + "}";
    }
}
