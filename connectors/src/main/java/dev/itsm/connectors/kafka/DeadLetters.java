package dev.itsm.connectors.kafka;

import dev.itsm.core.model.DeadLetter;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;

/**
 * The dead-letter topic's record layout: the value is the original bytes exactly as received (so a fixed sender's
 * payload can be replayed by copying it back to the raw topic), and the reason, error type, source, time and origin
 * travel as headers.
 */
public final class DeadLetters {
    public static final String REASON = "itsm.dlq.reason";
    public static final String ERROR_TYPE = "itsm.dlq.error-type";
    public static final String SOURCE = "itsm.dlq.source";
    public static final String RECEIVED_AT = "itsm.dlq.received-at";
    public static final String ORIGIN_TOPIC = "itsm.dlq.origin-topic";
    public static final String ORIGIN_PARTITION = "itsm.dlq.origin-partition";
    public static final String ORIGIN_OFFSET = "itsm.dlq.origin-offset";

    private DeadLetters() {
    }

    /**
     * A sink to the dead-letter topic ({@link Topics#ALERTS_DLQ} under the configured prefix). Its producer takes
     * records as large as the topic does ({@link TopicSetup#DLQ_MAX_MESSAGE_BYTES}): a dead letter keeps the original
     * bytes, and one larger than the producer's default 1 MB would fail the job, again on every restart.
     */
    public static KafkaSink<DeadLetter> sink(KafkaConfig kafka) {
        String topic = kafka.topic(Topics.ALERTS_DLQ);
        Properties producer = kafka.clientConfig();
        producer.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(TopicSetup.DLQ_MAX_MESSAGE_BYTES));
        return KafkaSink.<DeadLetter>builder()
                .setKafkaProducerConfig(producer)
                .setBootstrapServers(kafka.bootstrapServers())
                .setDeliveryGuarantee(kafka.deliveryGuarantee())
                .setRecordSerializer((KafkaRecordSerializationSchema<DeadLetter>) (letter, context, timestamp) -> toRecord(topic, letter))
                .build();
    }

    /** The Kafka record for one dead letter. */
    public static ProducerRecord<byte[], byte[]> toRecord(String topic, DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, REASON, letter.reason());
        add(headers, ERROR_TYPE, letter.errorType());
        add(headers, SOURCE, letter.source());
        add(headers, RECEIVED_AT, letter.receivedAt().toString());
        add(headers, ORIGIN_TOPIC, letter.originTopic());
        add(headers, ORIGIN_PARTITION, letter.originPartition() == null ? null : letter.originPartition().toString());
        add(headers, ORIGIN_OFFSET, letter.originOffset() == null ? null : letter.originOffset().toString());
        return new ProducerRecord<>(topic, null, letter.receivedAt().toEpochMilli(), null, letter.original(), headers);
    }

    private static void add(RecordHeaders headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Reads a dead letter back from its Kafka record (for tools, tests and the dashboards' indexer). */
    public static DeadLetter fromRecord(ConsumerRecord<byte[], byte[]> record) {
        DeadLetter letter = DeadLetter.of(record.value(), header(record, ERROR_TYPE), header(record, REASON),
                header(record, SOURCE), Instant.parse(header(record, RECEIVED_AT)));
        String originTopic = header(record, ORIGIN_TOPIC);
        if (originTopic != null) {
            letter = letter.withOrigin(originTopic, Integer.parseInt(header(record, ORIGIN_PARTITION)),
                    Long.parseLong(header(record, ORIGIN_OFFSET)));
        }
        return letter;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
