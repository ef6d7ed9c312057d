package dev.itsm.connectors.alerts;

import static dev.itsm.connectors.alerts.TestingPayloads.alerts;
import static dev.itsm.connectors.alerts.TestingPayloads.rejected;
import static dev.itsm.connectors.alerts.TestingPayloads.resource;
import static dev.itsm.connectors.alerts.TestingPayloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.core.model.Alert;
import dev.itsm.core.model.DeadLetter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which format a payload is read as, with and without the itsm.format header. */
class FormatDetectionTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "alertmanager-group-of-3.json, alertmanager",
        "alertmanager-resolved.json,   alertmanager",
        "grafana-firing.json,          grafana",
        "grafana-resolved.json,        grafana",
        "zabbix-problem.json,          zabbix",
        "zabbix-recovery.json,         zabbix",
        "generic-single.json,          generic",
        "generic-batch.json,           generic"})
    void shouldDetectTheFormatOfEachExampleWithoutAHeader(String file, String format) {
        assertThat(alerts(resource(file), null)).extracting(Alert::source).containsOnly(format);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"orgId", "title", "state", "message"})
    void shouldTakeAGroupWithAnyTopLevelGrafanaFieldForGrafanaEvenWithVersion4(String field) {
        String payload = "{\"version\":\"4\",\"" + field + "\":\"1\",\"alerts\":[{\"status\":\"firing\","
                + "\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"2024-05-01T10:00:00Z\"}]}";

        assertThat(alerts(utf8(payload), null).get(0).source()).isEqualTo("grafana");
    }

    @Test
    void shouldTakeAGroupWhoseAlertsCarryGrafanaUrlsForGrafana() {
        String payload = "{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"},"
                + "\"startsAt\":\"2024-05-01T10:00:00Z\",\"fingerprint\":\"ab\",\"dashboardURL\":\"\"}]}";

        assertThat(alerts(utf8(payload), null).get(0).source()).isEqualTo("grafana");
    }

    @Test
    void shouldTakeAnObjectWithANameForGenericEvenIfItAlsoHasZabbixLookingKeys() {
        String payload = "{\"name\":\"A\",\"status\":\"firing\",\"event_id\":\"17\"}";

        assertThat(alerts(utf8(payload), null).get(0).source()).isEqualTo("generic");
    }

    @Test
    void shouldLetTheHeaderWinOverTheShapeOfThePayload() {
        assertThat(alerts(resource("alertmanager-resolved.json"), "grafana").get(0).source()).isEqualTo("grafana");
        assertThat(rejected(resource("grafana-firing.json"), "alertmanager").reason())
                .isEqualTo("alertmanager: version: '1' is not supported (only \"4\")");
        assertThat(rejected(resource("generic-single.json"), "zabbix").reason())
                .isEqualTo("zabbix: missing required field 'event_id'");
    }

    @Test
    void shouldReadTheHeaderIgnoringCaseAndBlanks() {
        assertThat(alerts(resource("generic-single.json"), " Generic ").get(0).source()).isEqualTo("generic");
        assertThat(alerts(resource("generic-single.json"), "  ").get(0).source()).as("blank = absent")
                .isEqualTo("generic");
    }

    @Test
    void shouldRejectAZabbixLookingPayloadThatLacksRequiredFieldsAsZabbix() {
        DeadLetter letter = rejected(utf8("{\"event_name\":\"x\",\"event_value\":\"1\"}"), null);

        assertThat(letter.source()).isEqualTo("zabbix");
        assertThat(letter.reason()).isEqualTo("zabbix: missing required field 'event_id'");
    }
}
