package dev.itsm.connectors.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A Kafka record exactly as it arrived: nothing is parsed yet, so nothing can fail yet. Parsing happens in the job,
 * where a bad payload becomes a dead letter instead of a failed deserializer.
 *
 * @param headers the record's headers decoded as UTF-8 (the last value wins for a repeated key)
 */
public record RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                        Map<String, String> headers) {

    private static final byte[] EMPTY = new byte[0];

    public RawRecord {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A record as a Kafka consumer read it: a null value (tombstone) becomes an empty array. Never throws. */
    public static RawRecord of(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new RawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(),
                record.value() == null ? EMPTY : record.value(), headers);
    }

    /** The value of one header, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    /** Where this record came from, as {@code topic/partition@offset}. */
    public String origin() {
        return topic + "/" + partition + "@" + offset;
    }
}
