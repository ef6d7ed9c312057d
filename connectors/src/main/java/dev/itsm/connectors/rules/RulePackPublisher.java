package dev.itsm.connectors.rules;

import dev.itsm.connectors.kafka.AcknowledgedProducers;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

/**
 * Publishes rule packs to the compacted rules topic ({@code itsm.rules}), where running jobs pick them up (hot
 * reload), with a plain Kafka producer outside Flink ({@code itsm rules publish}). A pack is validated first: an
 * invalid one is never written. Each call returns only when the broker has acknowledged the record.
 *
 * <pre>{@code
 * try (RulePackPublisher publisher = RulePackPublisher.create(kafka.bootstrapServers(), kafka.topic(Topics.RULES))) {
 *     RulePackRecord published = publisher.publish(Path.of("rules/pack"));
 *     System.out.println(published.lineage());
 * }
 * }</pre>
 */
public final class RulePackPublisher implements AutoCloseable {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Clock clock;

    /** Uses (and on {@link #close()} closes) the given producer, e.g. Kafka's {@code MockProducer} in a test. */
    public RulePackPublisher(Producer<byte[], byte[]> producer, String topic, Clock clock) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A publisher with its own idempotent producer ({@code acks=all}) that gives up after about 30 s without the
     * broker, rather than waiting for ever.
     */
    public static RulePackPublisher create(String bootstrapServers, String topic) {
        // a pack is a few dozen KB of YAML; allow packs up to the broker's default message size
        Map<String, Object> settings = Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000);
        return new RulePackPublisher(AcknowledgedProducers.create(bootstrapServers, "itsm-rules-publisher", settings),
                topic, Clock.systemUTC());
    }

    /**
     * Validates the pack in this folder and publishes it.
     *
     * @throws dev.itsm.rules.RuleValidationException with every problem, when the pack is invalid (nothing is sent)
     * @throws java.io.UncheckedIOException            when the folder does not exist or a file cannot be read
     * @throws KafkaException                          when the broker does not accept the record
     */
    public RulePackRecord publish(Path directory) {
        Map<String, String> files = RulePackLoader.readFiles(directory);
        RulePack pack = RulePackLoader.load(directory);
        return send(RulePackRecord.of(pack, files, clock.instant()));
    }

    private RulePackRecord send(RulePackRecord record) {
        try {
            producer.send(new ProducerRecord<>(topic, null, record.publishedAt().toEpochMilli(),
                    record.name().getBytes(StandardCharsets.UTF_8), record.toJson())).get();
            return record;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            throw new KafkaException("cannot publish rule pack " + record.lineage() + " to " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
