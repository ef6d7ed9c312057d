package dev.itsm.jobs.incident;

import dev.itsm.connectors.cmdb.CmdbChange;
import dev.itsm.connectors.cmdb.CmdbSnapshot;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.Relation;
import dev.itsm.core.model.RelationType;
import dev.itsm.core.model.Severity;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.itsm.jobs.incident.TestingAlerts.firing;
import static org.assertj.core.api.Assertions.assertThat;

class CmdbEnrichmentFunctionTest {
    private static final Instant T = Instant.parse("2026-01-15T08:00:00Z");

    private static ConfigItem ci(String id, String type, int criticality, String group, String service, String... identifiers) {
        return new ConfigItem(id, type, id, List.of(identifiers), criticality, group, "fra1", service, Map.of(), T, 1);
    }

    /** db01 (criticality 3) runs the database that the payments service (criticality 1) depends on. */
    private static final CmdbSnapshot ESTATE = new CmdbSnapshot(
            List.of(ci("host-db01", "host", 3, "linux-ops", null, "db01.fra1.example.com", "10.20.1.51"),
                    ci("pg-primary", "database", 2, "dba", null),
                    ci("svc-payments", "business_service", 1, "app-payments", null, "payments")),
            List.of(Relation.of("pg-primary", RelationType.RUNS_ON, "host-db01", T, 1),
                    Relation.of("svc-payments", RelationType.DEPENDS_ON, "pg-primary", T, 1)));

    private BroadcastOperatorTestHarness<Alert, CmdbChange, EnrichedAlert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                new CmdbEnrichmentFunction(ESTATE, RulePackLoader.loadDefault()), CmdbEnrichmentFunction.CHANGES);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private EnrichedAlert enrich(Alert alert) throws Exception {
        int before = harness.extractOutputValues().size();
        harness.processElement(new StreamRecord<>(alert, alert.timestamp().toEpochMilli()));
        List<EnrichedAlert> out = harness.extractOutputValues();
        assertThat(out).hasSize(before + 1);
        return out.get(out.size() - 1);
    }

    @Test
    void shouldFindTheCiByHostNameAndTakeTheCriticalityOfTheServicesItSupports() throws Exception {
        EnrichedAlert enriched = enrich(firing("NodeDown", "db01.fra1.example.com:9100", Severity.CRITICAL, 0, 0));

        assertThat(enriched.ciKnown()).isTrue();
        assertThat(enriched.alert().ciId()).isEqualTo("host-db01");
        assertThat(enriched.services()).containsExactly("svc-payments");
        assertThat(enriched.criticality()).as("the payments service is more critical than the host").isEqualTo(1);
        assertThat(enriched.supportGroup()).isEqualTo("linux-ops");
        assertThat(enriched.correlationKey()).isEqualTo("ci:host-db01");
    }

    @Test
    void shouldKeyAnAlertOfAnUnknownCiByTheIdentifierItCarried() throws Exception {
        EnrichedAlert enriched = enrich(firing("NodeDown", "Build-Agent-07", Severity.MAJOR, 0, 0));

        assertThat(enriched.ciKnown()).isFalse();
        assertThat(enriched.correlationKey()).isEqualTo("unknown:build-agent-07");
        assertThat(enriched.services()).isEmpty();
    }

    @Test
    void shouldApplyCmdbChangesFromTheTopicToLaterAlertsAndKeepThemInBroadcastState() throws Exception {
        assertThat(enrich(firing("NodeDown", "web01", Severity.MAJOR, 0, 0)).ciKnown()).isFalse();

        harness.processBroadcastElement(new StreamRecord<>(CmdbChange.upsert(ci("host-web01", "host", 2, "linux-ops", null, "web01")), 0));
        EnrichedAlert afterUpsert = enrich(firing("NodeDown", "web01", Severity.MAJOR, 0, 10));
        assertThat(afterUpsert.ciKnown()).isTrue();
        assertThat(afterUpsert.alert().ciId()).isEqualTo("host-web01");

        harness.processBroadcastElement(new StreamRecord<>(CmdbChange.deleteItem("host-db01"), 0));
        assertThat(enrich(firing("NodeDown", "db01.fra1.example.com", Severity.MAJOR, 0, 20)).ciKnown()).isFalse();

        assertThat(harness.getBroadcastState(CmdbEnrichmentFunction.CHANGES).immutableEntries()).hasSize(2);
    }
}
