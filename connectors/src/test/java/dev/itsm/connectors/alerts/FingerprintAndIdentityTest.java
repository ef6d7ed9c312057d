package dev.itsm.connectors.alerts;

import static dev.itsm.connectors.alerts.TestingPayloads.alerts;
import static dev.itsm.connectors.alerts.TestingPayloads.resource;
import static dev.itsm.connectors.alerts.TestingPayloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.core.id.Fingerprints;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our fingerprint over the identifying labels, and occurrence ids derived from it. */
class FingerprintAndIdentityTest {

    private static AlertParser parserIdentifying(String source, String... labels) {
        return new AlertParser(new ParserSettings(ParserSettings.DEFAULT_MAX_PAYLOAD_BYTES, Severity.WARNING,
                SeverityWords.none(), Map.of(source, List.of(labels))));
    }

    private static String alertmanager(String labels, String startsAt) {
        return "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":" + labels
                + ",\"startsAt\":\"" + startsAt + "\",\"fingerprint\":\"senders-own\"}]}";
    }

    @Test
    void shouldGiveTheSameFingerprintWhateverTheOrderOfTheLabels() {
        Alert one = alerts(utf8(alertmanager("{\"alertname\":\"A\",\"job\":\"node\",\"instance\":\"h:1\"}",
                "2024-05-01T10:00:00Z")), null).get(0);
        Alert other = alerts(utf8(alertmanager("{\"instance\":\"h:1\",\"alertname\":\"A\",\"job\":\"node\"}",
                "2024-05-01T10:00:00Z")), null).get(0);

        assertThat(one.fingerprint()).isEqualTo(other.fingerprint());
        assertThat(one.id()).isEqualTo(other.id());
    }

    @Test
    void shouldUseOurFingerprintNotTheSendersAndKeepTheirsAsAnAnnotation() {
        Alert alert = alerts(utf8(alertmanager("{\"alertname\":\"A\"}", "2024-05-01T10:00:00Z")), null).get(0);

        assertThat(alert.fingerprint()).isEqualTo(Fingerprints.ofLabels(Map.of("alertname", "A")));
        assertThat(alert.annotations()).containsEntry("source_fingerprint", "senders-own");
    }

    @Test
    void shouldDistinguishAlertsThatDifferInAnyLabelWhenTheRulePackNamesNone() {
        Alert a = alerts(utf8(alertmanager("{\"alertname\":\"A\",\"pod\":\"p-1\"}", "2024-05-01T10:00:00Z")), null).get(0);
        Alert b = alerts(utf8(alertmanager("{\"alertname\":\"A\",\"pod\":\"p-2\"}", "2024-05-01T10:00:00Z")), null).get(0);

        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
    }

    @Test
    void shouldIgnoreLabelsOutsideTheIdentifyingOnesOfItsSource() {
        AlertParser parser = parserIdentifying("alertmanager", "alertname", "service");

        Alert a = alerts(parser, utf8(alertmanager("{\"alertname\":\"A\",\"service\":\"s\",\"pod\":\"p-1\"}",
                "2024-05-01T10:00:00Z")), null).get(0);
        Alert b = alerts(parser, utf8(alertmanager("{\"alertname\":\"A\",\"service\":\"s\",\"pod\":\"p-2\"}",
                "2024-05-01T10:00:00Z")), null).get(0);
        Alert otherService = alerts(parser, utf8(alertmanager("{\"alertname\":\"A\",\"service\":\"t\",\"pod\":\"p-1\"}",
                "2024-05-01T10:00:00Z")), null).get(0);

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint())
                .isEqualTo(Fingerprints.ofLabels(Map.of("alertname", "A", "service", "s")));
        assertThat(otherService.fingerprint()).isNotEqualTo(a.fingerprint());
        assertThat(a.labels()).as("all labels are kept").containsKey("pod");
    }

    @Test
    void shouldApplyIdentifyingLabelsOnlyToTheirOwnSource() {
        AlertParser parser = parserIdentifying("zabbix", "host", "trigger_id");

        Alert a = alerts(parser, utf8("{\"name\":\"A\",\"status\":\"firing\",\"labels\":{\"pod\":\"p-1\"}}"), null).get(0);
        Alert b = alerts(parser, utf8("{\"name\":\"A\",\"status\":\"firing\",\"labels\":{\"pod\":\"p-2\"}}"), null).get(0);

        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
    }

    @Test
    void shouldKeepAZabbixProblemOneAlertWhenItsEventNameChangesButTheTriggerDoesNot() {
        AlertParser parser = parserIdentifying("zabbix", "host", "trigger_id");
        String problem = "{\"event_id\":\"%s\",\"event_name\":\"CPU at %s%%\",\"trigger_id\":\"23456\","
                + "\"host_name\":\"app-01\",\"event_value\":\"1\",\"event_timestamp\":\"1714558530\"}";

        Alert first = alerts(parser, utf8(problem.formatted("1", "91")), null).get(0);
        Alert second = alerts(parser, utf8(problem.formatted("1", "97")), null).get(0);

        assertThat(first.name()).isNotEqualTo(second.name());
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(second.id()).isEqualTo(first.id());
    }

    @Test
    void shouldFallBackToAllLabelsWhenAnAlertHasNoneOfTheIdentifyingOnes() {
        // Otherwise every such alert of the source would share one fingerprint and merge into one incident.
        AlertParser parser = parserIdentifying("generic", "ci_id");

        Alert a = alerts(parser, utf8("{\"name\":\"A\",\"status\":\"firing\"}"), null).get(0);
        Alert b = alerts(parser, utf8("{\"name\":\"B\",\"status\":\"firing\"}"), null).get(0);

        assertThat(a.fingerprint()).isEqualTo(Fingerprints.ofLabels(Map.of("alertname", "A")))
                .isNotEqualTo(b.fingerprint());
    }

    @Test
    void shouldStartANewOccurrenceIdWhenTheSameAlertFiresAgainLater() {
        Alert first = alerts(utf8(alertmanager("{\"alertname\":\"A\"}", "2024-05-01T10:00:00Z")), null).get(0);
        Alert again = alerts(utf8(alertmanager("{\"alertname\":\"A\"}", "2024-05-01T11:00:00Z")), null).get(0);

        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(again.id()).isNotEqualTo(first.id());
    }

    @Test
    void shouldProduceIdenticalAlertsWhenTheSameRecordIsParsedAgain() {
        // a replay after a failure must regenerate the same records
        byte[] payload = resource("alertmanager-group-of-3.json");
        Instant sentAt = Instant.parse("2024-05-01T10:45:00Z");

        ParseResult once = new AlertParser(ParserSettings.defaults()).parse(payload, null, sentAt);
        ParseResult twice = new AlertParser(ParserSettings.defaults()).parse(payload.clone(), null, sentAt);

        assertThat(twice).isEqualTo(once);
    }
}
