package dev.itsm.jobs.incident;

import dev.itsm.core.model.Alert;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Severity;
import dev.itsm.core.model.Urgency;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.itsm.jobs.incident.TestingAlerts.at;
import static dev.itsm.jobs.incident.TestingAlerts.firing;
import static dev.itsm.jobs.incident.TestingAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

class IncidentFunctionTest {
    private static final RulePack RULES = RulePackLoader.loadDefault();

    private KeyedOneInputStreamOperatorTestHarness<String, EnrichedAlert, Incident> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new IncidentFunction(RULES), EnrichedAlert::correlationKey, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /** An alert on the known CI "db01" (criticality 3) that supports the service "payments" (criticality 1). */
    private static EnrichedAlert onDb01(Alert alert) {
        return new EnrichedAlert(alert.withCiId("db01"), true, "database", 1, "dba", List.of("payments"), "ci:db01", 0);
    }

    private void send(EnrichedAlert alert) throws Exception {
        harness.processElement(new StreamRecord<>(alert, alert.alert().timestamp().toEpochMilli()));
    }

    private void watermark(long second) throws Exception {
        harness.processWatermark(new Watermark(at(second).toEpochMilli()));
    }

    private List<Incident> output() {
        return harness.extractOutputValues();
    }

    private Incident last() {
        List<Incident> out = output();
        return out.get(out.size() - 1);
    }

    @Test
    void shouldOpenAPrioritisedIncidentRoutedToTheCisGroupOnTheFirstFiringAlert() throws Exception {
        send(onDb01(firing("PostgresDown", "db01", Severity.CRITICAL, 0, 0)));

        Incident incident = last();
        assertThat(incident.status()).isEqualTo(IncidentStatus.NEW);
        assertThat(incident.revision()).isEqualTo(1);
        assertThat(incident.impact()).isEqualTo(Impact.HIGH);
        assertThat(incident.urgency()).isEqualTo(Urgency.HIGH);
        assertThat(incident.priority()).isEqualTo(Priority.P1);
        assertThat(incident.supportGroup()).isEqualTo("dba");
        assertThat(incident.title()).isEqualTo("PostgresDown on db01");
        assertThat(incident.impactedServices()).containsExactly("payments");
        assertThat(incident.openedAt()).isEqualTo(at(0));
        assertThat(incident.rulePackVersion()).isEqualTo(RULES.lineage());
        assertThat(harness.getSideOutput(IncidentJobDescriptors.ALERT_UPDATES)).singleElement()
                .satisfies(update -> assertThat(update.getValue().incidentId()).isEqualTo(incident.id()));
    }

    @Test
    void shouldAddLaterAlertsOfTheSameKeyToTheSameIncident() throws Exception {
        send(onDb01(firing("DiskAlmostFull", "db01", Severity.WARNING, 0, 0)));
        send(onDb01(firing("PostgresDown", "db01", Severity.CRITICAL, 30, 30)));

        Incident incident = last();
        assertThat(output()).extracting(Incident::id).containsOnly(incident.id());
        assertThat(incident.revision()).isEqualTo(2);
        assertThat(incident.alertIds()).hasSize(2);
        assertThat(incident.title()).isEqualTo("PostgresDown on db01 (+1 more)");
        assertThat(incident.urgency()).as("the most severe firing alert decides").isEqualTo(Urgency.HIGH);
    }

    @Test
    void shouldResolveOnlyAfterAllAlertsResolvedAndTheHoldTimePassed() throws Exception {
        send(onDb01(firing("PostgresDown", "db01", Severity.CRITICAL, 0, 0)));
        send(onDb01(firing("DiskAlmostFull", "db01", Severity.WARNING, 10, 10)));
        send(onDb01(resolved("PostgresDown", "db01", Severity.CRITICAL, 0, 100)));
        assertThat(harness.numEventTimeTimers()).as("one alert still fires").isZero();

        send(onDb01(resolved("DiskAlmostFull", "db01", Severity.WARNING, 10, 200)));
        watermark(200 + 119);
        assertThat(last().status()).isEqualTo(IncidentStatus.NEW);

        watermark(200 + 120);
        assertThat(last().status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(last().resolvedAt()).isEqualTo(at(320));
        assertThat(last().revision()).isEqualTo(5);
    }

    @Test
    void shouldReopenAResolvedIncidentWhenAnAlertReturnsWithinTheReopenWindow() throws Exception {
        send(onDb01(firing("PostgresDown", "db01", Severity.CRITICAL, 0, 0)));
        send(onDb01(resolved("PostgresDown", "db01", Severity.CRITICAL, 0, 60)));
        watermark(180);
        String id = last().id();

        send(onDb01(firing("PostgresDown", "db01", Severity.CRITICAL, 600, 600)));

        assertThat(last().id()).isEqualTo(id);
        assertThat(last().status()).isEqualTo(IncidentStatus.NEW);
        assertThat(last().reopenCount()).isEqualTo(1);
        assertThat(last().resolvedAt()).isNull();
        assertThat(last().alertIds()).hasSize(2);
    }

    @Test
    void shouldCloseAndForgetTheIncidentWhenTheReopenWindowPasses() throws Exception {
        send(onDb01(firing("PostgresDown", "db01", Severity.CRITICAL, 0, 0)));
        send(onDb01(resolved("PostgresDown", "db01", Severity.CRITICAL, 0, 60)));
        watermark(180);
        String id = last().id();

        watermark(180 + 30 * 60);

        assertThat(last().status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        send(onDb01(firing("PostgresDown", "db01", Severity.CRITICAL, 4000, 4000)));
        assertThat(last().id()).as("a new incident after closure").isNotEqualTo(id);
        assertThat(last().revision()).isEqualTo(1);
    }

    @Test
    void shouldMakeAnIncidentForAnUnknownCiMarkedSoWithTheIdentifiersItCarried() throws Exception {
        Alert alert = firing("HostDown", "mystery-42", Severity.MAJOR, 0, 0);
        send(new EnrichedAlert(alert, false, null, 0, null, List.of(), "unknown:mystery-42", 0));

        Incident incident = last();
        assertThat(incident.impact()).isEqualTo(RULES.impactUnknownCi());
        assertThat(incident.priority()).isEqualTo(RULES.priority(RULES.impactUnknownCi(), Urgency.HIGH));
        assertThat(incident.labels()).containsEntry("ci_unknown", "true");
        assertThat(incident.supportGroup()).isEqualTo("noc");
        assertThat(incident.alerts()).singleElement().satisfies(a -> {
            assertThat(a.ciKnown()).isFalse();
            assertThat(a.hostName()).isEqualTo("mystery-42");
            assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
        });
    }

    @Test
    void shouldRecordAResolveForAnIncidentAlreadyForgottenWithoutOpeningOne() throws Exception {
        send(onDb01(resolved("PostgresDown", "db01", Severity.CRITICAL, 0, 60)));

        assertThat(output()).isEmpty();
        assertThat(harness.getSideOutput(IncidentJobDescriptors.ALERT_UPDATES)).singleElement()
                .satisfies(update -> assertThat(update.getValue().incidentId()).isNull());
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
