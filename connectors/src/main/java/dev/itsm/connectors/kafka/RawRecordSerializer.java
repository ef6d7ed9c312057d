package dev.itsm.connectors.kafka;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link RawRecord} as it is to one topic: its value, key, timestamp and headers (UTF-8); the record's own
 * topic, partition and offset are ignored (the producer picks the partition from the key).
 */
final class RawRecordSerializer implements KafkaRecordSerializationSchema<RawRecord> {
    private final String topic;

    RawRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(RawRecord record, KafkaSinkContext context, Long timestamp) {
        List<Header> headers = new ArrayList<>();
        // sorted, so that the same record is written the same way every time
        for (Map.Entry<String, String> header : new TreeMap<>(record.headers()).entrySet()) {
            headers.add(new RecordHeader(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8)));
        }
        Long at = record.timestamp() >= 0 ? record.timestamp() : timestamp;
        return new ProducerRecord<>(topic, null, at, record.key(), record.value(), headers);
    }
}
