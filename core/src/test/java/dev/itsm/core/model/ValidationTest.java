package dev.itsm.core.model;

import static dev.itsm.core.model.TestingRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationTest {

    @Test
    void shouldRejectAnAlertWithoutIdNamingRecordAndComponent() {
        Alert a = TestingRecords.alert();

        assertThatThrownBy(() -> new Alert(null, a.fingerprint(), a.source(), a.name(), a.status(), a.severity(),
                a.summary(), a.description(), a.labels(), a.annotations(), a.startsAt(), a.endsAt(), a.timestamp(),
                a.hostName(), a.hostIp(), a.serviceName(), a.ciId(), a.count(), a.raw(), a.revision()))
                .isInstanceOf(NullPointerException.class).hasMessage("Alert id must not be null");
    }

    @Test
    void shouldRejectNullIdsOfEveryEntity() {
        assertThatThrownBy(() -> new ConfigItem(null, "host", null, null, 3, null, null, null, null, T0, 0))
                .hasMessage("ConfigItem id must not be null");
        assertThatThrownBy(() -> new Relation(null, RelationType.RUNS_ON, "a", "b", T0, 0))
                .hasMessage("Relation id must not be null");
        assertThatThrownBy(() -> new Incident(null, 0, "t", IncidentStatus.NEW, Priority.P3, Impact.LOW,
                Urgency.LOW, null, null, null, null, null, null, null, T0, null, null, T0, 0, null, "v1", null, null, null))
                .hasMessage("Incident id must not be null");
        assertThatThrownBy(() -> new Problem(null, 0, "t", ProblemStatus.NEW, "p", "s", null, null, T0, T0, 1, null,
                "v1", T0, null))
                .hasMessage("Problem id must not be null");
        assertThatThrownBy(() -> new SlaStatus(null, "inc-1", SlaKind.RESPONSE, "p", Priority.P1, SlaState.RUNNING,
                1, 0, 1, 0, T0, null, null, null, 0, "v1", T0))
                .hasMessage("SlaStatus id must not be null");
        assertThatThrownBy(() -> new SloStatus(null, "slo", "svc", "30d", 1, 1, 0.99, 1, 0, 1, 1, 0, false, null,
                0, "v1", T0))
                .hasMessage("SloStatus id must not be null");
    }

    @Test
    void shouldRejectABlankId() {
        assertThatThrownBy(() -> Relation.of(" ", RelationType.RUNS_ON, "b", T0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Relation source must not be blank");
        assertThatThrownBy(() -> new Relation("  ", RelationType.RUNS_ON, "a", "b", T0, 0))
                .hasMessage("Relation id must not be blank");
    }

    @Test
    void shouldRejectANegativeRevision() {
        assertThatThrownBy(() -> TestingRecords.incident().withRevision(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Incident revision must be >= 0, was -1");
    }

    @Test
    void shouldRejectAnAlertSeenZeroTimes() {
        assertThatThrownBy(() -> TestingRecords.alert().withCount(0)).hasMessage("Alert count must be >= 1, was 0");
    }

    @Test
    void shouldTurnNullCollectionsIntoEmptyOnes() {
        Incident incident = new Incident("inc-1", 0, "t", IncidentStatus.NEW, Priority.P3, Impact.LOW, Urgency.LOW,
                null, null, null, null, null, null, null, T0, null, null, T0, 0, null, "v1", null, null, null);

        assertThat(incident.alertIds()).isEmpty();
        assertThat(incident.symptomAlertIds()).isEmpty();
        assertThat(incident.labels()).isEmpty();
    }

    @Test
    void shouldCopyCollectionsSoTheCallerCannotChangeARecord() {
        List<String> identifiers = new ArrayList<>(List.of("db-01"));
        Map<String, String> labels = new HashMap<>(Map.of("env", "prod"));
        ConfigItem ci = new ConfigItem("ci-1", "host", "db-01", identifiers, 3, null, null, null, labels, T0, 0);

        identifiers.add("other");
        labels.put("env", "test");

        assertThat(ci.identifiers()).containsExactly("db-01");
        assertThat(ci.labels()).containsEntry("env", "prod");
        assertThatThrownBy(() -> ci.identifiers().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRejectNullElementsInCollectionsNamingWhere() {
        Map<String, String> labels = new HashMap<>();
        labels.put("env", null);

        assertThatThrownBy(() -> new ConfigItem("ci-1", "host", null, Arrays.asList("a", null), 3, null, null, null,
                null, T0, 0))
                .hasMessage("ConfigItem identifiers must not contain null (index 1)");
        assertThatThrownBy(() -> new ConfigItem("ci-1", "host", null, null, 3, null, null, null, labels, T0, 0))
                .hasMessage("ConfigItem labels must not contain a null value (key 'env')");
    }

    @Test
    void shouldRejectACriticalityOutsideOneToFive() {
        assertThatThrownBy(() -> new ConfigItem("ci-1", "host", null, null, 0, null, null, null, null, T0, 0))
                .hasMessage("ConfigItem criticality must be 1..5, was 0");
    }

    @Test
    void shouldRejectAnSlaStatusWhoseIdIsNotIncidentAndKind() {
        assertThatThrownBy(() -> new SlaStatus("inc-1", "inc-1", SlaKind.RESPONSE, "p", Priority.P1, SlaState.RUNNING,
                1, 0, 1, 0, T0, null, null, null, 0, "v1", T0))
                .hasMessage("SlaStatus id must be 'inc-1:response' (incidentId:kind), was 'inc-1'");
    }

    @Test
    void shouldRejectAnSloObjectiveThatLeavesNoErrorBudget() {
        assertThatThrownBy(() -> new SloStatus("svc:30d", "slo", "svc", "30d", 1, 1, 1.0, 1, 0, 1, 1, 0, false,
                null, 0, "v1", T0))
                .hasMessage("SloStatus objective must be > 0 and < 1, was 1.0");
    }

    @Test
    void shouldRejectAnSloStatusWithMoreBadSlicesThanSlices() {
        assertThatThrownBy(() -> new SloStatus("svc:30d", "slo", "svc", "30d", 1, 1, 0.99, 10, 11, 1, 1, 0, false,
                null, 0, "v1", T0))
                .hasMessage("SloStatus needs 0 <= slicesBad <= slicesTotal and slicesTotal > 0, was 11 of 10");
    }

    @Test
    void shouldRejectABurnRateWhoseShortWindowIsNotShorter() {
        assertThatThrownBy(() -> new BurnRate("5m/1h", 300_000, 3_600_000, 1, 1, 14.4, false, Severity.CRITICAL))
                .hasMessage("BurnRate 5m/1h needs 0 < shortWindowMillis < longWindowMillis, was 3600000 and 300000");
    }

    @Test
    void shouldChangeOnlyTheNamedComponentInWithMethods() {
        Alert alert = TestingRecords.alert();

        assertThat(alert.withRevision(9)).usingRecursiveComparison().ignoringFields("revision").isEqualTo(alert);
        assertThat(alert.withRevision(9).revision()).isEqualTo(9);
        assertThat(alert.withCiId("ci-x").ciId()).isEqualTo("ci-x");
        assertThat(TestingRecords.incident().withProblemId("prb-9").problemId()).isEqualTo("prb-9");
        assertThat(TestingRecords.sloStatus().withRevision(10).burnRates())
                .isEqualTo(TestingRecords.sloStatus().burnRates());
    }
}
