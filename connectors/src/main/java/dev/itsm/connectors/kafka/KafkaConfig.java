package dev.itsm.connectors.kafka;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.io.Serializable;

/** The Kafka options, read and validated once. */
public record KafkaConfig(String bootstrapServers, String topicPrefix, String groupIdPrefix, DeliveryGuarantee deliveryGuarantee)
        implements Serializable {

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
    }

    public static KafkaConfig fromConfiguration(ReadableConfig config) {
        return new KafkaConfig(config.get(KafkaOptions.BOOTSTRAP_SERVERS), config.get(KafkaOptions.TOPIC_PREFIX),
                config.get(KafkaOptions.GROUP_ID_PREFIX), config.get(KafkaOptions.DELIVERY_GUARANTEE));
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
