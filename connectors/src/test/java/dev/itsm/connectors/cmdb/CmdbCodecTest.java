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
                .hasMessageStartingWith("CMDB record 'ci:host-db01': not JSON: Unexpected end-of-input")
                .hasMessageEndingWith(" at line 1, column 11");
        assertThat(rejection(utf8("ci:host-db01"), utf8(item("\"ci.criticality\": 9"))))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.INVALID_FIELD))
                .hasMessage("CMDB record 'ci:host-db01': ci.criticality: must be an integer from 1 (most critical) to 5, was 9");
        // a relation where a CI belongs
        assertThat(rejection(utf8("ci:host-db01"), Json.toBytes(relation)))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.MISSING_FIELD))
                .hasMessage("CMDB record 'ci:host-db01': missing \"ci.id\"; missing \"ci.type\"; missing \"ci.criticality\"");
    }

    /** A CI record of host-db01 as JSON, with {@code fields} (a JSON object's members) in place of its criticality. */
    private static String item(String fields) {
        return "{\"ci.id\": \"host-db01\", \"ci.type\": \"host\", " + fields + ", \"@timestamp\": \"2026-01-15T08:00:00Z\"}";
    }

    @Test
    void shouldRejectAValueThatIsNotUtf8JsonNamingWhere() {
        byte[] value = utf8(item("\"ci.criticality\": 2, \"ci.support_group\": \"dbaX\""));
        int at = new String(value, StandardCharsets.UTF_8).indexOf('X');
        value[at] = (byte) 0xC3; // a lead byte followed by no continuation byte

        assertThat(rejection(utf8("ci:host-db01"), value))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.NOT_JSON))
                .hasMessage("CMDB record 'ci:host-db01': not JSON: invalid UTF-8 at byte offset " + at + " (0xC3)");
        assertThat(rejection(utf8("ci:host-db01"), new byte[] {(byte) 0xFF, (byte) 0xFE, '{', '}'}))
                .hasMessage("CMDB record 'ci:host-db01': not JSON: invalid UTF-8 at byte offset 0 (0xFF)");
        assertThat(rejection(utf8("ci:host-db01"), utf8("  ")))
                .hasMessage("CMDB record 'ci:host-db01': not JSON: the value is blank");
        assertThat(rejection(utf8("ci:host-db01"), utf8(item("\"ci.criticality\": 2") + " {}")))
                .hasMessageStartingWith("CMDB record 'ci:host-db01': not JSON: more content after the end of the JSON value");
        assertThat(rejection(utf8("ci:host-db01"), utf8(item("\"ci.criticality\": 2, \"ci.type\": \"switch\""))))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.NOT_JSON))
                .hasMessageStartingWith("CMDB record 'ci:host-db01': not JSON: Duplicate field 'ci.type'");
        assertThat(rejection(utf8("ci:host-db01"), utf8("null")))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.INVALID_FIELD))
                .hasMessage("CMDB record 'ci:host-db01': must be a JSON object (the ConfigItem), was null");
        assertThat(rejection(utf8("relation:r-1"), utf8("[\"a\", \"runs_on\", \"b\"]")))
                .hasMessage("CMDB record 'relation:r-1': must be a JSON object (the Relation), was an array");
    }

    @Test
    void shouldAcceptAByteOrderMark() {
        byte[] json = Json.toBytes(item);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        assertThat(CmdbCodec.fromRecord(utf8("ci:host-db01"), withBom)).isEqualTo(CmdbChange.upsert(item));
    }

    @Test
    void shouldRejectMissingFieldsAsMissingAndNameEveryOne() {
        assertThat(rejection(utf8("ci:host-db01"), utf8("{\"ci.type\": \"host\", \"ci.criticality\": 2, \"@timestamp\": \"2026-01-15T08:00:00Z\"}")))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.MISSING_FIELD))
                .hasMessage("CMDB record 'ci:host-db01': missing \"ci.id\"");
        assertThat(rejection(utf8("ci:host-db01"), utf8("{\"ci.id\": \"host-db01\", \"ci.criticality\": 2, \"@timestamp\": \"2026-01-15T08:00:00Z\"}")))
                .hasMessage("CMDB record 'ci:host-db01': missing \"ci.type\"");
        // the CMDB file's layout, not the topic's
        assertThat(rejection(utf8("ci:host-db01"), utf8("{\"id\": \"host-db01\", \"type\": \"host\", \"criticality\": 2}")))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.MISSING_FIELD))
                .hasMessage("CMDB record 'ci:host-db01': missing \"ci.id\"; missing \"ci.type\"; missing \"ci.criticality\"; "
                        + "missing \"@timestamp\"");
        assertThat(rejection(utf8("relation:r-1"), utf8("{\"relation.id\": \"r-1\", \"relation.type\": \"runs_on\", "
                + "\"relation.source\": \"app\", \"@timestamp\": \"2026-01-15T08:00:00Z\"}")))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.MISSING_FIELD))
                .hasMessage("CMDB record 'relation:r-1': missing \"relation.target\"");
    }

    @Test
    void shouldRejectWrongTypesWithoutCoercingThem() {
        assertThat(rejection(utf8("ci:host-db01"), utf8(item("\"ci.criticality\": \"2\""))))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.INVALID_FIELD))
                .hasMessage("CMDB record 'ci:host-db01': ci.criticality: must be an integer from 1 (most critical) to 5, was a string");
        assertThat(rejection(utf8("ci:host-db01"), utf8(item("\"ci.criticality\": 2.7"))))
                .hasMessage("CMDB record 'ci:host-db01': ci.criticality: must be an integer from 1 (most critical) to 5, was 2.7");
        assertThat(rejection(utf8("ci:17"), utf8("{\"ci.id\": 17, \"ci.type\": \"host\", \"ci.criticality\": 2, "
                + "\"@timestamp\": \"2026-01-15T08:00:00Z\"}")))
                .hasMessage("CMDB record 'ci:17': ci.id: must be a string, was a number (quote it: \"17\")");
        assertThat(rejection(utf8("ci:host-db01"), utf8(item("\"ci.criticality\": 2, \"ci.identifiers\": \"db01\", "
                + "\"labels\": {\"rack\": {\"row\": 3}, \"ok\": 1}, \"ci.support_group\": [\"dba\"], \"itsm.revision\": -1"))))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.INVALID_FIELD))
                .hasMessage("CMDB record 'ci:host-db01': ci.identifiers: must be an array of strings, was a string; "
                        + "ci.support_group: must be a string, was an array; labels.rack: must be a string, number or boolean, "
                        + "was an object; itsm.revision: must be an integer >= 0, was -1");
        assertThat(rejection(utf8("ci:host-db01"), utf8("{\"ci.id\": \"host-db01\", \"ci.type\": \"host\", \"ci.criticality\": 2, "
                + "\"ci.identifiers\": [\"db01\", 7, \" \"], \"@timestamp\": \"yesterday\"}")))
                .hasMessage("CMDB record 'ci:host-db01': ci.identifiers[1]: must be a string, was a number; "
                        + "ci.identifiers[2]: must not be empty; "
                        + "@timestamp: 'yesterday' is not an RFC 3339 time such as 2026-01-15T08:00:00Z");
    }

    @Test
    void shouldListTenProblemsAndCountTheRest() {
        String identifiers = String.join(", ", java.util.Collections.nCopies(25, "1"));

        assertThat(rejection(utf8("ci:host-db01"), utf8(item("\"ci.criticality\": 2, \"ci.identifiers\": [" + identifiers + "]"))))
                .hasMessageEndingWith("ci.identifiers[9]: must be a string, was a number; and 15 more");
    }

    @Test
    void shouldRejectAnUnknownRelationType() {
        byte[] owns = utf8(new String(Json.toBytes(relation), StandardCharsets.UTF_8).replace("\"runs_on\"", "\"owns\""));

        assertThat(rejection(utf8("relation:" + relation.id()), owns))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.INVALID_FIELD))
                .hasMessage("CMDB record 'relation:" + relation.id() + "': relation.type: 'owns' is not a relation type; "
                        + "use one of runs_on, depends_on, hosted_on, connected_to");
    }

    @Test
    void shouldTakeWhatCoreJsonAcceptsOfAGoodRecord() {
        // upper-case relation types (core's enums are read case-insensitively), label numbers and booleans as text,
        // a time with an offset, and keys a newer writer may add
        byte[] upper = utf8(new String(Json.toBytes(relation), StandardCharsets.UTF_8).replace("\"runs_on\"", "\"RUNS_ON\""));
        ConfigItem read = CmdbCodec.fromRecord(utf8("ci:host-db01"), utf8("{\"ci.id\": \"host-db01\", \"ci.type\": \"host\", "
                + "\"ci.criticality\": 2, \"labels\": {\"rack\": 7, \"spare\": false}, \"ci.owner\": {\"team\": \"dba\"}, "
                + "\"@timestamp\": \"2026-01-15T09:00:00+01:00\"}")).item();

        assertThat(CmdbCodec.fromRecord(utf8("relation:" + relation.id()), upper)).isEqualTo(CmdbChange.upsert(relation));
        assertThat(read.labels()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("rack", "7", "spare", "false"));
        assertThat(read.updated()).isEqualTo(T0);
    }

    @Test
    void shouldRejectARecordOverTheSizeLimitBeforeReadingIt() {
        byte[] key = utf8("ci:host-db01");
        String padded = item("\"ci.criticality\": 2, \"ci.name\": \"\"");
        int room = CmdbCodec.MAX_RECORD_BYTES - key.length - padded.length();
        String atLimit = item("\"ci.criticality\": 2, \"ci.name\": \"" + "n".repeat(room) + "\"");

        assertThat(key.length + atLimit.length()).isEqualTo(CmdbCodec.MAX_RECORD_BYTES);
        assertThat(CmdbCodec.fromRecord(key, utf8(atLimit)).item().name()).hasSize(room);
        assertThat(rejection(key, utf8(atLimit + " ")))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.TOO_LARGE))
                .hasMessage("CMDB record 'ci:host-db01' is 262,145 bytes (key and value); the limit is 262,144 bytes");
        // not even read: neither UTF-8 nor JSON
        assertThat(rejection(key, new byte[5_000_000])).hasMessage(
                "CMDB record 'ci:host-db01' is 5,000,012 bytes (key and value); the limit is 262,144 bytes");
        // a huge key is quoted in part
        assertThat(rejection(utf8("ci:" + "k".repeat(300_000)), null).getMessage())
                .isEqualTo("CMDB record 'ci:" + "k".repeat(117) + "...' is 300,003 bytes (key and value); the limit is 262,144 bytes");
    }

    @Test
    void shouldRejectADeeplyNestedValueBeforeBuildingIt() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);

        assertThat(rejection(utf8("ci:host-db01"), utf8(item("\"ci.criticality\": 2, \"labels\": " + deep))))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(DeadLetter.TOO_LARGE))
                .hasMessage("CMDB record 'ci:host-db01': JSON nested deeper than the limit of 16 levels");
        assertThat(rejection(utf8("relation:r-1"), utf8(deep)))
                .hasMessage("CMDB record 'relation:r-1': JSON nested deeper than the limit of 16 levels");
    }

    @Test
    void shouldRejectAValueWhoseIdIsNotTheKeys() {
        assertThat(rejection(utf8("ci:host-db02"), Json.toBytes(item))).hasMessage(
                "CMDB record 'ci:host-db02' carries ci.id 'host-db01'; the key and the value must name the same id");
        assertThat(rejection(utf8("relation:r-1"), Json.toBytes(relation))).hasMessage(
                "CMDB record 'relation:r-1' carries relation.id '" + relation.id() + "'; the key and the value must name the same id");
    }
}
