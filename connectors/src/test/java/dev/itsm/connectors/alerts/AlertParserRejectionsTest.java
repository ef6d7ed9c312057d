package dev.itsm.connectors.alerts;

import static dev.itsm.connectors.alerts.TestingPayloads.SENT_AT;
import static dev.itsm.connectors.alerts.TestingPayloads.rejected;
import static dev.itsm.connectors.alerts.TestingPayloads.resource;
import static dev.itsm.connectors.alerts.TestingPayloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.itsm.core.model.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input, each case with the exact reason and error type the dead letter carries. */
class AlertParserRejectionsTest {

    private static final String GOOD_ALERT = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"},"
            + "\"startsAt\":\"2024-05-01T10:00:00Z\"}";

    private static String alertmanager(String... alerts) {
        return "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[" + String.join(",", alerts) + "]}";
    }

    private static String deeplyNested(int levels) {
        return "[".repeat(levels) + "]".repeat(levels);
    }

    private static String manyLabels(int count) {
        return IntStream.range(0, count).mapToObj(i -> "\"l" + i + "\":\"v" + i + "\"")
                .collect(Collectors.joining(",", "{\"name\":\"A\",\"status\":\"firing\",\"labels\":{", "}}"));
    }

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    static Stream<Arguments> badPayloads() {
        return Stream.of(
                // the payload as a whole
                arguments("not JSON", utf8("{\"name\" x"), null, DeadLetter.NOT_JSON,
                        "not JSON: Unexpected character ('x' (code 120)): was expecting a colon to separate field"
                                + " name and value at line 1, column 9"),
                arguments("invalid UTF-8", bytes('{', '"', 'a', 0xC3, 0x28, '"', ':', '1', '}'), null,
                        DeadLetter.NOT_JSON, "not JSON: invalid UTF-8 at byte offset 3 (0xC3)"),
                arguments("truncated", utf8("{\"version\":\"4\",\"alerts\":[{\"status\":\"fir"), "alertmanager",
                        DeadLetter.NOT_JSON, "not JSON: Unexpected end-of-input: was expecting closing quote for a string value at line 1, column 40"),
                arguments("truncated inside the alerts", utf8("{\"version\":\"4\",\"alerts\":["), null,
                        DeadLetter.NOT_JSON, "not JSON: Unexpected end-of-input: expected close marker for Array"
                                + " (start marker at line 1, column 25) at line 1, column 26"),
                arguments("empty", new byte[0], null, DeadLetter.NOT_JSON, "not JSON: the payload is empty"),
                arguments("a Kafka tombstone", null, null, DeadLetter.NOT_JSON, "not JSON: the payload is empty"),
                arguments("trailing content", utf8("{\"name\":\"A\",\"status\":\"firing\"} {}"), null,
                        DeadLetter.NOT_JSON, "not JSON: more content after the end of the JSON value at line 1, column 32"),
                arguments("a duplicate key", utf8("{\"name\":\"A\",\"status\":\"firing\",\"status\":\"resolved\"}"), null,
                        DeadLetter.NOT_JSON, "not JSON: Duplicate field 'status' at line 1, column 39"),
                arguments("10,000-deep nesting", utf8(deeplyNested(10_000)), null, DeadLetter.TOO_LARGE,
                        "JSON nested deeper than the limit of 64 levels"),
                arguments("unknown format hint", utf8(GOOD_ALERT), "nagios", DeadLetter.UNKNOWN_FORMAT,
                        "unknown format 'nagios' (known: alertmanager, grafana, zabbix, generic)"),
                arguments("undetectable object", utf8("{\"host\":\"a\"}"), null, DeadLetter.UNKNOWN_FORMAT,
                        "cannot detect the format: an object without 'alerts' (Alertmanager, Grafana), 'name' (generic)"
                                + " or 'event_id'/'event_name' (Zabbix); set the Kafka header 'itsm.format' to one of"
                                + " alertmanager, grafana, zabbix, generic"),
                arguments("a bare string", utf8("\"hello\""), null, DeadLetter.UNKNOWN_FORMAT,
                        "cannot detect the format: the payload is a string, not a JSON object or array; set the Kafka"
                                + " header 'itsm.format' to one of alertmanager, grafana, zabbix, generic"),
                arguments("alerts without a version", utf8("{\"alerts\":[" + GOOD_ALERT + "]}"), null,
                        DeadLetter.UNKNOWN_FORMAT, "cannot detect the format: an object with 'alerts' but neither"
                                + " Alertmanager's \"version\": \"4\" nor Grafana's fields (orgId, title, state, message,"
                                + " or silenceURL/dashboardURL/panelURL/values in an alert); set the Kafka header"
                                + " 'itsm.format' to one of alertmanager, grafana, zabbix, generic"),

                // Alertmanager and Grafana
                arguments("wrong type of alerts", utf8("{\"version\":\"4\",\"alerts\":\"x\"}"), null,
                        DeadLetter.INVALID_FIELD, "alertmanager: alerts: expected an array, got a string"),
                arguments("an empty group", utf8(alertmanager()), null, DeadLetter.MISSING_FIELD,
                        "alertmanager: alerts: the group has no alerts"),
                arguments("another webhook version", utf8("{\"version\":\"3\",\"alerts\":[" + GOOD_ALERT + "]}"),
                        "alertmanager", DeadLetter.INVALID_FIELD,
                        "alertmanager: version: '3' is not supported (only \"4\")"),
                arguments("an alert that is not an object", utf8(alertmanager(GOOD_ALERT, "42")), null,
                        DeadLetter.INVALID_FIELD, "alertmanager: alerts[1]: expected an object, got a number"),
                arguments("no alertname", utf8(alertmanager(GOOD_ALERT, GOOD_ALERT.replace("alertname", "job"))),
                        null, DeadLetter.MISSING_FIELD,
                        "alertmanager: alerts[1].labels: missing required label 'alertname'"),
                arguments("no startsAt", utf8(alertmanager(GOOD_ALERT,
                                GOOD_ALERT.replace(",\"startsAt\":\"2024-05-01T10:00:00Z\"", ""))), null,
                        DeadLetter.MISSING_FIELD, "alertmanager: alerts[1]: missing required field 'startsAt'"),
                arguments("not an RFC 3339 time", utf8(alertmanager(GOOD_ALERT, GOOD_ALERT, GOOD_ALERT.replace(
                                "2024-05-01T10:00:00Z", "2024-13-01"))), null, DeadLetter.INVALID_FIELD,
                        "alertmanager: alerts[2].startsAt: '2024-13-01' is not an RFC 3339 time"),
                arguments("year 9999", utf8(alertmanager(GOOD_ALERT.replace("2024-05-01", "9999-05-01"))), null,
                        DeadLetter.INVALID_FIELD, "alertmanager: alerts[0].startsAt: '9999-05-01T10:00:00Z' is outside"
                                + " the accepted years 2000..2100"),
                arguments("year 1970", utf8(alertmanager(GOOD_ALERT.replace("2024-05-01", "1970-01-01"))), null,
                        DeadLetter.INVALID_FIELD, "alertmanager: alerts[0].startsAt: '1970-01-01T10:00:00Z' is outside"
                                + " the accepted years 2000..2100"),
                arguments("an unknown status", utf8(alertmanager(GOOD_ALERT.replace("\"firing\"", "\"pending\""))),
                        null, DeadLetter.INVALID_FIELD,
                        "alertmanager: alerts[0].status: 'pending' is not 'firing' or 'resolved'"),
                arguments("an end before the start", utf8(alertmanager(GOOD_ALERT.replace("\"firing\"", "\"resolved\"")
                                .replace("}", ",\"endsAt\":\"2024-05-01T09:00:00Z\"}").replaceFirst(",\"endsAt[^}]*}", "}"))),
                        null, DeadLetter.INVALID_FIELD, "alertmanager: alerts[0].endsAt: '2024-05-01T09:00:00Z' is"
                                + " before the start '2024-05-01T10:00:00Z'"),
                arguments("a label value that is an object", utf8(alertmanager(GOOD_ALERT.replace("\"A\"",
                                "\"A\",\"team\":{\"name\":\"x\"}"))), null, DeadLetter.INVALID_FIELD,
                        "alertmanager: alerts[0].labels.team: expected a string, got an object"),
                arguments("Grafana without alerts", utf8("{\"orgId\":1,\"title\":\"x\"}"), "grafana",
                        DeadLetter.MISSING_FIELD, "grafana: missing required field 'alerts'"),
                arguments("Grafana as an array", utf8("[]"), "grafana", DeadLetter.INVALID_FIELD,
                        "grafana: expected a JSON object, got an array"),

                // Zabbix
                arguments("Zabbix without event id", utf8("{\"event_name\":\"x\",\"event_value\":\"1\","
                        + "\"event_timestamp\":\"1714558530\"}"), null, DeadLetter.MISSING_FIELD,
                        "zabbix: missing required field 'event_id'"),
                arguments("an unexpanded Zabbix macro", utf8("{\"event_id\":\"{EVENT.ID}\",\"event_name\":\"x\"}"),
                        null, DeadLetter.MISSING_FIELD,
                        "zabbix: event_id: '{EVENT.ID}' is a macro Zabbix did not expand"),
                arguments("a Zabbix event value", utf8("{\"event_id\":\"1\",\"event_name\":\"x\",\"event_value\":\"2\"}"),
                        null, DeadLetter.INVALID_FIELD, "zabbix: event_value: '2' is not 1 (problem) or 0 (resolved)"),
                arguments("a Zabbix event without time", utf8("{\"event_id\":\"1\",\"event_name\":\"x\","
                        + "\"event_value\":\"1\",\"event_date\":\"2024.05.01\"}"), null, DeadLetter.MISSING_FIELD,
                        "zabbix: missing required field 'event_time' (given 'event_date')"),
                arguments("a Zabbix timestamp in milliseconds", utf8("{\"event_id\":\"1\",\"event_name\":\"x\","
                        + "\"event_value\":\"1\",\"event_timestamp\":\"1714558530000\"}"), null,
                        DeadLetter.INVALID_FIELD, "zabbix: event_timestamp: '1714558530000' is not a UNIX time in"
                                + " seconds"),
                arguments("a Zabbix timestamp in year 9999", utf8("{\"event_id\":\"1\",\"event_name\":\"x\","
                        + "\"event_value\":\"1\",\"event_timestamp\":\"253402300799\"}"), null,
                        DeadLetter.INVALID_FIELD, "zabbix: event_timestamp: '253402300799' is outside the accepted"
                                + " years 2000..2100"),
                arguments("a Zabbix date", utf8("{\"event_id\":\"1\",\"event_name\":\"x\",\"event_value\":\"1\","
                        + "\"event_date\":\"2024-05-01\",\"event_time\":\"10:00:00\"}"), null, DeadLetter.INVALID_FIELD,
                        "zabbix: event_date: '2024-05-01' is not a Zabbix date (yyyy.mm.dd)"),
                arguments("a Zabbix time zone", utf8("{\"event_id\":\"1\",\"event_name\":\"x\",\"event_value\":\"1\","
                        + "\"event_date\":\"2024.05.01\",\"event_time\":\"10:00:00\",\"timezone\":\"Mars/Olympus\"}"),
                        null, DeadLetter.INVALID_FIELD, "zabbix: timezone: 'Mars/Olympus' is not a time zone (e.g."
                                + " 'Europe/Berlin' or '+02:00')"),
                arguments("Zabbix tags that are not an array", utf8("{\"event_id\":\"1\",\"event_name\":\"x\","
                        + "\"event_value\":\"1\",\"event_timestamp\":\"1714558530\",\"tags\":{\"scope\":\"a\"}}"), null,
                        DeadLetter.INVALID_FIELD, "zabbix: tags: expected an array of {\"tag\", \"value\"} objects,"
                                + " got an object"),
                arguments("Zabbix tags as broken JSON text", utf8("{\"event_id\":\"1\",\"event_name\":\"x\","
                        + "\"event_value\":\"1\",\"event_timestamp\":\"1714558530\",\"tags\":\"[{\\\"tag\\\":\"}"), null,
                        DeadLetter.NOT_JSON, "zabbix: tags: not JSON: Unexpected end-of-input within/between Object"
                                + " entries at line 1, column 9"),
                arguments("Zabbix tags as deeply nested JSON text", utf8("{\"event_id\":\"1\",\"event_name\":\"x\","
                        + "\"event_value\":\"1\",\"event_timestamp\":\"1714558530\",\"tags\":\"" + deeplyNested(100)
                        + "\"}"), null, DeadLetter.TOO_LARGE,
                        "zabbix: tags: JSON nested deeper than the limit of 64 levels"),
                arguments("a Zabbix tag without a name", utf8("{\"event_id\":\"1\",\"event_name\":\"x\","
                        + "\"event_value\":\"1\",\"event_timestamp\":\"1714558530\",\"tags\":[{\"value\":\"a\"}]}"), null,
                        DeadLetter.MISSING_FIELD, "zabbix: tags[0]: missing required field 'tag'"),

                // generic
                arguments("missing required field", utf8("{\"status\":\"firing\",\"severity\":\"major\"}"), "generic",
                        DeadLetter.MISSING_FIELD, "generic: missing required field 'name'"),
                arguments("a blank name", utf8("{\"name\":\"  \",\"status\":\"firing\"}"), null,
                        DeadLetter.MISSING_FIELD, "generic: required field 'name' is empty"),
                arguments("a batch element without status", utf8("[{\"name\":\"A\",\"status\":\"firing\"},"
                        + "{\"name\":\"B\"}]"), null, DeadLetter.MISSING_FIELD,
                        "generic: [1]: missing required field 'status'"),
                arguments("a batch element that is not an object", utf8("[{\"name\":\"A\",\"status\":\"firing\"}, 7]"),
                        null, DeadLetter.INVALID_FIELD, "generic: [1]: expected an object, got a number"),
                arguments("an empty batch", utf8("[]"), null, DeadLetter.MISSING_FIELD,
                        "generic: the batch is an empty array"),
                arguments("a name that is an array", utf8("{\"name\":[\"A\"],\"status\":\"firing\"}"), null,
                        DeadLetter.INVALID_FIELD, "generic: name: expected a string, got an array"),
                arguments("1,000 labels", utf8(manyLabels(1_000)), null, DeadLetter.TOO_LARGE,
                        "generic: labels: 1,000 labels exceed the limit of 256 per alert"),
                arguments("an alert of 100,000 characters", utf8("[{\"name\":\"A\",\"status\":\"firing\"},{\"name\":\"B\","
                        + "\"status\":\"firing\",\"description\":\"" + "x".repeat(99_953) + "\"}]"), null, DeadLetter.TOO_LARGE,
                        "generic: [1]: the alert's 100,000 characters of JSON exceed the limit of 65,536 per alert"),
                arguments("labels as a list", utf8("{\"name\":\"A\",\"status\":\"firing\",\"labels\":[\"a\"]}"), null,
                        DeadLetter.INVALID_FIELD, "generic: labels: expected an object, got an array"),
                arguments("an odd label key", utf8("{\"name\":\"A\",\"status\":\"firing\",\"labels\":{\"a b\":[]}}"),
                        null, DeadLetter.INVALID_FIELD, "generic: labels[\"a b\"]: expected a string, got an array"),
                arguments("a start with a lowercase offset but no seconds", utf8("{\"name\":\"A\",\"status\":\"firing\","
                        + "\"starts_at\":\"2024-05-01T10:00Z\"}"), null, DeadLetter.INVALID_FIELD,
                        "generic: starts_at: '2024-05-01T10:00Z' is not an RFC 3339 time"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPayloads")
    void shouldRejectWithAPreciseReason(String what, byte[] payload, String hint, String errorType, String reason) {
        DeadLetter letter = rejected(payload, hint);

        assertThat(letter.reason()).isEqualTo(reason);
        assertThat(letter.errorType()).isEqualTo(errorType);
        assertThat(letter.original()).isEqualTo(payload == null ? new byte[0] : payload);
        assertThat(letter.receivedAt()).isEqualTo(SENT_AT);
    }

    @Test
    void shouldRejectATooLargePayloadBeforeReadingIt() {
        byte[] payload = new byte[2_345_678];
        Arrays.fill(payload, (byte) 0xFF); // not even UTF-8: the size is checked first

        DeadLetter letter = rejected(payload, "alertmanager");

        assertThat(letter.errorType()).isEqualTo(DeadLetter.TOO_LARGE);
        assertThat(letter.reason()).isEqualTo("payload of 2,345,678 bytes exceeds the limit of 1,048,576 bytes");
        assertThat(letter.source()).isEqualTo("alertmanager");
    }

    @Test
    void shouldRejectARecordTimestampOutsideTheAcceptedYears() {
        ParseResult result = TestingPayloads.DEFAULT_PARSER.parse(resource("generic-single.json"), "generic",
                Instant.ofEpochMilli(1_714_558_530L));

        assertThat(result.rejected().errorType()).isEqualTo(DeadLetter.CLOCK_SKEW);
        assertThat(result.rejected().reason()).isEqualTo("record timestamp 1970-01-20T20:15:58.530Z is outside the "
                + "accepted years 2000..2100 (the sender's clock is wrong, or it wrote seconds, not milliseconds)");
    }

    @Test
    void shouldNameTheSourceOfARejectionOnlyOnceTheFormatIsKnown() {
        assertThat(rejected(utf8("{\"version\":\"4\",\"alerts\":\"x\"}"), null).source()).isEqualTo("alertmanager");
        assertThat(rejected(utf8("{x"), "zabbix").source()).isEqualTo("zabbix");
        assertThat(rejected(utf8("{x"), null).source()).isNull();
        assertThat(rejected(utf8("{}"), "Nagios").source()).as("what the sender claimed").isEqualTo("Nagios");
    }

    @Test
    void shouldRejectAWholeGroupWhenOneOfItsAlertsIsBad() {
        String group = new String(resource("alertmanager-group-of-3.json"), StandardCharsets.UTF_8)
                .replace("\"2024-05-01T10:20:00Z\"", "\"yesterday\"");

        DeadLetter letter = rejected(utf8(group), null);

        assertThat(letter.reason()).isEqualTo("alertmanager: alerts[2].startsAt: 'yesterday' is not an RFC 3339 time");
    }

    @Test
    void shouldQuoteLongValuesShortlyInTheReason() {
        String longValue = "x".repeat(10_000);

        DeadLetter letter = rejected(utf8("{\"name\":\"A\",\"status\":\"" + longValue + "\"}"), null);

        assertThat(letter.reason()).isEqualTo("generic: status: '" + "x".repeat(80) + "...' is not 'firing' or 'resolved'");
    }
}
