package dev.itsm.gateway;

import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.kafka.DeadLetters;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.model.DeadLetter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes accepted payloads to the raw alerts topic and rejected ones to the dead-letter topic, with an idempotent
 * {@code acks=all} producer whose waits are all bounded: a future completes when Kafka acknowledged the record, or
 * fails within {@link GatewayConfig#kafkaTimeout()} (or at once when the producer's bounded buffer is full).
 *
 * <pre>{@code
 * try (RawAlertWriter writer = new RawAlertWriter(config)) {
 *     writer.writeRaw("alertmanager", groupKey, body, receivedAtMillis).whenComplete((ack, error) -> ...);
 * }
 * }</pre>
 */
public final class RawAlertWriter implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final Admin admin;
    private final String rawTopic;
    private final String deadLetterTopic;

    public RawAlertWriter(GatewayConfig config) {
        this.rawTopic = config.kafka().topic(Topics.ALERTS_RAW);
        this.deadLetterTopic = config.kafka().topic(Topics.ALERTS_DLQ);
        this.producer = new KafkaProducer<>(producerProperties(config), new ByteArraySerializer(), new ByteArraySerializer());
        Properties admin = config.kafka().clientConfig();
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "itsm-gateway-readiness");
        int timeout = (int) Math.max(500, config.readyTimeout().toMillis());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        admin.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.admin = Admin.create(admin);
    }

    static Properties producerProperties(GatewayConfig config) {
        long linger = config.kafkaLinger().toMillis();
        long delivery = config.kafkaTimeout().toMillis();
        Properties p = config.kafka().clientConfig();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "itsm-gateway");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // every wait bounded: a request is answered within about kafka-timeout, and the buffer never grows past its size
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (delivery - linger));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.kafkaMaxBlock().toMillis());
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, config.kafkaBufferBytes());
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) Math.min(Integer.MAX_VALUE, Math.max(1_048_576L, config.maxBodyBytes() + 64 * 1024)));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // webhook JSON repeats its label names in every alert: lz4 shrinks it several times for little CPU
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return p;
    }

    /** The raw alerts topic's full name. */
    public String rawTopic() {
        return rawTopic;
    }

    /** The dead-letter topic's full name. */
    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /**
     * Sends a payload as received, with its format in the {@value AlertParser#FORMAT_HEADER} header.
     *
     * @param key       a stable key (keeps a group's updates in order on one partition), or {@code null}
     * @param timestamp the record timestamp: when the gateway received the payload (the job's event time)
     */
    public CompletableFuture<Void> writeRaw(String format, byte[] key, byte[] payload, long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(AlertParser.FORMAT_HEADER, format.getBytes(StandardCharsets.UTF_8));
        return send(new ProducerRecord<>(rawTopic, null, timestamp, key, payload, headers));
    }

    /** Sends a dead letter in the layout the incident job uses ({@link DeadLetters#toRecord}). */
    public CompletableFuture<Void> writeDeadLetter(DeadLetter letter) {
        return send(DeadLetters.toRecord(deadLetterTopic, letter));
    }

    private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            // metadata not available within max.block.ms, or the buffer full: Kafka cannot take it now
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /** Whether Kafka describes the raw alerts topic within {@code timeout}. */
    public boolean isReady(Duration timeout) {
        try {
            admin.describeTopics(List.of(rawTopic), new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
                    .allTopicNames().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(2));
    }
}
