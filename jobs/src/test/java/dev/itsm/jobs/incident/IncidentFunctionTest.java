package dev.itsm.jobs.incident;

import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.jobs.TestingRulePacks;
import dev.itsm.core.model.Alert;
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
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.itsm.jobs.incident.TestingAlerts.at;
import static dev.itsm.jobs.incident.TestingAlerts.firing;
import static dev.itsm.jobs.incident.TestingAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class IncidentFunctionTest {
    private static final RulePack RULES = RulePackLoader.loadDefault();

    private KeyedBroadcastOperatorTestHarness<String, EnrichedAlert, RulePackRecord, Incident> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = harness(new IncidentFunction(RULES));
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /** An alert on the known CI "db01" (criticality 3) that supports the service "payments" (criticality 1). */
    private static EnrichedAlert onDb01(Alert alert) {
        return new EnrichedAlert(alert.withCiId("db01"), true, "database", 1, "dba", List.of("payments"), List.of(), "ci:db01",
                false, null, 0);
    }

    private static KeyedBroadcastOperatorTestHarness<String, EnrichedAlert, RulePackRecord, Incident> harness(IncidentFunction function)
            throws Exception {
        var harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(function, EnrichedAlert::correlationKey,
                Types.STRING, ActiveRulePack.STATE);
        harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE)); // as in the job: the rules input is idle
        return harness;
    }

    /** Entries in all keyed states, whatever the key. */
    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
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
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        send(onDb01(firing("PostgresDown", "db01", Severity.CRITICAL, 4000, 4000)));
        assertThat(last().id()).as("a new incident after closure").isNotEqualTo(id);
        assertThat(last().revision()).isEqualTo(1);
    }

    @Test
    void shouldMakeAnIncidentForAnUnknownCiMarkedSoWithTheIdentifiersItCarried() throws Exception {
        Alert alert = firing("HostDown", "mystery-42", Severity.MAJOR, 0, 0);
        send(new EnrichedAlert(alert, false, null, 0, null, List.of(), List.of(), "unknown:mystery-42", false, null, 0));

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
        assertThat(keyedStateEntries()).isZero();
    }

    // ---- topology correlation ---------------------------------------------------------------------------------------
    //
    // The estate, one region:   app-shop -runs_on-> host-1 -connected_to-> sw-core <-connected_to- host-2, host-3
    //                           svc-shop -depends_on-> app-shop        (and db-9 <-runs_on- nothing: unrelated)

    private static final String REGION = "region:app-shop";

    private static final Map<String, List<String>> UPSTREAM = Map.of(
            "sw-core", List.of(),
            "host-1", List.of("sw-core"),
            "host-2", List.of("sw-core"),
            "host-3", List.of("sw-core"),
            "app-shop", List.of("host-1", "sw-core"),
            "db-9", List.of());

    private static EnrichedAlert on(String ci, String name, Severity severity, boolean firing, long start, long sent) {
        Alert alert = firing ? firing(name, ci, severity, start, sent) : resolved(name, ci, severity, start, sent);
        int criticality = ci.startsWith("sw") ? 1 : ci.startsWith("app") ? 2 : 3;
        String group = ci.startsWith("sw") ? "network" : ci.startsWith("app") ? "app-team" : "linux";
        List<String> services = ci.equals("db-9") ? List.of() : List.of("svc-shop");
        return new EnrichedAlert(alert.withCiId(ci), true, ci.startsWith("sw") ? "switch" : "host", criticality, group, services,
                UPSTREAM.get(ci), REGION, false, null, 0);
    }

    private static EnrichedAlert fire(String ci, String name, long second) {
        return on(ci, name, Severity.MAJOR, true, second, second);
    }

    private List<AlertUpdate> alertUpdates() {
        return harness.getSideOutput(IncidentJobDescriptors.ALERT_UPDATES).stream().map(StreamRecord::getValue).toList();
    }

    private Map<String, Incident> latestById() {
        Map<String, Incident> latest = new java.util.TreeMap<>();
        output().forEach(i -> latest.put(i.id(), i));
        return latest;
    }

    @Test
    void shouldMakeOneIncidentOfASwitchFailureAndTheAlertsBehindIt() throws Exception {
        send(on("sw-core", "SwitchDown", Severity.CRITICAL, true, 0, 0));
        send(fire("host-1", "NodeUnreachable", 20));
        send(fire("host-2", "NodeUnreachable", 25));
        send(fire("host-3", "NodeUnreachable", 30));
        send(fire("app-shop", "HttpErrors", 40));

        assertThat(latestById()).hasSize(1);
        Incident incident = last();
        assertThat(incident.rootCauseCiId()).isEqualTo("sw-core");
        assertThat(incident.title()).isEqualTo("SwitchDown on sw-core (+4 more)");
        assertThat(incident.supportGroup()).as("the root cause's group").isEqualTo("network");
        assertThat(incident.alerts()).extracting(IncidentAlert::ciId, IncidentAlert::role).containsExactly(
                tuple("sw-core", AlertRole.ROOT_CAUSE), tuple("host-1", AlertRole.SYMPTOM), tuple("host-2", AlertRole.SYMPTOM),
                tuple("host-3", AlertRole.SYMPTOM), tuple("app-shop", AlertRole.SYMPTOM));
        assertThat(incident.symptomAlertIds()).hasSize(4);
        assertThat(incident.affectedCiIds()).containsExactly("sw-core", "host-1", "host-2", "host-3", "app-shop");
        assertThat(incident.impactedServices()).containsExactly("svc-shop");
        assertThat(incident.priority()).as("criticality 1: high impact; critical: high urgency").isEqualTo(Priority.P1);
        assertThat(alertUpdates()).extracting(AlertUpdate::incidentId).containsOnly(incident.id());
    }

    @Test
    void shouldKeepTwoUnrelatedFailuresAtTheSameTimeApart() throws Exception {
        send(fire("host-1", "DiskFull", 0));
        send(fire("host-2", "DiskFull", 5));   // a sibling of host-1: neither depends on the other
        send(fire("db-9", "DbDown", 10));

        assertThat(latestById()).hasSize(3);
        assertThat(latestById().values()).extracting(Incident::rootCauseCiId).containsExactlyInAnyOrder("host-1", "host-2", "db-9");
    }

    @Test
    void shouldReRootAndMergeWhenTheUpstreamCiAlertsLast() throws Exception {
        send(fire("host-1", "NodeUnreachable", 0));
        send(fire("app-shop", "HttpErrors", 10));
        send(fire("host-2", "NodeUnreachable", 20));
        assertThat(latestById()).as("host-1 with its app; host-2 alone").hasSize(2);
        String first = output().get(0).id();
        String second = latestById().keySet().stream().filter(id -> !id.equals(first)).findFirst().orElseThrow();

        send(on("sw-core", "SwitchDown", Severity.CRITICAL, true, 30, 30));

        Map<String, Incident> incidents = latestById();
        assertThat(incidents.get(second).status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(incidents.get(second).labels()).containsEntry("merged_into", first);
        Incident merged = incidents.get(first);
        assertThat(merged.status()).isEqualTo(IncidentStatus.NEW);
        assertThat(merged.rootCauseCiId()).as("re-rooted, not split").isEqualTo("sw-core");
        assertThat(merged.title()).startsWith("SwitchDown on sw-core");
        assertThat(merged.supportGroup()).as("the group follows the root cause").isEqualTo("network");
        assertThat(merged.alerts()).hasSize(4);
        assertThat(merged.alerts()).filteredOn(a -> a.role() == AlertRole.SYMPTOM).extracting(IncidentAlert::ciId)
                .containsExactlyInAnyOrder("host-1", "app-shop", "host-2");
        assertThat(merged.openedAt()).isEqualTo(at(0));

        // every alert's document now names the merged incident, with a version above the one it had
        Map<String, AlertUpdate> docs = new java.util.HashMap<>();
        Map<String, Long> versions = new java.util.HashMap<>();
        for (AlertUpdate update : alertUpdates()) {
            assertThat(update.version()).isGreaterThan(versions.getOrDefault(update.alert().id(), -1L));
            versions.put(update.alert().id(), update.version());
            docs.put(update.alert().id(), update);
        }
        assertThat(docs.values()).extracting(AlertUpdate::incidentId).containsOnly(first);
        assertThat(docs.values()).extracting(AlertUpdate::role)
                .containsExactlyInAnyOrder(AlertRole.ROOT_CAUSE, AlertRole.SYMPTOM, AlertRole.SYMPTOM, AlertRole.SYMPTOM);
    }

    @Test
    void shouldNotJoinARelatedAlertThatStartsLongAfterTheOtherEnded() throws Exception {
        send(on("sw-core", "SwitchDown", Severity.CRITICAL, true, 0, 0));
        send(on("sw-core", "SwitchDown", Severity.CRITICAL, false, 0, 60));
        // the default window is 5 min: host-1 starts 10 min after the switch recovered
        send(fire("host-1", "NodeUnreachable", 660));

        assertThat(latestById()).hasSize(2);
        send(fire("host-2", "NodeUnreachable", 330));
        assertThat(latestById()).as("within 5 min of the switch's end: joins it").hasSize(2);
        assertThat(last().rootCauseCiId()).isEqualTo("sw-core");
    }

    @Test
    void shouldNotJoinALateCauseToASymptomThatStartedLongAfterTheCauseWasSent() throws Exception {
        send(fire("app-shop", "HttpErrors", 1200));
        // host-1's alert was sent at 0 but arrives now (it was overtaken inside the job): by event time the app's
        // alert did not exist yet, so they are not one failure
        send(fire("host-1", "NodeUnreachable", 0));

        assertThat(latestById()).hasSize(2);
    }

    @Test
    void shouldLetASymptomThatOvertookItsCauseOpenTheIncidentInArrivalOrder() throws Exception {
        send(fire("host-1", "NodeUnreachable", 20));
        send(fire("host-2", "NodeUnreachable", 20));
        send(on("sw-core", "SwitchDown", Severity.CRITICAL, true, 0, 0)); // sent first, arrives last

        assertThat(latestById()).as("two incidents, merged when the cause arrived").hasSize(2);
        Incident survivor = latestById().values().stream().filter(i -> !i.labels().containsKey("merged_into")).findFirst().orElseThrow();
        assertThat(survivor.rootCauseCiId()).isEqualTo("sw-core");
        assertThat(survivor.openedAt()).as("opened by the first to arrive").isEqualTo(at(20));
    }

    @Test
    void shouldCorrelateInEventTimeOrderOnceTheWatermarkPassesWhenAskedTo() throws Exception {
        harness.close();
        harness = harness(new IncidentFunction(RULES, true));
        send(fire("host-1", "NodeUnreachable", 20));
        send(fire("host-2", "NodeUnreachable", 25));
        send(on("sw-core", "SwitchDown", Severity.CRITICAL, true, 0, 0)); // sent first, arrives last
        assertThat(output()).as("nothing before the watermark").isEmpty();

        watermark(25);

        assertThat(latestById()).as("one incident, as if they had arrived in order; nothing merged").hasSize(1);
        assertThat(last().rootCauseCiId()).isEqualTo("sw-core");
        assertThat(last().alerts()).hasSize(3);
        assertThat(output().get(0).title()).as("the switch opened it").isEqualTo("SwitchDown on sw-core");
        assertThat(last().openedAt()).isEqualTo(at(0));

        send(on("sw-core", "SwitchDown", Severity.CRITICAL, false, 0, 10)); // later than the watermark: taken next
        watermark(26);
        assertThat(last().alerts()).filteredOn(a -> a.ciId().equals("sw-core")).extracting(IncidentAlert::status)
                .containsExactly(AlertStatus.RESOLVED);
    }

    @Test
    void shouldTakeAnAlertBehindTheWatermarkWithinTheLateHoldWithoutWaitingForTheWatermarkToMoveAgain() throws Exception {
        harness.close();
        harness = harness(new IncidentFunction(RULES, true));
        send(fire("host-1", "NodeUnreachable", 20));
        watermark(30);
        assertThat(latestById()).hasSize(1);
        send(fire("host-2", "NodeUnreachable", 40)); // ahead of the watermark: waits for it

        // behind the watermark, as every burn-rate alert is (decided when the watermark passed its time), and nothing
        // moves event time after it: held for the next watermark, it waited for an input that may never come
        send(on("sw-core", "SwitchDown", Severity.CRITICAL, true, 10, 10));
        assertThat(last().alerts()).as("held for others decided with it").hasSize(1);

        harness.setProcessingTime(IncidentFunction.LATE_HOLD.toMillis());

        assertThat(last().rootCauseCiId()).as("taken after the hold, before host-2 that still waits").isEqualTo("sw-core");
        assertThat(last().alerts()).extracting(IncidentAlert::ciId).containsExactly("host-1", "sw-core");
        watermark(40);
        assertThat(latestById()).as("host-2 joins when the watermark passes it").hasSize(1);
        assertThat(last().alerts()).extracting(IncidentAlert::ciId).containsExactly("host-1", "sw-core", "host-2");
    }

    @Test
    void shouldOpenTheSameIncidentFromAlertsBehindTheWatermarkWhateverOrderTheyCameIn() throws Exception {
        List<EnrichedAlert> late = List.of(fire("host-1", "NodeUnreachable", 12), fire("host-2", "NodeUnreachable", 11),
                on("sw-core", "SwitchDown", Severity.CRITICAL, true, 10, 10));
        List<String> opened = new ArrayList<>();
        for (List<EnrichedAlert> order : List.of(late, List.of(late.get(2), late.get(1), late.get(0)),
                List.of(late.get(1), late.get(0), late.get(2)))) {
            harness.close();
            harness = harness(new IncidentFunction(RULES, true));
            send(fire("db-9", "DiskFull", 0));
            watermark(30);
            for (EnrichedAlert alert : order) {
                send(alert); // behind the watermark, in this order, within the hold
            }
            watermark(31); // the watermark moves before the hold ends: taken now
            Incident switchIncident = latestById().values().stream()
                    .filter(i -> "sw-core".equals(i.rootCauseCiId())).findFirst().orElseThrow();
            assertThat(switchIncident.alerts()).hasSize(3);
            opened.add(switchIncident.id());
        }
        assertThat(opened).as("one id, the earliest alert's, whichever came first").containsOnly(opened.get(0));
    }

    @Test
    void shouldJoinASymptomThatStartsWhileTheCauseStillFires() throws Exception {
        send(on("sw-core", "SwitchDown", Severity.CRITICAL, true, 0, 0));
        send(fire("host-1", "NodeUnreachable", 3600));

        assertThat(latestById()).hasSize(1);
    }

    @Test
    void shouldKeepAFlappingAlertsIncidentOpenUntilItCalmsDown() throws Exception {
        EnrichedAlert firing = fire("host-1", "LinkFlaps", 0);
        send(firing);
        EnrichedAlert resolvedButFlapping = withFlapping(on("host-1", "LinkFlaps", Severity.MAJOR, false, 0, 60), true);
        send(resolvedButFlapping);
        watermark(60 + 600);
        assertThat(last().status()).as("a flapping alert counts as firing").isEqualTo(IncidentStatus.NEW);
        assertThat(last().alerts()).singleElement().satisfies(a -> assertThat(a.flapping()).isTrue());

        send(withFlapping(on("host-1", "LinkFlaps", Severity.MAJOR, false, 0, 960), false)); // calm again, still resolved
        watermark(960 + 120);
        assertThat(last().status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(last().reopenCount()).isZero();
    }

    private static EnrichedAlert withFlapping(EnrichedAlert e, boolean flapping) {
        return new EnrichedAlert(e.alert(), e.ciKnown(), e.ciType(), e.criticality(), e.supportGroup(), e.services(), e.upstream(),
                e.correlationKey(), flapping, e.suppressedBy(), e.ingestedAtMillis());
    }

    @Test
    void shouldRecordASuppressedAlertWithoutAnIncident() throws Exception {
        EnrichedAlert e = fire("host-1", "NodeDown", 0);
        send(new EnrichedAlert(e.alert(), true, "host", 3, "linux", List.of(), List.of("sw-core"), REGION, false,
                "maintenance:patching", 0));

        assertThat(output()).isEmpty();
        assertThat(alertUpdates()).singleElement().satisfies(update -> {
            assertThat(update.incidentId()).isNull();
            assertThat(update.suppressedBy()).isEqualTo("maintenance:patching");
        });
        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void shouldForgetEverythingOfARegionsIncidentsOnceClosed() throws Exception {
        send(on("sw-core", "SwitchDown", Severity.CRITICAL, true, 0, 0));
        send(fire("host-1", "NodeUnreachable", 10));
        send(on("sw-core", "SwitchDown", Severity.CRITICAL, false, 0, 100));
        send(on("host-1", "NodeUnreachable", Severity.MAJOR, false, 10, 110));
        assertThat(keyedStateEntries()).isPositive();

        watermark(110 + 120);
        assertThat(last().status()).isEqualTo(IncidentStatus.RESOLVED);
        watermark(110 + 120 + 1800);
        assertThat(last().status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldMuteAnAlertThatAnInhibitRulesSourceCoversUntilTheSourceResolves() throws Exception {
        Map<String, String> files = new java.util.HashMap<>(RulePackLoader.defaultFiles());
        files.put("noise.yaml", """
                inhibit:
                  - id: switch-down-mutes-warnings
                    source-matchers: ['alertname=SwitchDown']
                    target-matchers: ['severity=warning']
                """);
        harness.close();
        harness = harness(new IncidentFunction(RulePackLoader.parse(files)));

        send(on("sw-core", "SwitchDown", Severity.CRITICAL, true, 0, 0));
        send(on("db-9", "SlowQueries", Severity.WARNING, true, 10, 10));
        assertThat(latestById()).as("the warning makes no incident").hasSize(1);
        assertThat(alertUpdates().get(1).suppressedBy()).startsWith("inhibited:switch-down-mutes-warnings:");

        send(on("sw-core", "SwitchDown", Severity.CRITICAL, false, 0, 100));
        assertThat(latestById()).as("released when its source resolved, it still fires").hasSize(2);
        assertThat(last().rootCauseCiId()).isEqualTo("db-9");
        List<AlertUpdate> db9 = alertUpdates().stream().filter(u -> "db-9".equals(u.alert().ciId())).toList();
        assertThat(db9).hasSize(2);
        assertThat(db9.get(1).incidentId()).isEqualTo(last().id());
        assertThat(db9.get(1).suppressedBy()).isNull();
        assertThat(db9.get(1).version()).as("a newer document than the muted one").isGreaterThan(db9.get(0).version());
    }

    @Test
    void shouldPrioritiseWithAPublishedPackFromTheMomentItArrivesAndLeaveOpenIncidentsAsTheyWere() throws Exception {
        send(onDb01(firing("PostgresDown", "db01", Severity.CRITICAL, 0, 0)));
        Incident before = last();
        RulePackRecord stricter = TestingRulePacks.defaultWithMatrix("2026.11.2", """
                  high:   { high: P2, medium: P3, low: P4 }
                  medium: { high: P3, medium: P4, low: P5 }
                  low:    { high: P4, medium: P5, low: P5 }
                """);

        harness.processBroadcastElement(stricter, 0);
        int emitted = output().size();
        EnrichedAlert onDb02 = new EnrichedAlert(firing("PostgresDown", "db02", Severity.CRITICAL, 10, 10).withCiId("db02"), true,
                "database", 1, "dba", List.of("payments"), List.of(), "ci:db02", false, null, 0);
        send(onDb02);
        Incident after = last();

        assertThat(before.priority()).isEqualTo(Priority.P1);
        assertThat(before.rulePackVersion()).isEqualTo(RULES.lineage());
        assertThat(emitted).as("a new pack alone changes no incident").isEqualTo(1);
        assertThat(after.id()).isNotEqualTo(before.id());
        assertThat(after.priority()).isEqualTo(Priority.P2);
        assertThat(after.rulePackVersion()).isEqualTo(stricter.lineage()).startsWith("default@2026.11.2#");

        // the old incident is prioritised again, with the new pack, when one of its alerts changes
        send(onDb01(firing("DiskFull", "db01", Severity.CRITICAL, 20, 20)));
        assertThat(last().id()).isEqualTo(before.id());
        assertThat(last()).extracting(Incident::priority, Incident::rulePackVersion).containsExactly(Priority.P2, stricter.lineage());
    }

    @Test
    void shouldKeepThePackInBroadcastStateAndIgnoreTheSamePackAgain() throws Exception {
        RulePackRecord same = TestingRulePacks.defaultWith();
        harness.processBroadcastElement(same, 0);
        send(onDb01(firing("PostgresDown", "db01", Severity.CRITICAL, 0, 0)));

        assertThat(same.lineage()).isEqualTo(RULES.lineage());
        assertThat(last().rulePackVersion()).isEqualTo(RULES.lineage());
        assertThat(harness.getBroadcastState(ActiveRulePack.STATE).immutableEntries()).singleElement()
                .satisfies(entry -> assertThat(entry.getValue()).isEqualTo(same));
    }

    @Test
    void shouldDecideReopenOrNewByEventTimeEvenWhenTheWatermarkLags() throws Exception {
        send(onDb01(firing("PostgresDown", "db01", Severity.CRITICAL, 0, 0)));
        send(onDb01(resolved("PostgresDown", "db01", Severity.CRITICAL, 0, 60)));
        String first = last().id();
        // no watermark at all (a lull): the alert comes back after the resolve hold and the reopen window
        send(onDb01(firing("PostgresDown", "db01", Severity.CRITICAL, 60 + 120 + 1800 + 10, 60 + 120 + 1800 + 10)));

        assertThat(output()).extracting(Incident::status).containsExactly(IncidentStatus.NEW, IncidentStatus.NEW,
                IncidentStatus.RESOLVED, IncidentStatus.CLOSED, IncidentStatus.NEW);
        assertThat(output().get(2).resolvedAt()).isEqualTo(at(180));
        assertThat(last().id()).as("a new incident, not a reopen").isNotEqualTo(first);
    }
}
