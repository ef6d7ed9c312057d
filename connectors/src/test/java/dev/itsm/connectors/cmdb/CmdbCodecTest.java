package dev.itsm.connectors.cmdb;

import dev.itsm.core.json.Json;
import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Relation;
import dev.itsm.core.model.RelationType;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.itsm.connectors.cmdb.TestingCmdb.T0;
import static dev.itsm.connectors.cmdb.TestingCmdb.ci;
import static dev.itsm.connectors.cmdb.TestingCmdb.rel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CmdbCodecTest {
    private final ConfigItem item = ci("host-db01", "host", null, "db01.fra1.example.com");
    private final Relation relation = rel("app-checkout", RelationType.RUNS_ON, "host-app01");

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static CmdbCodec.InvalidCmdbRecordException rejection(byte[] key, byte[] value) {
        return catchThrowableOfType(CmdbCodec.InvalidCmdbRecordException.class, () -> CmdbCodec.fromRecord(key, value));
    }

    private static CmdbChange roundTrip(CmdbChange change) {
        ProducerRecord<byte[], byte[]> record = CmdbCodec.toRecord("itsm.cmdb", change);
        return CmdbCodec.fromRecord(record.key(), record.value());
    }

    @Test
    void shouldWriteACiAsCoreJsonUnderItsKey() {
        ProducerRecord<byte[], byte[]> record = CmdbCodec.toRecord("itsm.cmdb", CmdbChange.upsert(item));

        assertThat(record.topic()).isEqualTo("itsm.cmdb");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("ci:host-db01");
        assertThat(record.value()).isEqualTo(Json.toBytes(item));
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("\"ci.id\":\"host-db01\"");
        assertThat(record.timestamp()).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void shouldWriteADeleteAsATombstone() {
        ProducerRecord<byte[], byte[]> record = CmdbCodec.toRecord("itsm.cmdb", CmdbChange.deleteRelation("r-1"));

        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("relation:r-1");
        assertThat(record.value()).isNull();
        assertThat(record.timestamp()).isNull();
    }

    @Test
    void shouldReadBackWhatItWrites() {
        assertThat(roundTrip(CmdbChange.upsert(item))).isEqualTo(CmdbChange.upsert(item));
        assertThat(roundTrip(CmdbChange.upsert(relation))).isEqualTo(CmdbChange.upsert(relation));
        assertThat(roundTrip(CmdbChange.deleteItem("host-db01"))).isEqualTo(CmdbChange.deleteItem("host-db01"));
        assertThat(roundTrip(CmdbChange.deleteRelation(relation.id()))).isEqualTo(CmdbChange.deleteRelation(relation.id()));
    }

    @Test
    void shouldAcceptIdsContainingTheSeparator() {
        ConfigItem odd = ci("ci:relation:x", "host", null);

        assertThat(roundTrip(CmdbChange.upsert(odd)).item()).isEqualTo(odd);
    }

    @Test
    void shouldRejectBadKeysPrecisely() {
        assertThat(rejection(null, Json.toBytes(item)))
                .hasMessage("CMDB record has no key; expected 'ci:<id>' or 'relation:<id>'")
                .extracting(CmdbCodec.InvalidCmdbRecordException::errorType).isEqualTo(DeadLetter.MISSING_FIELD);
        assertThat(rejection(utf8("host-db01"), Json.toBytes(item)))
                .hasMessage("CMDB record key 'host-db01' must start with 'ci:' or 'relation:'");
        assertThat(rejection(utf8("CI:host-db01"), Json.toBytes(item)))
                .hasMessage("CMDB record key 'CI:host-db01' must start with 'ci:' or 'relation:'");
        assertThat(rejection(utf8("ci: "), null)).hasMessage("CMDB record key 'ci: ' has an empty id");
        assertThat(rejection(new byte[] {'c', 'i', ':', (byte) 0xC3, 0x28}, null))
                .hasMessage("CMDB record key is not UTF-8 text (5 bytes)")
                .extracting(CmdbCodec.InvalidCmdbRecordException::errorType).isEqualTo(DeadLetter.INVALID_FIELD);
    }

    @Test
    void shouldRejectBadValuesPrecisely() {
        assertThat(rejection(utf8("ci:host-db01"), new byte[0])).hasMessage("CMDB record 'ci:host-db01' has an empty value; "
                + "a delete is a null value (tombstone), an upsert the ConfigItem JSON");
        assertThat(rejection(utf8("ci:host-db01"), utf8("{\"ci.id\": ")))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.NOT_JSON))
                .hasMessageStartingWith("CMDB record 'ci:host-db01': Cannot read ConfigItem from JSON at line 1");
        assertThat(rejection(utf8("ci:host-db01"), utf8("{\"ci.id\": \"host-db01\", \"ci.type\": \"host\", "
                + "\"ci.criticality\": 9, \"@timestamp\": \"2026-01-15T08:00:00Z\"}")))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.INVALID_FIELD))
                .hasMessageEndingWith(": ConfigItem criticality must be 1..5, was 9");
        // a relation where a CI belongs
        assertThat(rejection(utf8("ci:host-db01"), Json.toBytes(relation)))
                .hasMessageStartingWith("CMDB record 'ci:host-db01': Cannot read ConfigItem from JSON");
    }

    @Test
    void shouldRejectAValueWhoseIdIsNotTheKeys() {
        assertThat(rejection(utf8("ci:host-db02"), Json.toBytes(item))).hasMessage(
                "CMDB record 'ci:host-db02' carries ci.id 'host-db01'; the key and the value must name the same id");
        assertThat(rejection(utf8("relation:r-1"), Json.toBytes(relation))).hasMessage(
                "CMDB record 'relation:r-1' carries relation.id '" + relation.id() + "'; the key and the value must name the same id");
    }
}
