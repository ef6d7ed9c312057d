package dev.itsm.connectors.kafka;

import java.util.Map;

/**
 * A Kafka record exactly as it arrived: nothing is parsed yet, so nothing can fail yet. Parsing happens in the job,
 * where a bad payload becomes a dead letter instead of a failed deserializer.
 *
 * @param headers the record's headers decoded as UTF-8 (the last value wins for a repeated key)
 */
public record RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                        Map<String, String> headers) {

    public RawRecord {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
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
