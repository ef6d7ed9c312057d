package dev.itsm.connectors.cmdb;

import dev.itsm.core.json.Json;
import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.RelationType;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.itsm.connectors.cmdb.TestingCmdb.ci;
import static dev.itsm.connectors.cmdb.TestingCmdb.rel;
import static org.assertj.core.api.Assertions.assertThat;

class CmdbRecordDeserializerTest {
    private static final ConfigItem ITEM = ci("host-db01", "host", "svc-shop", "db01.fra1.example.com");

    private static ConsumerRecord<byte[], byte[]> consumed(String key, byte[] value, long timestamp) {
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>("itsm.cmdb", 3, 17L, timestamp, TimestampType.CREATE_TIME, -1, -1, keyBytes, value,
                new RecordHeaders(), Optional.empty());
    }

    private static List<CmdbRecord> deserialize(ConsumerRecord<byte[], byte[]> record) {
        List<CmdbRecord> out = new ArrayList<>();
        new CmdbRecordDeserializer().deserialize(record, new Collector<>() {
            @Override
            public void collect(CmdbRecord element) {
                out.add(element);
            }

            @Override
            public void close() {
            }
        });
        return out;
    }

    @Test
    void shouldEmitTheChangeOfAGoodRecord() {
        assertThat(deserialize(consumed("ci:host-db01", Json.toBytes(ITEM), 1000)))
                .containsExactly(CmdbRecord.of(CmdbChange.upsert(ITEM)));
        assertThat(deserialize(consumed("ci:host-db01", null, 1000)))
                .containsExactly(CmdbRecord.of(CmdbChange.deleteItem("host-db01")));
    }

    @Test
    void shouldTurnABadRecordIntoADeadLetterWithItsBytesOriginAndRecordTime() {
        byte[] value = "{not json".getBytes(StandardCharsets.UTF_8);

        CmdbRecord record = deserialize(consumed("ci:host-db01", value, 1_768_464_000_000L)).get(0);

        assertThat(record.isRejected()).isTrue();
        assertThat(record.change()).isNull();
        assertThat(record.origin()).isEqualTo("itsm.cmdb/3@17");
        assertThat(record.error()).startsWith("CMDB record 'ci:host-db01': not JSON: ").endsWith(" at line 1, column 2");
        DeadLetter letter = record.rejected();
        assertThat(letter.original()).isEqualTo(value);
        assertThat(letter.errorType()).isEqualTo(DeadLetter.NOT_JSON);
        assertThat(letter.source()).isEqualTo("cmdb");
        assertThat(letter.receivedAt()).isEqualTo(Instant.ofEpochMilli(1_768_464_000_000L));
        assertThat(letter.originTopic()).isEqualTo("itsm.cmdb");
        assertThat(letter.originPartition()).isEqualTo(3);
        assertThat(letter.originOffset()).isEqualTo(17L);
    }

    @Test
    void shouldRejectAKeylessRecordWithoutATimestamp() {
        CmdbRecord record = deserialize(consumed(null, null, -1)).get(0);

        assertThat(record.rejected().errorType()).isEqualTo(DeadLetter.MISSING_FIELD);
        assertThat(record.rejected().original()).isEmpty();
        assertThat(record.rejected().receivedAt()).isEqualTo(Instant.EPOCH);
    }

    static Stream<CmdbRecord> records() {
        return Stream.of(CmdbRecord.of(CmdbChange.upsert(ITEM)),
                CmdbRecord.of(CmdbChange.upsert(rel("a", RelationType.DEPENDS_ON, "b"))),
                CmdbRecord.of(CmdbChange.deleteItem("host-db01")),
                CmdbRecordDeserializer.read(consumed("bad", new byte[] {1, 2, 3}, 5)));
    }

    @ParameterizedTest
    @MethodSource("records")
    void shouldTravelThroughFlinksRecordSerializerWithoutKryo(CmdbRecord record) throws Exception {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeInformation<CmdbRecord> type = new CmdbRecordDeserializer().getProducedType();

        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(CmdbChange.class)).isInstanceOf(PojoTypeInfo.class);
        TypeSerializer<CmdbRecord> serializer = type.createSerializer(config);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(record, out);

        assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(record);
        assertThat(serializer.copy(record)).isEqualTo(record);
    }
}
