package dev.itsm.connectors.alerts;

import static dev.itsm.connectors.alerts.TestingPayloads.SENT_AT;
import static dev.itsm.connectors.alerts.TestingPayloads.alerts;
import static dev.itsm.connectors.alerts.TestingPayloads.resource;
import static dev.itsm.connectors.alerts.TestingPayloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.itsm.core.id.Fingerprints;
import dev.itsm.core.id.Ids;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each format from realistic payloads, field by field. */
class AlertParserFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldTurnAnAlertmanagerGroupOfThreeIntoThreeAlertsInPayloadOrder() throws Exception {
        byte[] payload = resource("alertmanager-group-of-3.json");

        List<Alert> alerts = alerts(payload, "alertmanager");

        assertThat(alerts).extracting(Alert::name)
                .containsExactly("NodeDown", "HighRequestLatency", "DiskWillFillIn4Hours");
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.source()).isEqualTo("alertmanager");
            assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(a.endsAt()).as("Go's zero time means unset").isNull();
            assertThat(a.timestamp()).isEqualTo(SENT_AT);
            assertThat(a.count()).isEqualTo(1);
            assertThat(a.revision()).isZero();
            assertThat(a.fingerprint()).isEqualTo(Fingerprints.ofLabels(a.labels()));
            assertThat(a.id()).isEqualTo(Ids.stable(a.fingerprint(), a.startsAt().toString()));
        });

        Alert nodeDown = alerts.get(0);
        assertThat(nodeDown.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(nodeDown.summary()).isEqualTo("Node 10.0.3.12:9100 is down");
        assertThat(nodeDown.description()).startsWith("node_exporter on 10.0.3.12:9100");
        assertThat(nodeDown.startsAt()).isEqualTo(Instant.parse("2024-05-01T10:15:30.123456789Z"));
        assertThat(nodeDown.hostName()).as("instance without the port").isEqualTo("10.0.3.12");
        assertThat(nodeDown.hostIp()).as("the instance is an IP").isEqualTo("10.0.3.12");
        assertThat(nodeDown.serviceName()).as("from job").isEqualTo("node");
        assertThat(nodeDown.labels()).hasSize(6).containsEntry("team", "platform");
        assertThat(nodeDown.annotations()).contains(
                entry("runbook_url", "https://runbooks.example.net/NodeDown"),
                entry("source_fingerprint", "5f0e4d1c2b3a4958"),
                entry("generator_url", "http://prometheus.prod-eu1.example.net:9090/graph?g0.expr="
                        + "up%7Bjob%3D%22node%22%7D+%3D%3D+0&g0.tab=1"));
        assertThat(JSON.readTree(nodeDown.raw()))
                .as("raw is the one alert, not the group")
                .isEqualTo(JSON.readTree(payload).get("alerts").get(0));

        Alert latency = alerts.get(1);
        assertThat(latency.severity()).as("'page'").isEqualTo(Severity.CRITICAL);
        assertThat(latency.startsAt()).isEqualTo(Instant.parse("2024-05-01T10:15:31Z"));
        assertThat(latency.hostName()).isEqualTo("checkout-7d9f8b-xk2lp");
        assertThat(latency.hostIp()).isNull();
        assertThat(latency.serviceName()).as("service wins over job").isEqualTo("checkout");

        Alert disk = alerts.get(2);
        assertThat(disk.severity()).isEqualTo(Severity.WARNING);
        assertThat(disk.hostName()).isEqualTo("db-eu1-03");
        assertThat(disk.ciId()).isEqualTo("CI0012345");
        assertThat(disk.description()).isNull();
        assertThat(disk.serviceName()).isNull();
    }

    @Test
    void shouldGiveAResolvedAlertmanagerAlertItsEndAndTheSameIdAsWhileFiring() {
        Alert firing = alerts(resource("alertmanager-group-of-3.json"), null).get(0);

        Alert resolved = alerts(resource("alertmanager-resolved.json"), null).get(0);

        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.endsAt()).isEqualTo(Instant.parse("2024-05-01T10:42:05Z"));
        assertThat(resolved.fingerprint()).as("same labels, listed in another order").isEqualTo(firing.fingerprint());
        assertThat(resolved.id()).as("same occurrence").isEqualTo(firing.id());
    }

    @Test
    void shouldReadGrafanasFieldsIntoAnnotationsAndHosts() {
        List<Alert> alerts = alerts(resource("grafana-firing.json"), "grafana");

        assertThat(alerts).hasSize(2).allSatisfy(a -> assertThat(a.source()).isEqualTo("grafana"));
        Alert memory = alerts.get(0);
        assertThat(memory.name()).isEqualTo("High memory usage");
        assertThat(memory.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(memory.severity()).as("'High'").isEqualTo(Severity.MAJOR);
        assertThat(memory.startsAt()).isEqualTo(Instant.parse("2024-05-01T07:51:03.157076Z"));
        assertThat(memory.endsAt()).isNull();
        assertThat(memory.hostName()).isEqualTo("web-03.example.net");
        assertThat(memory.hostIp()).isNull();
        assertThat(memory.summary()).isEqualTo("Memory usage on web-03 above 90%");
        assertThat(memory.annotations()).contains(
                entry("source_fingerprint", "c6eadffa33fcdf37"),
                entry("dashboard_url", "https://grafana.example.net/d/node01?orgId=1"),
                entry("panel_url", "https://grafana.example.net/d/node01?orgId=1&viewPanel=4"),
                entry("values", "{\"B\":93.51,\"C\":1}"));
        assertThat(memory.annotations()).containsKey("silence_url");

        Alert cpu = alerts.get(1);
        assertThat(cpu.severity()).as("no severity label: the default").isEqualTo(Severity.WARNING);
        assertThat(cpu.hostName()).as("bracketed IPv6 instance").isEqualTo("2001:db8::17");
        assertThat(cpu.hostIp()).isEqualTo("2001:db8::17");
        assertThat(cpu.annotations()).as("empty URLs are left out").doesNotContainKeys("dashboard_url", "panel_url");
        assertThat(cpu.description()).as("group message describes two alerts, not this one").isNull();
    }

    @Test
    void shouldUseGrafanasTitleAndMessageForASingleAlertWithoutSummary() {
        Alert alert = alerts(resource("grafana-resolved.json"), null).get(0);

        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.endsAt()).isEqualTo(Instant.parse("2024-05-01T08:25:00Z"));
        assertThat(alert.summary()).isEqualTo("[RESOLVED] Checkout error rate (Shop checkout)");
        assertThat(alert.description()).startsWith("**Resolved**");
        assertThat(alert.serviceName()).isEqualTo("checkout");
        assertThat(alert.annotations()).containsEntry("value_string", "[ var='B' labels={service=checkout} value=0.4 ]");
    }

    @Test
    void shouldBuildAZabbixProblemFromTheMediaTypeParameters() throws Exception {
        byte[] payload = resource("zabbix-problem.json");

        List<Alert> alerts = alerts(payload, "zabbix");

        assertThat(alerts).hasSize(1);
        Alert problem = alerts.get(0);
        assertThat(problem.source()).isEqualTo("zabbix");
        assertThat(problem.name()).isEqualTo("High CPU utilization (over 90% for 5m)");
        assertThat(problem.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(problem.severity()).as("'High'").isEqualTo(Severity.MAJOR);
        assertThat(problem.startsAt()).isEqualTo(Instant.parse("2024-05-01T10:15:30Z"));
        assertThat(problem.endsAt()).as("{EVENT.RECOVERY.TIMESTAMP} left unexpanded means absent").isNull();
        assertThat(problem.hostName()).isEqualTo("app-server-01");
        assertThat(problem.hostIp()).isEqualTo("192.168.10.21");
        assertThat(problem.serviceName()).as("from the tag 'service'").isEqualTo("billing");
        assertThat(problem.summary()).isEqualTo("Problem: High CPU utilization (over 90% for 5m)");
        assertThat(problem.description()).startsWith("Problem started at 10:15:30");
        assertThat(problem.labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "alertname", "High CPU utilization (over 90% for 5m)",
                "host", "app-server-01",
                "trigger_id", "23456",
                "component", "cpu",
                "scope", "capacity,performance",
                "service", "billing"));
        assertThat(problem.annotations()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "event_id", "4711", "source_severity", "High"));
        assertThat(JSON.readTree(problem.raw())).isEqualTo(JSON.readTree(payload));
    }

    @Test
    void shouldMatchAZabbixRecoveryToItsProblemWhateverTheTimeFieldsAndTagEncoding() {
        Alert problem = alerts(resource("zabbix-problem.json"), null).get(0);

        Alert recovery = alerts(resource("zabbix-recovery.json"), null).get(0);

        assertThat(recovery.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(recovery.startsAt()).as("12:15:30 in Berlin").isEqualTo(problem.startsAt());
        assertThat(recovery.endsAt()).isEqualTo(Instant.parse("2024-05-01T10:42:05Z"));
        assertThat(recovery.labels()).as("tags sent as a JSON string").isEqualTo(problem.labels());
        assertThat(recovery.fingerprint()).isEqualTo(problem.fingerprint());
        assertThat(recovery.id()).isEqualTo(problem.id());
        assertThat(recovery.annotations()).containsEntry("recovery_event_id", "4790");
    }

    @Test
    void shouldMapZabbixNumericSeverityWhenTheWordIsMissing() {
        String payload = """
                {"event_id": "1", "event_name": "Disk full", "event_value": 1, "event_nseverity": 5,
                 "event_timestamp": 1714558530, "host_name": "db1", "tags": []}""";

        Alert alert = alerts(utf8(payload), null).get(0);

        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.summary()).as("event name when there is no subject").isEqualTo("Disk full");
        assertThat(alert.labels()).containsOnlyKeys("alertname", "host");
    }

    @Test
    void shouldTreatZabbixPlaceholdersAsAbsent() {
        String payload = """
                {"event_id": "9", "event_name": "Agent unreachable", "event_value": "1", "event_timestamp": "1714558530",
                 "host_name": "sw-core-02", "host_ip": "UNKNOWN", "severity": "{EVENT.SEVERITY}", "subject": "*UNKNOWN*",
                 "tags": "{EVENT.TAGSJSON}"}""";

        Alert alert = alerts(utf8(payload), null).get(0);

        assertThat(alert.hostIp()).isNull();
        assertThat(alert.severity()).as("the default").isEqualTo(Severity.WARNING);
        assertThat(alert.summary()).isEqualTo("Agent unreachable");
        assertThat(alert.labels()).containsOnlyKeys("alertname", "host");
        assertThat(alert.annotations()).doesNotContainKey("source_severity");
    }

    @Test
    void shouldParseTheGenericExampleOfAlertFormatsMd() throws Exception {
        String doc = Files.readString(Path.of("ALERT-FORMATS.md"));
        int start = doc.indexOf("```json\n") + "```json\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));

        List<Alert> fromDoc = alerts(utf8(example), null);

        assertThat(fromDoc).isEqualTo(alerts(resource("generic-single.json"), null));
    }

    @Test
    void shouldParseAGenericAlertWithItsTopLevelFieldsAddedToTheLabels() {
        Alert alert = alerts(resource("generic-single.json"), "generic").get(0);

        assertThat(alert.source()).isEqualTo("generic");
        assertThat(alert.name()).isEqualTo("BackupJobFailed");
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.severity()).isEqualTo(Severity.MAJOR);
        assertThat(alert.summary()).isEqualTo("Nightly backup of the ERP database failed");
        assertThat(alert.description()).isEqualTo("pg_dump exited with code 1: connection refused.");
        assertThat(alert.startsAt()).isEqualTo(Instant.parse("2024-05-01T02:00:12Z"));
        assertThat(alert.hostName()).isEqualTo("erp-db-01.example.net");
        assertThat(alert.hostIp()).isEqualTo("10.20.30.40");
        assertThat(alert.serviceName()).isEqualTo("erp");
        assertThat(alert.ciId()).isEqualTo("CI0042");
        assertThat(alert.labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "env", "prod", "team", "dba", "alertname", "BackupJobFailed", "host", "erp-db-01.example.net",
                "ip", "10.20.30.40", "service", "erp", "ci_id", "CI0042"));
        assertThat(alert.annotations()).containsExactly(entry("runbook_url", "https://runbooks.example.net/backup"));
    }

    @Test
    void shouldParseAnSloBurnRateAlertLikeAGenericOneWithSourceSlo() {
        Alert generic = alerts(resource("generic-single.json"), "generic").get(0);
        Alert slo = alerts(resource("generic-single.json"), "slo").get(0);

        assertThat(slo.source()).isEqualTo("slo");
        assertThat(slo).usingRecursiveComparison().ignoringFields("source").isEqualTo(generic);
    }

    @Test
    void shouldNeverDetectTheSloFormatWithoutItsHeader() {
        assertThat(alerts(resource("generic-single.json"), null).get(0).source()).isEqualTo("generic");
        assertThat(AlertFormat.fromId(" SLO ")).contains(AlertFormat.SLO);
        assertThat(AlertFormat.knownIds()).isEqualTo("alertmanager, grafana, zabbix, generic");
    }

    @Test
    void shouldNameTheSloFormatInItsRejections() {
        DeadLetter rejected = TestingPayloads.rejected(utf8("[]"), "slo");

        assertThat(rejected.source()).isEqualTo("slo");
        assertThat(rejected.reason()).isEqualTo("slo: the batch is an empty array");
    }

    @Test
    void shouldParseAGenericBatchWithDefaultsForWhatIsLeftOut() throws Exception {
        byte[] payload = resource("generic-batch.json");

        List<Alert> alerts = alerts(payload, null);

        assertThat(alerts).extracting(Alert::name).containsExactly("CertificateExpiresSoon", "QueueBacklog", "ManualCheck");
        Alert certificate = alerts.get(0);
        assertThat(certificate.startsAt()).as("no starts_at: the time it was sent").isEqualTo(SENT_AT);
        assertThat(certificate.hostName()).isEqualTo("lb-01");
        assertThat(certificate.severity()).isEqualTo(Severity.WARNING);

        Alert queue = alerts.get(1);
        assertThat(queue.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(queue.endsAt()).isEqualTo(Instant.parse("2024-05-01T09:30:00Z"));
        assertThat(queue.labels()).as("a number label is its text").containsEntry("port", "5672");
        assertThat(queue.severity()).isEqualTo(Severity.MINOR);

        Alert manual = alerts.get(2);
        assertThat(manual.status()).as("case-insensitive").isEqualTo(AlertStatus.FIRING);
        assertThat(manual.labels()).containsExactly(entry("alertname", "ManualCheck"));
        assertThat(manual.summary()).isNull();

        JsonNode third = JSON.readTree(payload).get(2);
        assertThat(JSON.readTree(manual.raw())).isEqualTo(third);
    }

    @Test
    void shouldEndAResolvedAlertThatDoesNotSayWhenAtTheTimeItWasSent() {
        String payload = """
                {"name": "Ping", "status": "resolved", "starts_at": "2024-05-01T10:00:00Z"}""";

        Alert alert = alerts(utf8(payload), null).get(0);

        assertThat(alert.endsAt()).isEqualTo(SENT_AT);
    }

    @Test
    void shouldKeepNoEndForAFiringAlertEvenIfTheSenderGivesOne() {
        String payload = """
                {"name": "Ping", "status": "firing", "starts_at": "2024-05-01T10:00:00Z",
                 "ends_at": "2024-05-01T10:05:00Z"}""";

        assertThat(alerts(utf8(payload), null).get(0).endsAt()).isNull();
    }

    @Test
    void shouldAskTheRulePacksSeverityWordsBeforeTheBuiltInOnes() {
        var settings = new ParserSettings(ParserSettings.DEFAULT_MAX_PAYLOAD_BYTES, Severity.INFO,
                SeverityWords.of(Map.of("P1", Severity.CRITICAL, "warning", Severity.MINOR)), Map.of());
        var parser = new AlertParser(settings);

        assertThat(alerts(parser, utf8("{\"name\":\"a\",\"status\":\"firing\",\"severity\":\"p1\"}"), null).get(0).severity())
                .isEqualTo(Severity.CRITICAL);
        assertThat(alerts(parser, utf8("{\"name\":\"a\",\"status\":\"firing\",\"severity\":\"Warning\"}"), null).get(0).severity())
                .as("overrides the built-in word").isEqualTo(Severity.MINOR);
        assertThat(alerts(parser, utf8("{\"name\":\"a\",\"status\":\"firing\",\"severity\":\"disaster\"}"), null).get(0).severity())
                .as("falls back to Severity.parse").isEqualTo(Severity.CRITICAL);
        assertThat(alerts(parser, utf8("{\"name\":\"a\",\"status\":\"firing\",\"severity\":\"whatever\"}"), null).get(0).severity())
                .as("falls back to the default").isEqualTo(Severity.INFO);
    }

    @Test
    void shouldLeaveOutAHostIpThatIsNotAnIpLiteral() {
        // Elasticsearch maps host.ip as type ip: a host name there would make the document fail for good.
        String payload = """
                {"name": "a", "status": "firing", "ip": "db.example.net", "labels": {"instance": "db.example.net:5432"}}""";

        Alert alert = alerts(utf8(payload), null).get(0);

        assertThat(alert.hostIp()).isNull();
        assertThat(alert.hostName()).isEqualTo("db.example.net");
        assertThat(alert.labels()).containsEntry("ip", "db.example.net");
    }

    @Test
    void shouldTakeTheHostOfABlackboxProbeUrlInstance() {
        String payload = """
                {"name": "ProbeFailure", "status": "firing", "labels": {"instance": "https://shop.example.net:8443/health"}}""";

        assertThat(alerts(utf8(payload), null).get(0).hostName()).isEqualTo("shop.example.net");
    }
}
