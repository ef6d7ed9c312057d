package dev.itsm.connectors.kafka;

import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.Objects;

/**
 * Kafka sources and sinks for the project's records.
 *
 * <pre>{@code
 * KafkaConfig kafka = KafkaConfig.fromConfiguration(configuration);
 * KafkaSource<Incident> incidents = KafkaConnectors.jsonSource(kafka, Incident.class, Topics.INCIDENTS, "problem-job").build();
 * KafkaSink<Incident> out = KafkaConnectors.jsonSink(kafka, Topics.INCIDENTS, Incident::id);
 * KafkaSource<RawRecord> raw = KafkaConnectors.rawSource(kafka, Topics.ALERTS_RAW, "incident-job").build();
 * KafkaSink<RawRecord> burnRateAlerts = KafkaConnectors.rawSink(kafka, Topics.ALERTS_RAW);
 * }</pre>
 *
 * Sources start from the group's committed offsets, or from the earliest record for a new group; the returned
 * builders can still be changed (e.g. {@code setStartingOffsets}, {@code setBounded}).
 */
public final class KafkaConnectors {

    private KafkaConnectors() {
    }

    /** A source of JSON records of one type from one of the {@link Topics}; tombstones are skipped. */
    public static <T> KafkaSourceBuilder<T> jsonSource(KafkaConfig kafka, Class<T> type, String topic, String job) {
        Objects.requireNonNull(type, "type");
        return base(kafka, topic, job, KafkaSource.<T>builder()).setDeserializer(new JsonRecordDeserializer<>(type));
    }

    /** A source that keeps every record's bytes, headers and origin as they are, for parsing in the job. */
    public static KafkaSourceBuilder<RawRecord> rawSource(KafkaConfig kafka, String topic, String job) {
        return base(kafka, topic, job, KafkaSource.<RawRecord>builder()).setDeserializer(new RawRecordDeserializer());
    }

    private static <T> KafkaSourceBuilder<T> base(KafkaConfig kafka, String topic, String job, KafkaSourceBuilder<T> builder) {
        return builder
                .setProperties(kafka.clientConfig())
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(kafka.topic(topic))
                .setGroupId(kafka.groupId(job))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setProperty("commit.offsets.on.checkpoint", "true");
    }

    /** A sink writing records as JSON to one of the {@link Topics}, keyed by {@code key} (may return null). */
    public static <T> KafkaSink<T> jsonSink(KafkaConfig kafka, String topic, SerializableFunction<T, String> key) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(kafka.clientConfig())
                .setBootstrapServers(kafka.bootstrapServers())
                .setDeliveryGuarantee(kafka.deliveryGuarantee())
                .setRecordSerializer(new JsonRecordSerializer<>(kafka.topic(topic), key))
                .build();
    }

    /**
     * A sink writing {@link RawRecord}s as they are (value, key, timestamp, headers) to one of the {@link Topics}: for
     * records a job produces for another job's raw input, such as the SLO functions' burn-rate alerts.
     */
    public static KafkaSink<RawRecord> rawSink(KafkaConfig kafka, String topic) {
        Objects.requireNonNull(topic, "topic");
        return KafkaSink.<RawRecord>builder()
                .setKafkaProducerConfig(kafka.clientConfig())
                .setBootstrapServers(kafka.bootstrapServers())
                .setDeliveryGuarantee(kafka.deliveryGuarantee())
                .setRecordSerializer(new RawRecordSerializer(kafka.topic(topic)))
                .build();
    }
}
