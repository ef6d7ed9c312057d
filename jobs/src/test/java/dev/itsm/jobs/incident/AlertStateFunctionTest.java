package dev.itsm.jobs.incident;

import dev.itsm.connectors.cmdb.CmdbChange;
import dev.itsm.connectors.cmdb.CmdbSnapshot;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.Relation;
import dev.itsm.core.model.RelationType;
import dev.itsm.core.model.Severity;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.types.Either;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.jobs.TestingRulePacks;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.itsm.jobs.incident.TestingAlerts.at;
import static dev.itsm.jobs.incident.TestingAlerts.firing;
import static dev.itsm.jobs.incident.TestingAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

class AlertStateFunctionTest {
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

    private KeyedBroadcastOperatorTestHarness<String, Alert, Either<CmdbChange, RulePackRecord>, EnrichedAlert> harness;

    @BeforeEach
    void setUp() throws Exception {
        // the default pack: re-occurrence 5 min, lateness 5 min, retention 1 h; flapping: more than 4 changes in 30 min
        start(RulePackLoader.loadDefault());
    }

    private void start(RulePack rules) throws Exception {
        if (harness != null) {
            harness.close();
        }
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new AlertStateFunction(rules, ESTATE),
                Alert::fingerprint, Types.STRING, AlertStateFunction.CHANGES, ActiveRulePack.STATE);
    }

    /** The default pack with some of its files replaced. */
    private static RulePack pack(String file, String yaml) {
        Map<String, String> files = new HashMap<>(RulePackLoader.defaultFiles());
        files.put(file, yaml);
        return RulePackLoader.parse(files);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /** Entries in all keyed states: occurrence, correlation key, state changes, timers, suppression. */
    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private void send(Alert alert) throws Exception {
        harness.processElement(new StreamRecord<>(alert, alert.timestamp().toEpochMilli()));
    }

    /** Event time moves on both inputs (in the job, the CMDB input is idle and does not hold it back). */
    private void watermark(long second) throws Exception {
        harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
        harness.processWatermark(new Watermark(at(second).toEpochMilli()));
    }

    private List<EnrichedAlert> enriched() {
        return harness.extractOutputValues();
    }

    private List<Alert> output() {
        return enriched().stream().map(EnrichedAlert::alert).toList();
    }

    private EnrichedAlert last() {
        List<EnrichedAlert> out = enriched();
        return out.get(out.size() - 1);
    }

    @Test
    void shouldEmitAnOccurrenceOnceAndOnlyCountItsRepeats() throws Exception {
        send(firing("HostDown", "db01", Severity.CRITICAL, 0, 0));
        send(firing("HostDown", "db01", Severity.CRITICAL, 0, 60));
        send(firing("HostDown", "db01", Severity.CRITICAL, 0, 120));

        assertThat(output()).hasSize(1);
        assertThat(output().get(0).revision()).isEqualTo(1);
        assertThat(output().get(0).count()).isEqualTo(1);

        send(resolved("HostDown", "db01", Severity.CRITICAL, 0, 180));
        Alert closed = output().get(1);
        assertThat(closed.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(closed.count()).as("the repeats were counted").isEqualTo(3);
        assertThat(closed.revision()).isEqualTo(2);
        assertThat(closed.endsAt()).isEqualTo(at(180));
        assertThat(closed.id()).isEqualTo(output().get(0).id());
    }

    @Test
    void shouldEmitARepeatWhoseSeverityChanged() throws Exception {
        send(firing("DiskFull", "app01", Severity.WARNING, 0, 0));
        send(firing("DiskFull", "app01", Severity.CRITICAL, 0, 60));

        assertThat(output()).extracting(Alert::severity, Alert::revision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Severity.WARNING, 1L), org.assertj.core.groups.Tuple.tuple(Severity.CRITICAL, 2L));
    }

    @Test
    void shouldReopenTheSameOccurrenceWhenItFiresAgainWithinTheReoccurrenceInterval() throws Exception {
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 0));
        send(resolved("DiskFull", "app01", Severity.MAJOR, 0, 60));
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 120));

        Alert reopened = output().get(2);
        assertThat(reopened.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(reopened.id()).isEqualTo(output().get(0).id());
        assertThat(reopened.revision()).isEqualTo(3);
        assertThat(reopened.endsAt()).isNull();
    }

    @Test
    void shouldNotReopenAnOccurrenceForARepeatSentBeforeTheResolveThatOvertookIt() throws Exception {
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 0));
        send(resolved("DiskFull", "app01", Severity.MAJOR, 0, 120));
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 60));

        assertThat(output()).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    }

    @Test
    void shouldStartANewOccurrenceWhenItFiresAgainAfterTheReoccurrenceInterval() throws Exception {
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 0));
        send(resolved("DiskFull", "app01", Severity.MAJOR, 0, 60));
        send(firing("DiskFull", "app01", Severity.MAJOR, 600, 600));

        Alert second = output().get(2);
        assertThat(second.id()).isNotEqualTo(output().get(0).id());
        assertThat(second.revision()).isEqualTo(1);
        assertThat(second.count()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreADuplicateResolveAndAResolveOfAnUnknownAlert() throws Exception {
        send(resolved("Ghost", "web01", Severity.MINOR, 0, 10));
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 0));
        send(resolved("DiskFull", "app01", Severity.MAJOR, 0, 60));
        send(resolved("DiskFull", "app01", Severity.MAJOR, 0, 70));

        assertThat(output()).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(keyedStateEntries()).as("nothing kept for the unknown resolve: occurrence, key, changes, clear timer")
                .isEqualTo(4);
    }

    @Test
    void shouldNeverSendABurnRateAlertToTheLateOutput() throws Exception {
        watermark(3600);
        Alert external = firing("SloErrorBudgetBurn", "svc-shop", Severity.CRITICAL, 0, 600);
        Alert burnRate = new Alert(external.id(), external.fingerprint(), "slo", external.name(), external.status(),
                external.severity(), external.summary(), null, external.labels(), Map.of(), external.startsAt(), null,
                external.timestamp(), null, null, "svc-shop", "svc-shop", 1, "{}", 0);
        send(burnRate);

        assertThat(harness.getSideOutput(IncidentJobDescriptors.LATE_ALERTS)).isNullOrEmpty();
        assertThat(output()).extracting(Alert::source).containsExactly("slo");
    }

    @Test
    void shouldSendAlertsOlderThanTheAllowedLatenessToTheLateOutput() throws Exception {
        watermark(3600);
        Alert late = firing("HostDown", "db01", Severity.CRITICAL, 0, 3600 - 301);
        Alert inTime = firing("HostDown", "db02", Severity.CRITICAL, 0, 3600 - 299);
        send(late);
        send(inTime);

        assertThat(harness.getSideOutput(IncidentJobDescriptors.LATE_ALERTS)).extracting(StreamRecord::getValue).containsExactly(late);
        assertThat(output()).extracting(Alert::hostName).containsExactly("db02");
    }

    @Test
    void shouldClearTheStateOfAClosedOccurrenceAfterTheRetention() throws Exception {
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 0));
        send(resolved("DiskFull", "app01", Severity.MAJOR, 0, 60));
        assertThat(keyedStateEntries()).isEqualTo(4);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        watermark(60 + 3599);
        assertThat(keyedStateEntries()).isEqualTo(4);

        watermark(60 + 3600);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldCancelTheClearTimerWhenAResolvedOccurrenceFiresAgain() throws Exception {
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 0));
        send(resolved("DiskFull", "app01", Severity.MAJOR, 0, 60));
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 90));

        assertThat(harness.numEventTimeTimers()).isZero();
        watermark(10_000);
        assertThat(keyedStateEntries()).as("a firing occurrence is kept: occurrence, key, changes").isEqualTo(3);
    }

    // ---- the CMDB lookup ------------------------------------------------------------------------------------------

    @Test
    void shouldFindTheCiByHostNameAndTakeTheCriticalityOfTheServicesItSupports() throws Exception {
        send(firing("NodeDown", "db01.fra1.example.com:9100", Severity.CRITICAL, 0, 0));

        EnrichedAlert enriched = last();
        assertThat(enriched.ciKnown()).isTrue();
        assertThat(enriched.alert().ciId()).isEqualTo("host-db01");
        assertThat(enriched.services()).containsExactly("svc-payments");
        assertThat(enriched.criticality()).as("the payments service is more critical than the host").isEqualTo(1);
        assertThat(enriched.supportGroup()).isEqualTo("linux-ops");
        assertThat(enriched.upstream()).isEmpty();
        assertThat(enriched.correlationKey()).as("the region of db01: named by its smallest CI id").isEqualTo("region:host-db01");
    }

    @Test
    void shouldListTheCisUpstreamOfTheAlertsCi() throws Exception {
        Alert alert = firing("PostgresDown", "ignored", Severity.CRITICAL, 0, 0);
        send(new Alert(alert.id(), alert.fingerprint(), alert.source(), alert.name(), alert.status(), alert.severity(), alert.summary(),
                null, alert.labels(), Map.of(), alert.startsAt(), null, alert.timestamp(), null, null, null, "pg-primary", 1, null, 0));

        assertThat(last().alert().ciId()).isEqualTo("pg-primary");
        assertThat(last().upstream()).containsExactly("host-db01");
        assertThat(last().correlationKey()).isEqualTo("region:host-db01");
    }

    @Test
    void shouldKeyAnAlertOfAnUnknownCiByTheIdentifierItCarried() throws Exception {
        send(firing("NodeDown", "Build-Agent-07", Severity.MAJOR, 0, 0));

        assertThat(last().ciKnown()).isFalse();
        assertThat(last().correlationKey()).isEqualTo("unknown:build-agent-07");
        assertThat(last().services()).isEmpty();
    }

    @Test
    void shouldKeyByCiWhenTopologyCorrelationIsOff() throws Exception {
        start(pack("correlation.yaml", "group-by: [team]\ntopology:\n  max-hops: 0\n"));
        send(firing("NodeDown", "db01.fra1.example.com", Severity.CRITICAL, 0, 0));

        assertThat(last().correlationKey()).isEqualTo("ci:host-db01|team=");
        assertThat(last().upstream()).isEmpty();
    }

    @Test
    void shouldKeyNewOccurrencesWithAPublishedPackAndKeepTheKeyOfOpenOnes() throws Exception {
        send(firing("NodeDown", "db01.fra1.example.com", Severity.CRITICAL, 0, 0));
        String before = last().correlationKey();

        harness.processBroadcastElement(new StreamRecord<>(Either.Right(TestingRulePacks.defaultWith(
                "correlation.yaml", "group-by: [team]\ntopology:\n  max-hops: 0\n")), 0));
        send(firing("DiskFull", "db01.fra1.example.com", Severity.MAJOR, 10, 10));
        send(resolved("NodeDown", "db01.fra1.example.com", Severity.CRITICAL, 0, 20));

        assertThat(before).startsWith("region:");
        assertThat(enriched()).extracting(e -> e.alert().name(), EnrichedAlert::correlationKey).containsExactly(
                org.assertj.core.groups.Tuple.tuple("NodeDown", before),
                org.assertj.core.groups.Tuple.tuple("DiskFull", "ci:host-db01|team="),
                org.assertj.core.groups.Tuple.tuple("NodeDown", before));
        assertThat(harness.getBroadcastState(ActiveRulePack.STATE).immutableEntries()).hasSize(1);
    }

    @Test
    void shouldRunThePackFromBroadcastStateAfterARestore() throws Exception {
        harness.processBroadcastElement(new StreamRecord<>(Either.Right(TestingRulePacks.defaultWith(
                "correlation.yaml", "topology:\n  max-hops: 0\n")), 0));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        // restarted with the default pack (max-hops 4): the published pack from state wins
        harness = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
                new AlertStateFunction(RulePackLoader.loadDefault(), ESTATE), List.of(AlertStateFunction.CHANGES, ActiveRulePack.STATE)),
                Alert::fingerprint, Types.STRING, 1, 1, 0);
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        send(firing("NodeDown", "db01.fra1.example.com", Severity.CRITICAL, 0, 0));

        assertThat(last().correlationKey()).isEqualTo("ci:host-db01");
    }

    @Test
    void shouldApplyCmdbChangesFromTheTopicToLaterAlertsAndKeepThemInBroadcastState() throws Exception {
        send(firing("NodeDown", "web01", Severity.MAJOR, 0, 0));
        assertThat(last().ciKnown()).isFalse();

        harness.processBroadcastElement(new StreamRecord<>(Either.Left(CmdbChange.upsert(ci("host-web01", "host", 2, "linux-ops", null, "web01"))), 0));
        send(firing("DiskFull", "web01", Severity.MAJOR, 10, 10));
        assertThat(last().ciKnown()).isTrue();
        assertThat(last().alert().ciId()).isEqualTo("host-web01");

        harness.processBroadcastElement(new StreamRecord<>(Either.Left(CmdbChange.deleteItem("host-db01")), 0));
        send(firing("NodeDown", "db01.fra1.example.com", Severity.MAJOR, 20, 20));
        assertThat(last().ciKnown()).isFalse();

        assertThat(harness.getBroadcastState(AlertStateFunction.CHANGES).immutableEntries()).hasSize(2);
    }

    @Test
    void shouldApplyARelationAddedOnTheTopicToTheTopologyOfLaterAlerts() throws Exception {
        send(firing("NodeDown", "web01", Severity.MAJOR, 0, 0));
        harness.processBroadcastElement(new StreamRecord<>(Either.Left(CmdbChange.upsert(ci("host-web01", "host", 2, "linux-ops", null, "web01"))), 0));
        harness.processBroadcastElement(new StreamRecord<>(Either.Left(CmdbChange.upsert(
                Relation.of("host-web01", RelationType.CONNECTED_TO, "host-db01", T, 1))), 0));

        send(firing("DiskFull", "web01", Severity.MAJOR, 10, 10));
        assertThat(last().upstream()).containsExactly("host-db01");
        assertThat(last().correlationKey()).as("web01 joined db01's region").isEqualTo("region:host-db01");

        harness.processBroadcastElement(new StreamRecord<>(Either.Left(CmdbChange.deleteRelation(
                Relation.idOf("host-web01", RelationType.CONNECTED_TO, "host-db01"))), 0));
        send(firing("HighLoad", "web01", Severity.MAJOR, 20, 20));
        assertThat(last().upstream()).isEmpty();
        assertThat(last().correlationKey()).isEqualTo("region:host-web01");
    }

    @Test
    void shouldKeepEnrichingThroughARelationCycleARelationToACiNotYetKnownAndDeletesOfUnknownOnes() throws Exception {
        // the topic's checks take these (only what a record says is checked, not what it refers to): a cycle
        // (pg-primary runs on host-db01, which now depends on it) and a self relation
        cmdb(CmdbChange.upsert(Relation.of("host-db01", RelationType.DEPENDS_ON, "pg-primary", T, 1)));
        cmdb(CmdbChange.upsert(Relation.of("pg-primary", RelationType.DEPENDS_ON, "pg-primary", T, 1)));
        // a relation to a switch the CMDB does not know yet, and deletes of a CI and a relation it never knew
        cmdb(CmdbChange.upsert(Relation.of("host-db01", RelationType.CONNECTED_TO, "sw-fra1", T, 1)));
        cmdb(CmdbChange.deleteItem("host-nobody"));
        cmdb(CmdbChange.deleteRelation("no-such-relation"));

        send(firing("NodeDown", "db01.fra1.example.com", Severity.CRITICAL, 0, 0));
        assertThat(last().alert().ciId()).isEqualTo("host-db01");
        assertThat(last().supportGroup()).isEqualTo("linux-ops");
        assertThat(last().services()).containsExactly("svc-payments");
        assertThat(last().criticality()).isEqualTo(1);
        assertThat(last().upstream()).as("bounded and cycle-safe; the unknown switch included").containsExactly("pg-primary", "sw-fra1");
        assertThat(last().correlationKey()).as("named by a CI the CMDB knows").isEqualTo("region:host-db01");

        // the switch arrives: the relation kept meanwhile puts it in db01's region
        cmdb(CmdbChange.upsert(ci("sw-fra1", "switch", 2, "network", null, "sw-fra1")));
        send(firing("SwitchDown", "sw-fra1", Severity.CRITICAL, 10, 10));
        assertThat(last().ciKnown()).isTrue();
        assertThat(last().supportGroup()).isEqualTo("network");
        assertThat(last().correlationKey()).isEqualTo("region:host-db01");
    }

    private void cmdb(CmdbChange change) throws Exception {
        harness.processBroadcastElement(new StreamRecord<>(Either.Left(change), 0));
    }

    @Test
    void shouldKeepAnOccurrencesCorrelationKeyWhenTheCmdbChangesUnderIt() throws Exception {
        send(firing("NodeDown", "web01", Severity.MAJOR, 0, 0));
        harness.processBroadcastElement(new StreamRecord<>(Either.Left(CmdbChange.upsert(ci("host-web01", "host", 2, "linux-ops", null, "web01"))), 0));
        send(resolved("NodeDown", "web01", Severity.MAJOR, 0, 60));

        assertThat(last().alert().status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(last().ciKnown()).as("the lookup is fresh").isTrue();
        assertThat(last().correlationKey()).as("but the resolve goes where the occurrence's incident is").isEqualTo("unknown:web01");
    }

    // ---- flapping -------------------------------------------------------------------------------------------------

    @Test
    void shouldMarkAnAlertFlappingAfterTooManyChangesAndClearItAfterAQuietPeriod() throws Exception {
        // the default pack: more than 4 changes within 30 min is flapping; 15 min without a change clears it
        send(firing("LinkFlaps", "db01.fra1.example.com", Severity.MAJOR, 0, 0));      // 1
        send(resolved("LinkFlaps", "db01.fra1.example.com", Severity.MAJOR, 0, 60));   // 2
        send(firing("LinkFlaps", "db01.fra1.example.com", Severity.MAJOR, 0, 120));    // 3
        send(resolved("LinkFlaps", "db01.fra1.example.com", Severity.MAJOR, 0, 180));  // 4
        assertThat(enriched()).extracting(EnrichedAlert::flapping).containsOnly(false);

        send(firing("LinkFlaps", "db01.fra1.example.com", Severity.MAJOR, 0, 240));    // 5: flapping
        send(resolved("LinkFlaps", "db01.fra1.example.com", Severity.MAJOR, 0, 300));
        assertThat(last().flapping()).isTrue();
        assertThat(last().active()).as("a flapping alert counts as firing, even resolved").isTrue();

        watermark(300 + 899);
        assertThat(enriched()).hasSize(6);
        watermark(300 + 900);
        assertThat(enriched()).hasSize(7);
        assertThat(last().flapping()).isFalse();
        assertThat(last().alert().status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(last().alert().revision()).as("the calm-down is a new revision").isEqualTo(7);
        assertThat(last().alert().timestamp()).as("as of the moment it calmed down").isEqualTo(at(300 + 900));
        assertThat(last().active()).isFalse();
    }

    @Test
    void shouldRestartTheQuietPeriodOnEveryChangeWhileFlapping() throws Exception {
        for (int i = 0; i < 5; i++) {
            send(i % 2 == 0 ? firing("LinkFlaps", "app01", Severity.MAJOR, 0, i * 60L) : resolved("LinkFlaps", "app01", Severity.MAJOR, 0, i * 60L));
        }
        assertThat(last().flapping()).isTrue();
        send(resolved("LinkFlaps", "app01", Severity.MAJOR, 0, 800)); // a change 10 min later restarts the 15 min
        watermark(240 + 900);
        assertThat(last().flapping()).isTrue();
        watermark(800 + 900);
        assertThat(last().flapping()).isFalse();
    }

    @Test
    void shouldCalmAFlappingAlertDownBeforeALaterNotificationEvenWithoutWatermark() throws Exception {
        for (int i = 0; i < 5; i++) {
            send(i % 2 == 0 ? firing("LinkFlaps", "app01", Severity.MAJOR, 0, i * 60L) : resolved("LinkFlaps", "app01", Severity.MAJOR, 0, i * 60L));
        }
        assertThat(last().flapping()).isTrue();
        // 20 min later, a repeat of the still firing alert: it calmed down at 240 + 900, and says so first
        send(firing("LinkFlaps", "app01", Severity.MAJOR, 0, 240 + 1200));

        assertThat(last().flapping()).isFalse();
        assertThat(last().alert().timestamp()).isEqualTo(at(240 + 900));
        assertThat(harness.numEventTimeTimers()).as("the quiet timer is gone").isZero();
    }

    @Test
    void shouldNotDetectFlappingWhenTheChangesAreSpreadOverMoreThanTheWindow() throws Exception {
        for (int i = 0; i < 8; i++) {
            long second = i * 600L; // one change every 10 min: at most 3 in any 30 min
            send(i % 2 == 0 ? firing("Slow", "app01", Severity.MAJOR, 0, second) : resolved("Slow", "app01", Severity.MAJOR, 0, second));
        }
        assertThat(enriched()).extracting(EnrichedAlert::flapping).containsOnly(false);
    }

    // ---- maintenance windows and silences ---------------------------------------------------------------------------

    private static final String DB01_REBOOT = """
            maintenance-windows:
              - id: db01-reboot
                comment: planned kernel update
                cis: [host-db01]
                schedule:
                  start: 2026-01-15T09:00:00Z
                  end: 2026-01-15T09:30:00Z
            silences: []
            """;

    @Test
    void shouldMarkAnOccurrenceThatOpensInAMaintenanceWindowSuppressedAndStillSendItsResolve() throws Exception {
        start(pack("maintenance.yaml", DB01_REBOOT));
        send(firing("NodeDown", "db01.fra1.example.com", Severity.CRITICAL, 60, 60));
        assertThat(last().suppressedBy()).isEqualTo("maintenance:db01-reboot");

        send(resolved("NodeDown", "db01.fra1.example.com", Severity.CRITICAL, 60, 600));
        assertThat(last().alert().status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(last().suppressedBy()).as("its resolve still flows, marked").isEqualTo("maintenance:db01-reboot");

        send(firing("NodeDown", "web01", Severity.CRITICAL, 60, 60));
        assertThat(last().suppressedBy()).as("another CI is not in the window").isNull();
    }

    @Test
    void shouldReleaseAnAlertStillFiringWhenItsWindowEnds() throws Exception {
        start(pack("maintenance.yaml", DB01_REBOOT));
        send(firing("NodeDown", "db01.fra1.example.com", Severity.CRITICAL, 60, 60));
        send(firing("NodeDown", "db01.fra1.example.com", Severity.CRITICAL, 60, 1700));
        assertThat(enriched()).hasSize(1);

        watermark(1799);
        assertThat(enriched()).hasSize(1);
        watermark(1800);
        assertThat(enriched()).hasSize(2);
        assertThat(last().suppressedBy()).isNull();
        assertThat(last().alert().status()).isEqualTo(AlertStatus.FIRING);
        assertThat(last().alert().revision()).isEqualTo(2);
        assertThat(last().alert().timestamp()).as("released as of the window's end").isEqualTo(at(1800));
    }

    @Test
    void shouldSuppressByTheServicesAndLabelsAnAlertCarries() throws Exception {
        start(pack("maintenance.yaml", """
                maintenance-windows:
                  - id: payments-release
                    services: [svc-payments]
                    schedule:
                      start: 2026-01-15T09:00:00Z
                      end: 2026-01-15T10:00:00Z
                silences:
                  - id: noisy-check
                    matchers: ['alertname=NtpDrift']
                    starts-at: 2026-01-15T09:00:00Z
                    ends-at: 2026-01-15T09:10:00Z
                    comment: known NTP issue
                """));
        send(firing("NodeDown", "db01.fra1.example.com", Severity.CRITICAL, 0, 0));
        assertThat(last().suppressedBy()).as("db01 supports payments").isEqualTo("maintenance:payments-release");
        send(firing("NtpDrift", "web01", Severity.WARNING, 0, 0));
        assertThat(last().suppressedBy()).isEqualTo("silence:noisy-check");
        send(firing("NtpDrift", "web01.other", Severity.WARNING, 700, 700));
        assertThat(last().suppressedBy()).as("after the silence ended").isNull();
    }
}
