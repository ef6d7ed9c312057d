package dev.itsm.jobs.problem;

import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAlert;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.jobs.TestingRulePacks;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.itsm.jobs.problem.TestingIncidents.hours;
import static dev.itsm.jobs.problem.TestingIncidents.next;
import static dev.itsm.jobs.problem.TestingIncidents.opened;
import static dev.itsm.jobs.problem.TestingIncidents.withoutRootCause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SignatureFunctionTest {
    private static final String BY_GROUP = """
            patterns:
              - id: by-group
                kind: recurrence
                signature: [support_group]
                min-incidents: 2
                window: 1h
            """;

    /** The candidates the function makes of one incident change, with {@code rules} as its start-up pack. */
    private static List<ProblemCandidate> candidates(RulePack rules, Incident incident) throws Exception {
        try (var harness = harness(rules)) {
            return send(harness, incident);
        }
    }

    private static BroadcastOperatorTestHarness<Incident, RulePackRecord, ProblemCandidate> harness(RulePack rules)
            throws Exception {
        return ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new SignatureFunction(rules), ActiveRulePack.STATE);
    }

    /** The candidates of one more incident change. */
    private static List<ProblemCandidate> send(BroadcastOperatorTestHarness<Incident, RulePackRecord, ProblemCandidate> harness,
                                               Incident incident) throws Exception {
        int before = harness.extractOutputValues().size();
        harness.processElement(new StreamRecord<>(incident, incident.updated().toEpochMilli()));
        List<ProblemCandidate> all = harness.extractOutputValues();
        return all.subList(before, all.size());
    }

    @Test
    void shouldMakeOneCandidatePerPatternAndOnePerImpactedServiceForServiceImpact() throws Exception {
        Incident incident = next(opened("inc-1", "db01", "PostgresDown", hours(0), "payments", "shop"), hours(1),
                IncidentStatus.NEW, 2);

        assertThat(candidates(RulePackLoader.loadDefault(), incident))
                .extracting(ProblemCandidate::key, ProblemCandidate::subject, ProblemCandidate::rootCauseCiId,
                        ProblemCandidate::service)
                .containsExactly(
                        tuple("recurring-failure|root_cause_ci=db01, alert_name=PostgresDown", "PostgresDown on db01",
                                "db01", null),
                        tuple("daily-failure|root_cause_ci=db01, alert_name=PostgresDown", "PostgresDown on db01",
                                "db01", null),
                        tuple("service-repeatedly-impacted|service=payments", "payments", null, "payments"),
                        tuple("service-repeatedly-impacted|service=shop", "shop", null, "shop"),
                        tuple("chronic-flapping|root_cause_ci=db01, alert_name=PostgresDown", "PostgresDown on db01",
                                "db01", null));
        assertThat(candidates(RulePackLoader.loadDefault(), incident).get(0)).isEqualTo(new ProblemCandidate(
                "recurring-failure", "root_cause_ci=db01, alert_name=PostgresDown", "PostgresDown on db01", "db01", null,
                "inc-1", 2, hours(0), hours(1), IncidentStatus.NEW, 2));
    }

    @Test
    void shouldNotCountAnIncidentOfBurnRateAlertsAsAnotherImpactOnItsService() throws Exception {
        Incident external = opened("inc-1", "svc-shop", "SloErrorBudgetBurn", hours(0), "svc-shop");
        IncidentAlert a = external.alerts().get(0);
        IncidentAlert burn = new IncidentAlert(a.id(), a.fingerprint(), a.name(), "slo", a.ciId(), a.ciKnown(), null, null,
                "svc-shop", a.severity(), a.status(), a.role(), a.startsAt(), null, a.labels(), false);
        Incident burnRate = new Incident(external.id(), 1, external.title(), external.status(), external.priority(),
                external.impact(), external.urgency(), external.rootCauseCiId(), burn.id(), List.of(burn.id()), List.of(),
                external.affectedCiIds(), external.impactedServices(), "shop-team", external.openedAt(), null, null,
                external.updated(), 0, null, external.rulePackVersion(), Map.of(), List.of(burn), "slo:svc-shop");

        assertThat(candidates(RulePackLoader.loadDefault(), external)).extracting(ProblemCandidate::key)
                .contains("service-repeatedly-impacted|service=svc-shop");
        assertThat(candidates(RulePackLoader.loadDefault(), burnRate)).extracting(ProblemCandidate::key)
                .as("its recurrence still counts").contains("recurring-failure|root_cause_ci=svc-shop, alert_name=SloErrorBudgetBurn")
                .doesNotContain("service-repeatedly-impacted|service=svc-shop");
    }

    @Test
    void shouldSkipAPatternWhoseSignatureFieldsTheIncidentLacks() throws Exception {
        Incident unknown = withoutRootCause(opened("inc-1", "db01", "PostgresDown", hours(0), "payments"));

        assertThat(candidates(RulePackLoader.loadDefault(), unknown)).extracting(ProblemCandidate::key)
                .containsExactly("service-repeatedly-impacted|service=payments");
    }

    @Test
    void shouldReadGroupPriorityAndTheRootCauseAlertsLabels() throws Exception {
        RulePack rules = pack("""
                patterns:
                  - id: by-team
                    kind: recurrence
                    signature: [support_group, priority, label:team]
                    min-incidents: 2
                    window: 1h
                  - id: by-owner
                    kind: recurrence
                    signature: [alert_name, label:owner]
                    min-incidents: 2
                    window: 1h
                """);

        assertThat(candidates(rules, opened("inc-1", "db01", "PostgresDown", hours(0))))
                .extracting(ProblemCandidate::signature, ProblemCandidate::subject)
                .as("no owner label: no candidate for by-owner")
                .containsExactly(tuple("support_group=dba, priority=P2, label:team=dba", "group dba, P2, team=dba"));
    }

    @Test
    void shouldEscapeSeparatorsInValuesSoThatDifferentValuesNeverReadTheSame() {
        var values = new java.util.LinkedHashMap<String, String>();
        values.put("root_cause_ci", "a, alert_name=b");
        values.put("alert_name", "c\\");

        assertThat(SignatureFunction.signature(values)).isEqualTo("root_cause_ci=a\\, alert_name\\=b, alert_name=c\\\\");
    }

    @Test
    void shouldMakeTheCandidatesOfAPublishedPacksPatternsFromTheMomentItArrives() throws Exception {
        Incident incident = opened("inc-1", "db01", "PostgresDown", hours(0));
        RulePackRecord byGroup = TestingRulePacks.defaultWith("pack.yaml", "name: default\nversion: 2026.11.2\n",
                "problems.yaml", BY_GROUP);
        try (var harness = harness(RulePackLoader.loadDefault())) {
            assertThat(send(harness, incident)).extracting(ProblemCandidate::patternId)
                    .containsExactly("recurring-failure", "daily-failure", "chronic-flapping");

            harness.processBroadcastElement(byGroup, 0);

            assertThat(send(harness, next(incident, hours(1), IncidentStatus.RESOLVED, 0)))
                    .extracting(ProblemCandidate::key).containsExactly("by-group|support_group=dba");
            assertThat(harness.getBroadcastState(ActiveRulePack.STATE).immutableEntries()).singleElement()
                    .satisfies(entry -> assertThat(entry.getValue()).isEqualTo(byGroup));
        }
    }

    private static RulePack pack(String problemsYaml) {
        Map<String, String> files = new TreeMap<>(RulePackLoader.defaultFiles());
        files.put("problems.yaml", problemsYaml);
        return RulePackLoader.parse(files);
    }
}
