package dev.itsm.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.core.model.Impact;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Severity;
import dev.itsm.core.model.Urgency;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultRulePackTest {
    private final RulePack pack = RulePackLoader.loadDefault();

    @Test
    void shouldLoadTheDefaultPackFromTheClassPathWithItsNameVersionAndLineage() {
        assertThat(pack.name()).isEqualTo("default");
        assertThat(pack.version()).isEqualTo("2026.11.1");
        assertThat(pack.description()).startsWith("The default rules shipped with itsm");
        assertThat(pack.lineage()).matches("default@2026\\.11\\.1#[0-9a-f]{12}");
    }

    @Test
    void shouldNameEveryRuleOfTheDefaultPackByItsId() {
        assertThat(pack.ruleIds()).containsOnlyKeys(RuleKind.values());
        assertThat(pack.ruleIds().get(RuleKind.ROUTE)).isEmpty();
        assertThat(pack.ruleIds().get(RuleKind.PROBLEM_PATTERN)).containsExactly("recurring-failure",
                "daily-failure", "service-repeatedly-impacted", "chronic-flapping");
        assertThat(pack.ruleIds().get(RuleKind.SLA_POLICY)).containsExactly("p1", "p2", "p3", "p4", "p5");
        assertThat(pack.ruleIds().get(RuleKind.SLO)).containsExactly("online-shop-availability",
                "payments-availability", "customer-login-availability", "default");
        assertThat(pack.ruleIds().get(RuleKind.BURN_RATE_ALERT))
                .containsExactly("fast-burn", "medium-burn", "slow-burn");
        assertThat(RuleKind.SLA_POLICY.count(1)).isEqualTo("1 SLA policy");
        assertThat(RuleKind.SLA_POLICY.count(5)).isEqualTo("5 SLA policies");
    }

    @Test
    void shouldShipExactlyTheFilesOfThePackFolder() {
        // the jar's resources come from rules/pack/ (Maven runs tests in the module's folder)
        assertThat(RulePackLoader.defaultFiles()).isEqualTo(RulePackLoader.readFiles(Path.of("pack")));
        assertThat(RulePackLoader.defaultFiles()).containsOnlyKeys(RulePackLoader.FILES);
        assertThat(RulePackLoader.load(Path.of("pack"))).isEqualTo(pack);
    }

    @ParameterizedTest(name = "impact {0} x urgency {1} -> {2}")
    @CsvSource({
        "HIGH, HIGH, P1", "HIGH, MEDIUM, P2", "HIGH, LOW, P3",
        "MEDIUM, HIGH, P2", "MEDIUM, MEDIUM, P3", "MEDIUM, LOW, P4",
        "LOW, HIGH, P3", "LOW, MEDIUM, P4", "LOW, LOW, P5"})
    void shouldGiveTheItilMatrixCell(Impact impact, Urgency urgency, Priority priority) {
        assertThat(pack.priority(impact, urgency)).isEqualTo(priority);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"CRITICAL, HIGH", "MAJOR, HIGH", "MINOR, MEDIUM", "WARNING, MEDIUM", "INFO, LOW"})
    void shouldDeriveUrgencyFromSeverity(Severity severity, Urgency urgency) {
        assertThat(pack.urgency(severity)).isEqualTo(urgency);
    }

    @ParameterizedTest(name = "criticality {0} -> {1}")
    @CsvSource({"1, HIGH", "2, HIGH", "3, MEDIUM", "4, LOW", "5, LOW"})
    void shouldDeriveImpactFromCriticality(int criticality, Impact impact) {
        assertThat(pack.impact(criticality)).isEqualTo(impact);
    }

    @Test
    void shouldGiveMediumImpactWhenTheConfigurationItemIsUnknown() {
        assertThat(pack.impactUnknownCi()).isEqualTo(Impact.MEDIUM);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6, -1})
    void shouldRejectACriticalityOutsideOneToFive(int criticality) {
        assertThatThrownBy(() -> pack.impact(criticality))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("criticality must be 1..5, was " + criticality);
    }

    @Test
    void shouldHaveTheDocumentedClocks() {
        assertThat(pack.reoccurrenceInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(pack.resolveHold()).isEqualTo(Duration.ofMinutes(2));
        assertThat(pack.reopenWindow()).isEqualTo(Duration.ofMinutes(30));
        assertThat(pack.outOfOrderness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(pack.allowedLateness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(pack.closedAlertRetention()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldIdentifyAlertsByAllLabelsExceptZabbixByHostAndTriggerAndGroupByConfigurationItemOnly() {
        for (String source : RulePack.SOURCES) {
            if (!source.equals("zabbix")) {
                assertThat(pack.identifyingLabels(source)).as(source).isEmpty();
            }
        }
        assertThat(pack.identifyingLabels("zabbix")).containsExactly("host", "trigger_id");
        assertThat(pack.identifyingLabels("nagios")).isEmpty();
        assertThat(pack.groupBy()).isEmpty();
    }

    @Test
    void shouldRouteToTheConfigurationItemsGroupOrElseTheNoc() {
        assertThat(pack.route(Map.of("team", "db"), "database", "payments")).isEmpty();
        assertThat(pack.defaultSupportGroup()).isEqualTo("noc");
        assertThat(pack.supportGroup(Map.of(), "host", null, "unix")).isEqualTo("unix");
        assertThat(pack.supportGroup(Map.of(), null, null, null)).isEqualTo("noc");
        assertThat(pack.supportGroup(Map.of(), "host", null, " ")).isEqualTo("noc");
    }

    @Test
    void shouldAcceptPayloadsUpToOneMebibyte() {
        assertThat(pack.maxPayloadBytes()).isEqualTo(1024 * 1024);
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource({
        "disaster, CRITICAL", "high, MAJOR", "average, MINOR", "Warning, WARNING", "information, INFO",
        "not classified, INFO", "Not-Classified, INFO", "crit, CRITICAL", "sev2, MAJOR", "' error ', MAJOR"})
    void shouldMapSourceWordsToSeverities(String word, Severity severity) {
        assertThat(pack.severity(word)).contains(severity);
        assertThat(pack.severityOrDefault(word)).isEqualTo(severity);
    }

    @Test
    void shouldFallBackToWarningForAMissingOrUnknownSeverity() {
        assertThat(pack.defaultSeverity()).isEqualTo(Severity.WARNING);
        assertThat(pack.severity("catastrophic")).isEmpty();
        assertThat(pack.severity(null)).isEmpty();
        assertThat(pack.severity(" ")).isEmpty();
        assertThat(pack.severityOrDefault("catastrophic")).isEqualTo(Severity.WARNING);
        assertThat(pack.severityOrDefault(null)).isEqualTo(Severity.WARNING);
    }

    @Test
    void shouldListTheZabbixWordsAsAliases() {
        assertThat(pack.severityAliases()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "disaster", Severity.CRITICAL, "high", Severity.MAJOR, "average", Severity.MINOR,
                "warning", Severity.WARNING, "information", Severity.INFO, "not_classified", Severity.INFO));
    }

    @Test
    void shouldCorrelateByTopologyUpToFourHopsWithinFifteenMinutesStoppingAtBusinessServices() {
        assertThat(pack.maxHops()).isEqualTo(4);
        assertThat(pack.correlationWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(pack.regionBoundaryTypes()).containsExactly("business_service");
    }

    @Test
    void shouldMarkAnAlertFlappingAfterMoreThanFourChangesInThirtyMinutesWithoutInhibitRules() {
        assertThat(pack.flapping()).isEqualTo(new Flapping(4, Duration.ofMinutes(30), Duration.ofMinutes(15)));
        assertThat(pack.flapping().enabled()).isTrue();
        assertThat(pack.inhibitRules()).isEmpty();
    }

    @Test
    void shouldHaveNoMaintenanceWindowsOrSilences() {
        assertThat(pack.hasSuppressions()).isFalse();
    }

    @Test
    void shouldFindProblemsByRecurrencePeriodicityServiceImpactAndChronicFlappingResolvingAfterAQuietWeek() {
        assertThat(pack.problemQuietPeriod()).isEqualTo(Duration.ofDays(7));
        assertThat(pack.problemPatterns()).extracting(ProblemPattern::toString).containsExactly(
                "ProblemPattern[recurring-failure: recurrence of [root_cause_ci, alert_name], 3 incidents in 1d]",
                "ProblemPattern[daily-failure: periodicity of [root_cause_ci, alert_name], 3 incidents in 8d, "
                        + "tolerance 30m]",
                "ProblemPattern[service-repeatedly-impacted: service-impact of [service], 5 incidents in 1d]",
                "ProblemPattern[chronic-flapping: chronic-flapping of [root_cause_ci, alert_name], 3 reopens]");
        assertThat(pack.problemPatterns()).isEqualTo(ProblemsSpec.DEFAULT_PATTERNS);
        assertThat(pack.problemPatterns().get(1).kind()).isEqualTo(ProblemPattern.Kind.PERIODICITY);
        assertThat(pack.problemPatterns().get(1).kind().yamlName()).isEqualTo("periodicity");
        assertThat(pack.problemPatterns().get(2).kind().yamlName()).isEqualTo("service-impact");
    }

    @Test
    void shouldSetSlaTargetsAroundTheClockForP1AndP2AndInGermanOfficeHoursForTheRest() {
        assertThat(pack.slaPolicies()).extracting(SlaPolicy::toString).containsExactly(
                "SlaPolicy[p1: [P1], response 15m, resolution 4h, 24x7]",
                "SlaPolicy[p2: [P2], response 30m, resolution 8h, 24x7]",
                "SlaPolicy[p3: [P3], response 4h, resolution 1d6h, office-de]",
                "SlaPolicy[p4: [P4], response 10h, resolution 2d2h, office-de]",
                "SlaPolicy[p5: [P5], response 20h, resolution 4d4h, office-de]");
        for (Priority priority : Priority.values()) {
            assertThat(pack.slaPolicy(priority, List.of("payments"), "dba").id())
                    .isEqualTo("p" + priority.number());
        }
        assertThat(pack.slaPolicy(Priority.P1, null, null).calendar()).isSameAs(BusinessCalendar.ALWAYS_OPEN);
        assertThat(pack.slaPauseStatuses()).containsExactly(IncidentStatus.ON_HOLD);
        assertThat(pack.slaWarnings()).containsExactly(50, 75);
    }

    @Test
    void shouldSpellOutTheBuiltInOfficeCalendarInTheDefaultPack() {
        BusinessCalendar office = pack.slaPolicy(Priority.P3, null, null).calendar();

        assertThat(office).isEqualTo(SlaSpec.OFFICE_DE).hasToString("BusinessCalendar[office-de: Europe/Berlin, "
                + "mon 08:00-18:00, tue 08:00-18:00, wed 08:00-18:00, thu 08:00-18:00, fri 08:00-16:00, 22 holidays]");
        // a P3 opened on the Thursday before Easter 2026 at 16:00, two hours before closing: Good Friday and Easter
        // Monday are holidays
        Instant opened = Instant.parse("2026-04-02T14:00:00Z");
        assertThat(office.addBusinessTime(opened, pack.slaPolicy(Priority.P3, null, null).response()))
                .isEqualTo(Instant.parse("2026-04-07T08:00:00Z"));
    }

    @Test
    void shouldReturnTheSamePackEachTime() {
        assertThat(RulePackLoader.loadDefault()).isSameAs(pack);
    }
}
