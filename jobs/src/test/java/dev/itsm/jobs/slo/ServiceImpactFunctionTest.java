package dev.itsm.jobs.slo;

import dev.itsm.jobs.IncidentFacts;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.core.model.AlertRole;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAlert;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Severity;
import dev.itsm.core.model.Urgency;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Which services an incident makes unavailable, with the default pack: P2 or higher counts for every service with an
 * SLO (the demo's three and the "*" default); svc-customer-login also counts high impact.
 */
class ServiceImpactFunctionTest {
    static final RulePack RULES = RulePackLoader.loadDefault();
    static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

    private KeyedBroadcastOperatorTestHarness<String, IncidentFacts, RulePackRecord, ServiceImpact> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new ServiceImpactFunction(RULES), IncidentFacts::id,
                Types.STRING, ActiveRulePack.STATE);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /** An incident's revision at {@code T0 + minutes}, with alerts of these sources (alertmanager when none). */
    static Incident incident(String id, long revision, double minutes, IncidentStatus status, Priority priority,
                             Impact impact, List<String> services, String... sources) {
        Instant at = T0.plusMillis(Math.round(minutes * 60_000));
        var alerts = new java.util.ArrayList<IncidentAlert>();
        for (String source : sources.length == 0 ? new String[] {"alertmanager"} : sources) {
            alerts.add(new IncidentAlert("a-" + alerts.size(), "fp-" + alerts.size(), "HostDown", source, "web01", true,
                    "web01", null, null, Severity.CRITICAL, AlertStatus.FIRING, AlertRole.ROOT_CAUSE, T0, null,
                    Map.of(), false));
        }
        return new Incident(id, revision, "HostDown on web01", status, priority, impact, Urgency.HIGH, "web01",
                "a-0", alerts.stream().map(IncidentAlert::id).toList(), List.of(), List.of("web01"), services, "noc",
                T0, null, status == IncidentStatus.RESOLVED ? at : null, at, 0, null, "default@1#abc", Map.of(),
                alerts, "region:web01");
    }

    private void send(Incident incident) throws Exception {
        harness.processElement(new StreamRecord<>(IncidentFacts.of(incident), incident.updated().toEpochMilli()));
    }

    private List<ServiceImpact> output() {
        return harness.extractOutputValues();
    }

    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    @Test
    void shouldStartAndStopImpactingAsThePriorityCrossesTheConfiguredOne() throws Exception {
        List<String> shop = List.of("svc-online-shop");
        send(incident("inc-1", 1, 0, IncidentStatus.NEW, Priority.P3, Impact.HIGH, shop));
        assertThat(output()).isEmpty();

        send(incident("inc-1", 2, 5, IncidentStatus.NEW, Priority.P2, Impact.HIGH, shop));
        send(incident("inc-1", 3, 6, IncidentStatus.ACKNOWLEDGED, Priority.P1, Impact.HIGH, shop));
        send(incident("inc-1", 4, 9, IncidentStatus.ACKNOWLEDGED, Priority.P4, Impact.HIGH, shop));

        assertThat(output()).containsExactly(
                new ServiceImpact("svc-online-shop", "inc-1", true, T0.plusSeconds(300)),
                new ServiceImpact("svc-online-shop", "inc-1", false, T0.plusSeconds(540)));
    }

    @Test
    void shouldStopImpactingEveryServiceWhenTheIncidentResolves() throws Exception {
        send(incident("inc-1", 1, 0, IncidentStatus.NEW, Priority.P1, Impact.LOW,
                List.of("svc-online-shop", "svc-payments")));
        send(incident("inc-1", 2, 10, IncidentStatus.RESOLVED, Priority.P1, Impact.LOW,
                List.of("svc-online-shop", "svc-payments")));

        assertThat(output()).extracting(ServiceImpact::service, ServiceImpact::impacting, ServiceImpact::at)
                .containsExactly(tuple("svc-online-shop", true, T0), tuple("svc-payments", true, T0),
                        tuple("svc-online-shop", false, T0.plusSeconds(600)),
                        tuple("svc-payments", false, T0.plusSeconds(600)));
    }

    @Test
    void shouldFollowServicesAddedAndRemovedWithThePerServiceCondition() throws Exception {
        // P3 with high impact: only svc-customer-login's SLO counts high impact
        send(incident("inc-1", 1, 0, IncidentStatus.NEW, Priority.P3, Impact.HIGH,
                List.of("svc-online-shop", "svc-customer-login")));
        send(incident("inc-1", 2, 1, IncidentStatus.NEW, Priority.P2, Impact.HIGH,
                List.of("svc-online-shop", "svc-customer-login")));
        send(incident("inc-1", 3, 2, IncidentStatus.NEW, Priority.P2, Impact.HIGH,
                List.of("svc-payments", "svc-intranet")));

        assertThat(output()).extracting(ServiceImpact::service, ServiceImpact::impacting).containsExactly(
                tuple("svc-customer-login", true),
                tuple("svc-online-shop", true),
                tuple("svc-online-shop", false), tuple("svc-customer-login", false),
                tuple("svc-payments", true), tuple("svc-intranet", true));
    }

    @Test
    void shouldNeverCountAnIncidentMadeOnlyOfBurnRateAlerts() throws Exception {
        List<String> shop = List.of("svc-online-shop");
        send(incident("inc-slo", 1, 0, IncidentStatus.NEW, Priority.P1, Impact.HIGH, shop, "slo"));
        send(incident("inc-mixed", 1, 0, IncidentStatus.NEW, Priority.P1, Impact.HIGH, shop, "slo", "zabbix"));

        assertThat(output()).extracting(ServiceImpact::incidentId).containsExactly("inc-mixed");
    }

    @Test
    void shouldStopImpactingWhenTheLastRealAlertResolvesEvenIfABurnRateAlertStillFires() throws Exception {
        List<String> shop = List.of("svc-online-shop");
        Incident open = incident("inc-1", 1, 0, IncidentStatus.NEW, Priority.P1, Impact.HIGH, shop, "zabbix", "slo");
        send(open);
        // the zabbix alert resolved at T0+4m; the incident stays open (resolve hold, and its burn-rate alert fires)
        List<IncidentAlert> alerts = List.of(resolved(open.alerts().get(0)), open.alerts().get(1));
        Instant at = T0.plus(Duration.ofMinutes(4));
        send(new Incident("inc-1", 2, open.title(), IncidentStatus.NEW, open.priority(), open.impact(), open.urgency(),
                open.rootCauseCiId(), open.rootCauseAlertId(), open.alertIds(), open.symptomAlertIds(),
                open.affectedCiIds(), shop, open.supportGroup(), open.openedAt(), null, null, at, 0, null,
                open.rulePackVersion(), Map.of(), alerts, open.correlationKey()));
        // and it fires again at T0+5m: a real outage again
        Instant again = T0.plus(Duration.ofMinutes(5));
        send(new Incident("inc-1", 3, open.title(), IncidentStatus.NEW, open.priority(), open.impact(), open.urgency(),
                open.rootCauseCiId(), open.rootCauseAlertId(), open.alertIds(), open.symptomAlertIds(),
                open.affectedCiIds(), shop, open.supportGroup(), open.openedAt(), null, null, again, 0, null,
                open.rulePackVersion(), Map.of(), open.alerts(), open.correlationKey()));

        assertThat(output()).extracting(ServiceImpact::impacting, ServiceImpact::at)
                .containsExactly(tuple(true, T0), tuple(false, at), tuple(true, again));
    }

    private static IncidentAlert resolved(IncidentAlert a) {
        return new IncidentAlert(a.id(), a.fingerprint(), a.name(), a.source(), a.ciId(), a.ciKnown(), a.hostName(),
                a.hostIp(), a.serviceName(), a.severity(), AlertStatus.RESOLVED, a.role(), a.startsAt(), a.endsAt(),
                a.labels(), a.flapping());
    }

    @Test
    void shouldEmitTheSameImpactsPerIncidentWhateverTheInterleavingOfIncidentsAndTheWatermarks() throws Exception {
        List<String> both = List.of("svc-online-shop", "svc-payments");
        List<Incident> first = List.of(
                incident("inc-1", 1, 0, IncidentStatus.NEW, Priority.P1, Impact.HIGH, List.of("svc-online-shop")),
                incident("inc-1", 2, 3, IncidentStatus.NEW, Priority.P1, Impact.HIGH, both),
                incident("inc-1", 3, 7, IncidentStatus.RESOLVED, Priority.P1, Impact.HIGH, both));
        List<Incident> second = List.of(
                incident("inc-2", 1, 3, IncidentStatus.NEW, Priority.P2, Impact.HIGH, List.of("svc-payments")),
                incident("inc-2", 2, 7, IncidentStatus.CLOSED, Priority.P2, Impact.HIGH, List.of("svc-payments")));
        // one incident after the other, the watermark just behind each change
        for (Incident incident : first) {
            send(incident);
            harness.processWatermark(incident.updated().toEpochMilli() - 1);
        }
        for (Incident incident : second) {
            send(incident);
        }
        List<ServiceImpact> sequential = output();
        harness.close();

        // interleaved the other way round, without a watermark at all
        setUp();
        send(second.get(0));
        send(first.get(0));
        send(first.get(1));
        send(second.get(1));
        send(first.get(2));
        List<ServiceImpact> interleaved = output();

        for (String incident : List.of("inc-1", "inc-2")) {
            assertThat(interleaved).filteredOn(i -> i.incidentId().equals(incident))
                    .containsExactlyElementsOf(sequential.stream().filter(i -> i.incidentId().equals(incident)).toList());
        }
        assertThat(sequential).hasSize(6);
    }

    @Test
    void shouldIgnoreRevisionsNotNewerThanSeenAndClearItsStateWhenTheIncidentCloses() throws Exception {
        List<String> shop = List.of("svc-online-shop");
        send(incident("inc-1", 2, 0, IncidentStatus.NEW, Priority.P1, Impact.HIGH, shop));
        send(incident("inc-1", 1, 1, IncidentStatus.RESOLVED, Priority.P1, Impact.HIGH, shop));
        send(incident("inc-1", 2, 1, IncidentStatus.RESOLVED, Priority.P1, Impact.HIGH, shop));
        assertThat(output()).hasSize(1);
        assertThat(keyedStateEntries()).isEqualTo(1);

        send(incident("inc-1", 3, 20, IncidentStatus.CLOSED, Priority.P1, Impact.HIGH, shop));

        assertThat(output()).extracting(ServiceImpact::impacting, ServiceImpact::at)
                .containsExactly(tuple(true, T0), tuple(false, T0.plusSeconds(1200)));
        assertThat(keyedStateEntries()).isZero();
    }
}
