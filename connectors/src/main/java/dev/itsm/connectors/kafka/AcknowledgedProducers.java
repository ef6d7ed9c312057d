package dev.itsm.connectors.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;
import java.util.Properties;

/**
 * Kafka producers for the tools that publish outside Flink (the CMDB, rule packs): idempotent and {@code acks=all},
 * bytes in and out, so that a caller that waits for each send knows every replica in sync has the record.
 *
 * <pre>{@code
 * Producer<byte[], byte[]> producer = AcknowledgedProducers.create(servers, "itsm-cmdb-publisher",
 *         Map.of(ProducerConfig.LINGER_MS_CONFIG, "5"));
 * }</pre>
 */
public final class AcknowledgedProducers {

    private AcknowledgedProducers() {
    }

    /**
     * @param settings further producer settings (e.g. timeouts); they override the defaults
     * @throws IllegalArgumentException when {@code bootstrapServers} is empty
     */
    public static KafkaProducer<byte[], byte[]> create(String bootstrapServers, String clientId, Map<String, Object> settings) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers cannot be empty");
        }
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.putAll(settings);
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
