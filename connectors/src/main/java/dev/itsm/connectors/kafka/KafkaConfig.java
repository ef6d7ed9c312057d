package dev.itsm.connectors.kafka;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;

import dev.itsm.core.Secrets;

import java.io.Serializable;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Kafka options, read and validated once.
 *
 * @param clientProperties Kafka client settings every consumer, producer and admin client of the project gets
 *                         (security, TLS, SASL, timeouts): the {@value KafkaOptions#PROPERTIES_PREFIX}* settings without
 *                         their prefix, secrets already resolved (see {@link Secrets}). {@link #toString()} hides their
 *                         secret values.
 */
public record KafkaConfig(String bootstrapServers, String topicPrefix, String groupIdPrefix, DeliveryGuarantee deliveryGuarantee,
                          Map<String, String> clientProperties)
        implements Serializable {

    /** Client settings the project sets itself; given as kafka.properties.* they would be ignored or break it. */
    private static final Set<String> RESERVED = Set.of("bootstrap.servers", "group.id", "key.serializer", "value.serializer",
            "key.deserializer", "value.deserializer", "enable.auto.commit", "transactional.id");

    public KafkaConfig(String bootstrapServers, String topicPrefix, String groupIdPrefix, DeliveryGuarantee deliveryGuarantee) {
        this(bootstrapServers, topicPrefix, groupIdPrefix, deliveryGuarantee, Map.of());
    }

    public KafkaConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(KafkaOptions.BOOTSTRAP_SERVERS.key() + " cannot be empty");
        }
        if (topicPrefix == null || !topicPrefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(KafkaOptions.TOPIC_PREFIX.key() + " must be letters, digits, '.', '_' or '-' but was '" + topicPrefix + "'");
        }
        if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            // exactly-once needs transactional ids and read_committed readers everywhere; idempotent records make it unnecessary
            throw new IllegalArgumentException(KafkaOptions.DELIVERY_GUARANTEE.key() + " EXACTLY_ONCE is not supported; use AT_LEAST_ONCE");
        }
        clientProperties = Map.copyOf(clientProperties);
        for (String key : clientProperties.keySet()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException(KafkaOptions.PROPERTIES_PREFIX + key + " cannot be set: the project sets "
                        + key + (key.equals("bootstrap.servers") ? " from " + KafkaOptions.BOOTSTRAP_SERVERS.key() : " itself"));
            }
        }
    }

    /** Reads the options and the {@value KafkaOptions#PROPERTIES_PREFIX}* client settings, resolving secret references. */
    public static KafkaConfig fromConfiguration(ReadableConfig config) {
        Map<String, String> properties = new TreeMap<>();
        config.toMap().forEach((key, value) -> {
            if (key.startsWith(KafkaOptions.PROPERTIES_PREFIX) && key.length() > KafkaOptions.PROPERTIES_PREFIX.length()) {
                properties.put(key.substring(KafkaOptions.PROPERTIES_PREFIX.length()), Secrets.resolve(key, value));
            }
        });
        return new KafkaConfig(config.get(KafkaOptions.BOOTSTRAP_SERVERS), config.get(KafkaOptions.TOPIC_PREFIX),
                config.get(KafkaOptions.GROUP_ID_PREFIX), config.get(KafkaOptions.DELIVERY_GUARANTEE), properties);
    }

    /**
     * The settings for a Kafka client of the project: the bootstrap servers and the client properties. The caller adds
     * its own (serializers, group id, ...).
     */
    public Properties clientConfig() {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        clientProperties.forEach((key, value) -> shown.put(key, Secrets.isSecret(key) ? Secrets.MASK : value));
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topicPrefix + ", groupIdPrefix=" + groupIdPrefix
                + ", deliveryGuarantee=" + deliveryGuarantee + ", clientProperties=" + shown + "]";
    }

    /** The full name of one of the {@link Topics}, e.g. {@code topic(Topics.INCIDENTS)} is {@code itsm.incidents}. */
    public String topic(String name) {
        return topicPrefix + "." + name;
    }

    /** The consumer group of one job, e.g. {@code groupId("incident-job")}. */
    public String groupId(String job) {
        return groupIdPrefix + "-" + job;
    }
}
