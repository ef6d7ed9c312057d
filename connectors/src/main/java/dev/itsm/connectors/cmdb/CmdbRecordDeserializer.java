package dev.itsm.connectors.cmdb;

import dev.itsm.core.model.DeadLetter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;

/**
 * Reads the {@code itsm.cmdb} topic with {@link CmdbCodec}. Never throws: a record that cannot be read becomes a
 * {@link CmdbRecord#rejected rejection} whose dead letter carries the reason, the original value, the origin and the
 * record's own timestamp as the time (not the wall clock, so a replay produces the same dead letter).
 */
public final class CmdbRecordDeserializer implements KafkaRecordDeserializationSchema<CmdbRecord> {
    private static final long serialVersionUID = 1L;

    /** {@link DeadLetter#source()} of rejected CMDB records. */
    public static final String SOURCE = "cmdb";

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<CmdbRecord> out) {
        out.collect(read(record));
    }

    /** The change one record carries, or its rejection. */
    public static CmdbRecord read(ConsumerRecord<byte[], byte[]> record) {
        try {
            return CmdbRecord.of(CmdbCodec.fromRecord(record.key(), record.value()));
        } catch (RuntimeException e) {
            String errorType = e instanceof CmdbCodec.InvalidCmdbRecordException invalid ? invalid.errorType() : DeadLetter.INVALID_FIELD;
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // a record without a timestamp (-1) still needs a deterministic time
            Instant at = Instant.ofEpochMilli(Math.max(0, record.timestamp()));
            return CmdbRecord.rejected(DeadLetter.of(record.value(), errorType, reason, SOURCE, at)
                    .withOrigin(record.topic(), record.partition(), record.offset()));
        }
    }

    @Override
    public TypeInformation<CmdbRecord> getProducedType() {
        return TypeInformation.of(CmdbRecord.class);
    }
}
