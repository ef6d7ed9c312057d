package dev.itsm.connectors.kafka;

import dev.itsm.core.json.Json;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;

/**
 * Reads one of the project's own topics, whose records the project wrote as JSON. A record that does not parse means
 * the topic is corrupt, so it fails loudly, naming where the record is; tombstones (null values) are skipped.
 * Untrusted input goes through {@link RawRecord} and the dead-letter path instead.
 */
final class JsonRecordDeserializer<T> implements KafkaRecordDeserializationSchema<T> {
    private final Class<T> type;

    JsonRecordDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) throws IOException {
        if (record.value() == null) {
            return;
        }
        try {
            out.collect(Json.fromBytes(record.value(), type));
        } catch (RuntimeException e) {
            throw new IOException("cannot read " + type.getSimpleName() + " from " + record.topic() + "/"
                    + record.partition() + "@" + record.offset() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }
}
