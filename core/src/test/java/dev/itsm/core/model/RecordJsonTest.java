package dev.itsm.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.core.json.Json;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    private static <T> T roundTrip(T value) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) value.getClass();
        return Json.fromBytes(Json.toBytes(value), type);
    }

    private static JsonNode tree(Object value) {
        return Json.tree(Json.toBytes(value));
    }

    @Test
    void shouldRoundTripAnAlertThroughJson() {
        assertThat(roundTrip(TestingRecords.alert())).isEqualTo(TestingRecords.alert());
    }

    @Test
    void shouldRoundTripAConfigItemThroughJson() {
        assertThat(roundTrip(TestingRecords.configItem())).isEqualTo(TestingRecords.configItem());
    }

    @Test
    void shouldRoundTripARelationThroughJson() {
        assertThat(roundTrip(TestingRecords.relation())).isEqualTo(TestingRecords.relation());
    }

    @Test
    void shouldRoundTripAnIncidentThroughJson() {
        assertThat(roundTrip(TestingRecords.incident())).isEqualTo(TestingRecords.incident());
    }

    @Test
    void shouldRoundTripAProblemThroughJson() {
        assertThat(roundTrip(TestingRecords.problem())).isEqualTo(TestingRecords.problem());
    }

    @Test
    void shouldRoundTripAnSlaStatusThroughJson() {
        assertThat(roundTrip(TestingRecords.slaStatus())).isEqualTo(TestingRecords.slaStatus());
    }

    @Test
    void shouldRoundTripAnSloStatusWithItsBurnRatesThroughJson() {
        assertThat(roundTrip(TestingRecords.sloStatus())).isEqualTo(TestingRecords.sloStatus());
    }

    @Test
    void shouldRoundTripADeadLetterWithItsOriginalBytesThroughJson() {
        DeadLetter back = roundTrip(TestingRecords.deadLetter());

        assertThat(back).isEqualTo(TestingRecords.deadLetter());
        assertThat(Arrays.equals(back.original(), TestingRecords.deadLetter().original())).isTrue();
    }

    @Test
    void shouldWriteAnAlertWithEcsFieldNames() {
        JsonNode json = tree(TestingRecords.alert());

        assertThat(json.get("@timestamp").asText()).isEqualTo("2024-05-01T10:16:00.123456789Z");
        assertThat(json.get("event.id").asText()).isEqualTo("a-1");
        assertThat(json.get("event.start").asText()).isEqualTo("2024-05-01T10:15:30Z");
        assertThat(json.get("event.module").asText()).isEqualTo("alertmanager");
        assertThat(json.get("event.original").asText()).isEqualTo("{\"status\":\"firing\"}");
        assertThat(json.get("event.severity").asInt()).isEqualTo(1);
        assertThat(json.get("rule.name").asText()).isEqualTo("HostDown");
        assertThat(json.get("message").asText()).isEqualTo("db-01 is down");
        assertThat(json.get("host.name").asText()).isEqualTo("db-01");
        assertThat(json.get("host.ip").asText()).isEqualTo("10.0.0.5");
        assertThat(json.get("service.name").asText()).isEqualTo("billing");
        assertThat(json.get("labels").get("instance").asText()).isEqualTo("db-01:9100");
        assertThat(json.get("alert.status").asText()).isEqualTo("firing");
        assertThat(json.get("alert.severity").asText()).isEqualTo("critical");
        assertThat(json.get("alert.fingerprint").asText()).isEqualTo("fp-1");
        assertThat(json.get("ci.id").asText()).isEqualTo("ci-db-01");
        assertThat(json.get(Versioned.REVISION_FIELD).asLong()).isEqualTo(3);
    }

    @Test
    void shouldLeaveNullComponentsOutOfTheJson() {
        JsonNode json = tree(TestingRecords.alert());

        assertThat(json.has("event.end")).isFalse();
        assertThat(json.has("endsAt")).isFalse();
    }

    @Test
    void shouldNotLeakJavaComponentNamesIntoTheJson() {
        JsonNode json = tree(TestingRecords.alert());

        assertThat(json.fieldNames()).toIterable()
                .doesNotContain("id", "timestamp", "startsAt", "hostName", "severityCode", "revision");
    }

    @Test
    void shouldWriteAnIncidentWithEcsFieldNames() {
        JsonNode json = tree(TestingRecords.incident());

        assertThat(json.get("@timestamp").asText()).isEqualTo("2024-05-01T10:16:00.123456789Z");
        assertThat(json.get("event.start").asText()).isEqualTo("2024-05-01T10:15:30Z");
        assertThat(json.has("event.end")).isFalse();
        assertThat(json.get("labels").get("team").asText()).isEqualTo("dba");
        assertThat(json.get("incident.id").asText()).isEqualTo("inc-1");
        assertThat(json.get("incident.status").asText()).isEqualTo("acknowledged");
        assertThat(json.get("incident.priority").asText()).isEqualTo("p1");
        assertThat(json.get("incident.impact").asText()).isEqualTo("high");
        assertThat(json.get("incident.alert_ids").toString()).isEqualTo("[\"a-1\",\"a-2\"]");
        assertThat(json.get("problem.id").asText()).isEqualTo("prb-1");
        assertThat(json.get("itsm.rule_pack_version").asText()).isEqualTo("2024.05.1");
        assertThat(json.get(Versioned.REVISION_FIELD).asLong()).isEqualTo(4);
    }

    @Test
    void shouldWriteADeadLetterWithEcsErrorFieldsAndTheOriginalAsBase64() {
        JsonNode json = tree(TestingRecords.deadLetter());

        assertThat(json.get("error.type").asText()).isEqualTo("not_json");
        assertThat(json.get("error.message").asText()).startsWith("Unexpected end-of-input");
        assertThat(json.get("dlq.original_base64").asText()).isEqualTo("eyJhbGVydHMiOiBb");
        assertThat(json.get("dlq.origin_offset").asLong()).isEqualTo(4711);
    }

    @Test
    void shouldWriteSlaAndSloStatusWithTheIncidentAndServiceFieldsOfTheOtherIndices() {
        JsonNode sla = tree(TestingRecords.slaStatus());
        JsonNode slo = tree(TestingRecords.sloStatus());

        assertThat(sla.get("sla.id").asText()).isEqualTo("inc-1:resolution");
        assertThat(sla.get("incident.id").asText()).isEqualTo("inc-1");
        assertThat(sla.get("sla.state").asText()).isEqualTo("warning");
        assertThat(sla.get("sla.percent").asDouble()).isEqualTo(75.0);
        assertThat(slo.get("service.id").asText()).isEqualTo("svc-billing");
        assertThat(slo.get("slo.burn_rates").get(0).get("long_window_ms").asLong()).isEqualTo(3_600_000);
        assertThat(slo.get("slo.burn_rates").get(0).get("firing").asBoolean()).isTrue();
        assertThat(slo.get("slo.burn_rates").get(0).get("severity").asText()).isEqualTo("critical");
        assertThat(slo.get("slo.id").asText()).isEqualTo("svc-billing:30d");
        assertThat(slo.get("slo.name").asText()).isEqualTo("billing-availability");
        assertThat(slo.get("slo.time_slice_ms").asLong()).isEqualTo(60_000);
        assertThat(slo.get("slo.slices_total").asLong()).isEqualTo(43_200);
        assertThat(slo.get("slo.slices_bad").asLong()).isEqualTo(22);
        assertThat(slo.get("service.impacted").asBoolean()).isTrue();
    }

    @Test
    void shouldIgnoreUnknownJsonPropertiesForForwardCompatibility() {
        String json = Json.toString(TestingRecords.relation())
                .replaceFirst("\\{", "{\"relation.weight\":3,\"future\":{\"nested\":[1,2]},");

        assertThat(Json.fromString(json, Relation.class)).isEqualTo(TestingRecords.relation());
    }

    @Test
    void shouldReadTheDerivedSeverityCodeBackWithoutComplaint() {
        // event.severity is written but has no component: reading it must neither fail nor win over alert.severity
        String json = Json.toString(TestingRecords.alert()).replace("\"event.severity\":1", "\"event.severity\":5");

        assertThat(Json.fromString(json, Alert.class).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void shouldReadAbsentCollectionsAsEmpty() {
        String json = """
                {"ci.id":"ci-1","ci.type":"host","ci.criticality":2,"@timestamp":"2024-05-01T10:15:30Z"}""";

        ConfigItem ci = Json.fromString(json, ConfigItem.class);

        assertThat(ci.identifiers()).isEmpty();
        assertThat(ci.labels()).isEmpty();
        assertThat(ci.name()).isEqualTo("ci-1");
        assertThat(ci.revision()).isZero();
    }
}
