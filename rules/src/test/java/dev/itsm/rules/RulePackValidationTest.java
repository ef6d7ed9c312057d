package dev.itsm.rules;

import static dev.itsm.rules.TestingPacks.folder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.itsm.core.model.Impact;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Severity;
import dev.itsm.core.model.Urgency;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example packs under {@code src/test/resources/packs/}: the good ones ({@code good-*}) load, the bad ones
 * ({@code bad-*}) say exactly why not; and the problems of variations of the default pack.
 */
class RulePackValidationTest {
    @Test
    void shouldGiveEverySettingItsDefaultInAPackOfMostlyEmptyFiles() {
        RulePack pack = RulePackLoader.load(folder("good-minimal"));

        RulePack defaults = RulePackLoader.loadDefault();
        assertThat(pack.name()).isEqualTo("good-minimal");
        assertThat(pack.description()).isEmpty();
        assertThat(pack.identifyingLabels("zabbix")).isEmpty();
        assertThat(pack.groupBy()).isEmpty();
        assertThat(pack.impactUnknownCi()).isEqualTo(Impact.MEDIUM);
        assertThat(pack.defaultSupportGroup()).isEqualTo("noc");
        assertThat(pack.route(Map.of("team", "db"), "database", "payments")).isEmpty();
        assertThat(List.of(pack.reoccurrenceInterval(), pack.resolveHold(), pack.reopenWindow(),
                pack.outOfOrderness(), pack.allowedLateness(), pack.closedAlertRetention()))
                .isEqualTo(List.of(defaults.reoccurrenceInterval(), defaults.resolveHold(), defaults.reopenWindow(),
                        defaults.outOfOrderness(), defaults.allowedLateness(), defaults.closedAlertRetention()));
        assertThat(pack.maxPayloadBytes()).isEqualTo(defaults.maxPayloadBytes());
        assertThat(pack.defaultSeverity()).isEqualTo(Severity.WARNING);
        assertThat(pack.severityAliases()).isEmpty();
        assertThat(pack.maxHops()).isEqualTo(4);
        assertThat(pack.correlationWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(pack.regionBoundaryTypes()).containsExactly("business_service");
        assertThat(pack.flapping()).isEqualTo(new Flapping(4, Duration.ofMinutes(30), Duration.ofMinutes(15)));
        assertThat(pack.flapping().enabled()).isTrue();
        assertThat(pack.inhibitRules()).isEmpty();
        assertThat(pack.hasSuppressions()).isFalse();
        assertThat(pack.suppression(Instant.parse("2026-11-21T23:00:00Z"), "switch-fra1-core01", List.of(),
                Map.of())).isEmpty();
        assertThat(pack.problemQuietPeriod()).isEqualTo(Duration.ofDays(7));
        assertThat(pack.problemPatterns()).isEqualTo(defaults.problemPatterns()).hasSize(4);
        assertThat(pack.slaPolicies()).isEqualTo(defaults.slaPolicies()).hasSize(5);
        assertThat(pack.slaPolicy(Priority.P3, null, null).calendar()).isEqualTo(SlaSpec.OFFICE_DE);
        assertThat(pack.slaPauseStatuses()).containsExactly(IncidentStatus.ON_HOLD);
        assertThat(pack.slaWarnings()).containsExactly(50, 75);
    }

    @Test
    void shouldReadEverySettingOfAPackThatChangesThemAll() {
        RulePack pack = RulePackLoader.load(folder("good-custom"));

        assertThat(pack.lineage()).startsWith("good-custom@1.10#"); // 1.10 stays text, not the number 1.1
        assertThat(pack.description()).isEqualTo("Every setting differs from the default.");
        assertThat(pack.identifyingLabels("zabbix")).containsExactly("host", "trigger_id");
        assertThat(pack.identifyingLabels("grafana")).containsExactly("alertname", "instance");
        assertThat(pack.identifyingLabels("somewhere-else")).containsExactly("alertname", "instance");
        assertThat(pack.groupBy()).containsExactly("team", "env");
        assertThat(pack.urgency(Severity.MAJOR)).isEqualTo(Urgency.MEDIUM);
        assertThat(pack.impact(2)).isEqualTo(Impact.MEDIUM);
        assertThat(pack.impactUnknownCi()).isEqualTo(Impact.LOW);
        assertThat(pack.priority(Impact.LOW, Urgency.LOW)).isEqualTo(Priority.P5);
        assertThat(pack.defaultSupportGroup()).isEqualTo("service-desk");
        assertThat(pack.route(Map.of("team", "storage"), null, null)).contains("dba");
        assertThat(pack.route(Map.of(), "router", "network")).contains("network-ops");
        assertThat(pack.reoccurrenceInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(pack.resolveHold()).isEqualTo(Duration.ofSeconds(90));
        assertThat(pack.reopenWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(pack.outOfOrderness()).isEqualTo(Duration.ofMillis(500));
        assertThat(pack.allowedLateness()).isEqualTo(Duration.ofMinutes(90));
        assertThat(pack.closedAlertRetention()).isEqualTo(Duration.ofDays(1));
        assertThat(pack.maxPayloadBytes()).isEqualTo(512 * 1024);
        assertThat(pack.defaultSeverity()).isEqualTo(Severity.MINOR);
        assertThat(pack.severity("p1")).contains(Severity.CRITICAL);
        // the pack's alias comes before the built-in word
        assertThat(pack.severity("not_classified")).contains(Severity.WARNING);
        assertThat(pack.maxHops()).isEqualTo(2);
        assertThat(pack.correlationWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(pack.regionBoundaryTypes()).isEqualTo(Set.of("business_service", "datacenter"));
        assertThat(pack.flapping()).isEqualTo(new Flapping(6, Duration.ofHours(1), Duration.ofMinutes(20)));
        assertThat(pack.inhibitRules()).extracting(InhibitRule::id)
                .containsExactly("host-down", "critical-over-warning");
        assertThat(pack.inhibitRules().get(0).equal()).containsExactly("host");
        assertThat(pack.inhibitRules().get(0).comment())
                .isEqualTo("a host that is down explains every other alert about it");
        assertThat(pack.inhibitRules().get(1).comment()).isEmpty();
        assertThat(pack.hasSuppressions()).isTrue();
        assertThat(pack.suppression(Instant.parse("2026-11-21T23:00:00Z"), "switch-fra1-core01", List.of(),
                Map.of())).contains(new Suppression("maintenance", "core-switch-move",
                Instant.parse("2026-11-21T21:00:00Z"), Instant.parse("2026-11-22T01:00:00Z")));
        // Saturday 2026-11-21 02:30 in Berlin (CET, +01:00)
        assertThat(pack.suppression(Instant.parse("2026-11-21T01:30:00Z"), "app-1", List.of("payments"),
                Map.of("env", "prod"))).contains(new Suppression("maintenance", "payments-patching",
                Instant.parse("2026-11-21T01:00:00Z"), Instant.parse("2026-11-21T04:00:00Z")));
        // Friday 2026-11-20 01:45 in Berlin
        assertThat(pack.suppression(Instant.parse("2026-11-20T00:45:00Z"), "host-fra1-db02", List.of(),
                Map.of("alertname", "LoadHigh"))).contains(new Suppression("maintenance", "db-backups",
                Instant.parse("2026-11-20T00:30:00Z"), Instant.parse("2026-11-20T02:00:00Z")));
        assertThat(pack.suppression(Instant.parse("2026-11-20T12:00:00Z"), null, null,
                Map.of("alertname", "ProbeFailed", "region", "eu-west"))).contains(new Suppression("silence",
                "flaky-probe-eu", Instant.parse("2026-11-20T09:00:00Z"), Instant.parse("2026-11-20T17:00:00Z")));
        assertThat(pack.problemQuietPeriod()).isEqualTo(Duration.ofDays(3));
        assertThat(pack.problemPatterns()).extracting(ProblemPattern::id, ProblemPattern::kind,
                        ProblemPattern::signature, ProblemPattern::minIncidents, ProblemPattern::window,
                        ProblemPattern::tolerance, ProblemPattern::minReopens)
                .containsExactly(
                        tuple("repeated-backup-failure", ProblemPattern.Kind.RECURRENCE,
                                List.of("root_cause_ci", "alert_name", "label:job"), 2, Duration.ofHours(12),
                                Duration.ZERO, 0),
                        tuple("nightly-failure", ProblemPattern.Kind.PERIODICITY,
                                List.of("support_group", "alert_name"), 4, Duration.ofDays(14), Duration.ofHours(1),
                                0),
                        tuple("busy-service", ProblemPattern.Kind.SERVICE_IMPACT, List.of("service"), 10,
                                Duration.ofHours(6), Duration.ZERO, 0),
                        tuple("flapping-p1", ProblemPattern.Kind.CHRONIC_FLAPPING,
                                List.of("priority", "root_cause_ci"), 0, Duration.ZERO, Duration.ZERO, 5));
        assertThat(pack.slaPolicies()).extracting(SlaPolicy::toString).containsExactly(
                "SlaPolicy[payments-critical: [P1, P2], services [payments, checkout], response 5m, resolution 2h, "
                        + "24x7]",
                "SlaPolicy[dba: [P3], support groups [dba], response 1h, resolution 12h, follow-the-sun]",
                "SlaPolicy[urgent: [P1, P2], response 15m, resolution 6h, 24x7]",
                "SlaPolicy[everything-else: any priority, response 8h, resolution 1d16h, office-uk]");
        assertThat(pack.slaPolicies().get(3).calendar()).hasToString("BusinessCalendar[office-uk: Europe/London, "
                + "mon 09:00-12:30 13:30-17:30, tue 09:00-17:30, wed 09:00-17:30, thu 09:00-17:30, fri 09:00-17:00, "
                + "2 holidays]");
        assertThat(pack.slaPolicies().get(1).calendar()).hasToString("BusinessCalendar[follow-the-sun: UTC, "
                + "mon 00:00-24:00, tue 00:00-24:00, wed 00:00-24:00, thu 00:00-24:00, fri 00:00-22:00, "
                + "sun 22:00-24:00, 0 holidays]");
        assertThat(pack.slaPauseStatuses()).containsExactlyInAnyOrder(IncidentStatus.ON_HOLD, IncidentStatus.RESOLVED);
        assertThat(pack.slaWarnings()).containsExactly(25, 50, 90);
    }

    /**
     * Each {@code bad-*} pack fails with exactly the problems its {@code expected.txt} lists, one a line, in order;
     * the pack is named by its {@code pack.yaml}, or by its folder when that is unusable ({@code bad-names}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badPacks")
    void shouldRejectEachBadExamplePackWithExactlyTheProblemsItsExpectedTxtLists(String example) {
        assertThat(failure(example).problems()).containsExactlyElementsOf(TestingPacks.expectedProblems(example));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodPacks")
    void shouldLoadEachGoodExamplePack(String example) {
        assertThat(RulePackLoader.load(folder(example)).name()).isEqualTo(example);
    }

    static List<String> badPacks() {
        return TestingPacks.examples("bad-");
    }

    static List<String> goodPacks() {
        return TestingPacks.examples("good-");
    }

    @Test
    void shouldReportAllProblemsOfAPackTogetherInTheOrderOfItsFiles() {
        var failure = failure("bad-several-problems");

        assertThat(failure).hasMessage("rule pack 'bad-several-problems' is invalid:\n  - "
                + String.join("\n  - ", TestingPacks.expectedProblems("bad-several-problems")));
        assertThat(failure.problems()).extracting(problem -> problem.substring(0, problem.indexOf(':')))
                .as("in the order of the files, an unexpected file last")
                .containsExactly("pack.yaml", "priority.yaml", "routing.yaml", "timing.yaml", "timing.yaml",
                        "ingest.yaml", "routes.yml");
    }

    @Test
    void shouldRejectAPayloadLimitOutsideOneByteToTwoGibibytes() {
        var failure = catchThrowableOfType(RuleValidationException.class, () -> RulePackLoader.parse(
                TestingPacks.defaultWith("ingest.yaml", "max-payload-size: 0\n")));

        assertThat(failure.packName()).isEqualTo("default");
        assertThat(failure.problems()).containsExactly("ingest.yaml:1: max-payload-size: '0' is out of range "
                + "(1B up to 2GiB - 1, the most one byte array holds)");
    }

    @Test
    void shouldNameAPackWithoutAUsablePackYamlUnnamedWhenParsedFromAMap() {
        var files = TestingPacks.defaultWith("pack.yaml", "version: 1\n");

        var failure = catchThrowableOfType(RuleValidationException.class, () -> RulePackLoader.parse(files));

        assertThat(failure).hasMessage("rule pack 'unnamed' is invalid:\n  - pack.yaml:1: name: is required");
    }

    @Test
    void shouldRejectAZeroQuietPeriodOrWindowWhileFlappingDetectionIsOn() {
        assertThat(defaultWithProblems("noise.yaml", "flapping: {changes: 3, window: 0, quiet-period: 0}\n"))
                .containsExactly(
                        "noise.yaml:1: flapping.window: is 0, so no state changes could be counted; give it a length "
                                + "(set changes: 0 to turn flapping detection off)",
                        "noise.yaml:1: flapping.quiet-period: is 0, so a flapping alert would clear at once; give it a "
                                + "length (set changes: 0 to turn flapping detection off)");
        Flapping off = RulePackLoader.parse(TestingPacks.defaultWith("noise.yaml",
                "flapping: {changes: 0, quiet-period: 0}\n")).flapping();
        assertThat(off.enabled()).isFalse();
        assertThat(off.window()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void shouldRejectScheduleSettingsThatDoNotBelongToItsForm() {
        assertThat(defaultWithProblems("maintenance.yaml", """
                maintenance-windows:
                  - id: a
                    cis: [host-1]
                    schedule: {start: '2026-11-21T22:00:00Z', end: '2026-11-22T02:00:00Z', duration: 1h,
                               time-zone: Europe/Berlin}
                  - id: b
                    cis: [host-1]
                    schedule: {weekly: {days: [mon, Tue, mon], at: '24:00', duration: 8d}, duration: 1h}
                  - id: c
                    cis: []
                    services: [payments]
                    schedule: {cron: '0 2 * * *'}
                  - id: d
                    services: [payments]
                    schedule: {start: '2026-11-21T22:00:00Z'}
                  - id: e
                    matchers: [team=net]
                    schedule: {weekly: {days: [], at: '02:00', duration: 0}}
                """)).containsExactly(
                "maintenance.yaml:4: maintenance-windows[0].schedule.duration: a one-off window runs from start to "
                        + "end; leave duration out",
                "maintenance.yaml:5: maintenance-windows[0].schedule.time-zone: a one-off window's start and end "
                        + "carry their own offset; leave time-zone out",
                "maintenance.yaml:8: maintenance-windows[1].schedule.duration: a weekly window's duration goes in "
                        + "weekly.duration",
                "maintenance.yaml:8: maintenance-windows[1].schedule.weekly.days[1]: 'Tue' is not a day "
                        + "(mon, tue, wed, thu, fri, sat, sun)",
                "maintenance.yaml:8: maintenance-windows[1].schedule.weekly.days[2]: 'mon' is listed twice",
                "maintenance.yaml:8: maintenance-windows[1].schedule.weekly.at: '24:00' is not a time of day "
                        + "(HH:MM, 00:00 to 23:59)",
                "maintenance.yaml:8: maintenance-windows[1].schedule.weekly.duration: '8d' is out of range "
                        + "(more than 0, at most 7d)",
                "maintenance.yaml:10: maintenance-windows[2].cis: is an empty list; leave the key out or name at "
                        + "least one CI",
                "maintenance.yaml:12: maintenance-windows[2].schedule.duration: is required "
                        + "(how long each occurrence lasts)",
                "maintenance.yaml:15: maintenance-windows[3].schedule.end: is required "
                        + "(a one-off window runs from start to end)",
                "maintenance.yaml:18: maintenance-windows[4].schedule.weekly.days: is an empty list; name at least "
                        + "one day (mon, tue, wed, thu, fri, sat, sun)",
                "maintenance.yaml:18: maintenance-windows[4].schedule.weekly.duration: '0' is out of range "
                        + "(more than 0, at most 7d)");
    }

    @Test
    void shouldRejectASilenceWithoutAComment() {
        assertThat(defaultWithProblems("maintenance.yaml", """
                silences:
                  - id: probe
                    matchers: [alertname=ProbeFailed]
                    starts-at: 2026-11-20T09:00:00Z
                    ends-at: 2026-11-20T09:00:00Z
                    comment: ''
                """)).containsExactly(
                "maintenance.yaml:5: silences[0].ends-at: '2026-11-20T09:00:00Z' is not after starts-at "
                        + "('2026-11-20T09:00:00Z')",
                "maintenance.yaml:6: silences[0].comment: expected a comment, found nothing");
    }

    @Test
    void shouldReadKnownErrorsAndRejectBadOnes() {
        Map<String, String> files = new java.util.HashMap<>(RulePackLoader.defaultFiles());
        files.put("problems.yaml", """
                known-errors:
                  - id: replica-backup-disk
                    pattern: recurring-failure
                    signature: {root_cause_ci: pg-ams1-shop-replica, alert_name: PgBackupFailed}
                    workaround: Free space on /backup.
                """);
        assertThat(RulePackLoader.parse(files).knownErrors()).containsExactly(new KnownError("replica-backup-disk",
                "recurring-failure", Map.of("alert_name", "PgBackupFailed", "root_cause_ci", "pg-ams1-shop-replica"),
                "Free space on /backup."));
        assertThat(RulePackLoader.loadDefault().knownErrors()).isEmpty();

        assertThat(defaultWithProblems("problems.yaml", """
                known-errors:
                  - id: a
                    pattern: nightly
                    signature: {host: db01}
                  - id: a
                    signature: {}
                    workaround: ''
                    wrkaround: x
                """)).containsExactly(
                "problems.yaml:3: known-errors[0].pattern: no pattern 'nightly' (the patterns: recurring-failure, "
                        + "daily-failure, service-repeatedly-impacted, chronic-flapping)",
                "problems.yaml:4: known-errors[0].signature.host: is not a signature field (root_cause_ci, alert_name, "
                        + "support_group, priority or label:<name>, service)",
                "problems.yaml:2: known-errors[0].workaround: is required (a known error says what to do about it)",
                "problems.yaml:8: known-errors[1].wrkaround: unknown key (allowed: id, pattern, signature, workaround)",
                "problems.yaml:5: known-errors[1].id: 'a' is already the id of known-errors[0]",
                "problems.yaml:6: known-errors[1].signature: names no signature field (root_cause_ci, alert_name, "
                        + "support_group, priority or label:<name>, service)",
                "problems.yaml:7: known-errors[1].workaround: expected the workaround, found nothing");
    }

    @Test
    void shouldRejectProblemPatternsThatAreNotAListOfMappings() {
        assertThat(defaultWithProblems("problems.yaml", "patterns:\n")).containsExactly(
                "problems.yaml:1: patterns: expected a list of problem patterns, found nothing "
                        + "(write [] for an empty list)");
        assertThat(defaultWithProblems("problems.yaml", "patterns: [recurring-failure]\nquiet-period: 1 week\n"))
                .containsExactly(
                        "problems.yaml:2: quiet-period: '1 week' is not a duration (use e.g. 5m, 30s, 2h)",
                        "problems.yaml:1: patterns[0]: expected a problem pattern (a mapping with id, kind, signature, "
                                + "min-incidents, window, tolerance, min-reopens), found 'recurring-failure'");
        assertThat(defaultWithProblems("problems.yaml", "patterns:\n  - id: a\n")).containsExactly(
                "problems.yaml:2: patterns[0].kind: is required "
                        + "(recurrence, periodicity, service-impact, chronic-flapping)");
    }

    @Test
    void shouldTurnProblemDetectionOffWithAnEmptyListOfPatterns() {
        RulePack pack = RulePackLoader.parse(TestingPacks.defaultWith("problems.yaml", "patterns: []\n"));

        assertThat(pack.problemPatterns()).isEmpty();
        assertThat(pack.problemQuietPeriod()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void shouldRequireAPolicyForEveryPriorityWhateverItsServicesAndSupportGroup() {
        assertThat(defaultWithProblems("sla.yaml", """
                policies:
                  - {id: urgent, priorities: [P1, P2], response: 15m, resolution: 4h}
                  - {id: payments, priorities: [P3, P4], services: [payments], response: 1h, resolution: 8h}
                  - {id: dba, priorities: [P4], support-groups: [dba], response: 1h, resolution: 8h}
                  - {id: p3, priorities: [P3], response: 4h, resolution: 1d}
                """)).containsExactly(
                "sla.yaml:2: policies: no policy matches priority P4 whatever its services and support group; add one "
                        + "for P4 without services and support-groups, or end with a policy without conditions",
                "sla.yaml:2: policies: no policy matches priority P5 whatever its services and support group; add one "
                        + "for P5 without services and support-groups, or end with a policy without conditions");
        assertThat(defaultWithProblems("sla.yaml", "policies: []\n")).containsExactly(
                "sla.yaml:1: policies: is an empty list; every incident needs a policy (leave the key out for the "
                        + "default policies)");
    }

    @Test
    void shouldRejectAPolicyThatAnEarlierOneAlwaysTakesTheIncidentsOf() {
        assertThat(defaultWithProblems("sla.yaml", """
                policies:
                  - {id: payments, services: [payments, checkout], response: 15m, resolution: 4h}
                  - {id: payments-p1, priorities: [P1], services: [payments], response: 5m, resolution: 1h}
                  - {id: dba-p2, priorities: [P2], support-groups: [dba], response: 5m, resolution: 1h}
                  - {id: dba-p1-p2, priorities: [P2, P1], support-groups: [dba], response: 5m, resolution: 1h}
                  - {id: dba-p2-web, priorities: [P2], support-groups: [dba], services: [web],
                     response: 5m, resolution: 1h}
                  - {id: rest, response: 1h, resolution: 1d}
                """)).containsExactly(
                "sla.yaml:3: policies[1]: is never reached: policies[0] comes first and matches every incident this "
                        + "policy matches",
                "sla.yaml:6: policies[4]: is never reached: policies[2] comes first and matches every incident this "
                        + "policy matches");
    }

    @Test
    void shouldRejectWarningsOutOfOrderAndDefaultPoliciesWithoutTheirCalendar() {
        assertThat(defaultWithProblems("sla.yaml", "warnings: [75, 50, 90]\ncalendars: []\n")).containsExactly(
                "sla.yaml:1: policies: the default policies use calendar 'office-de', which calendars does not define; "
                        + "define it, or write policies of your own",
                "sla.yaml:1: warnings[1]: 50 is below 75 at warnings[0]; list the thresholds in ascending order");
        assertThat(defaultWithProblems("sla.yaml", """
                policies:
                calendars: {}
                pause-on: on_hold
                warnings: 50
                """)).containsExactly(
                "sla.yaml:2: calendars: expected a list of calendars, found a mapping",
                "sla.yaml:1: policies: expected a list of SLA policies, found nothing (write [] for an empty list)",
                "sla.yaml:3: pause-on: expected a list of incident statuses, found 'on_hold'",
                "sla.yaml:4: warnings: expected a list of percentages, found '50'");
    }

    @Test
    void shouldGiveTheDefaultPoliciesAPacksOwnOfficeCalendarAndAllowNoPausesOrWarnings() {
        RulePack pack = RulePackLoader.parse(TestingPacks.defaultWith("sla.yaml", """
                calendars:
                  - id: office-de
                    time-zone: Europe/Berlin
                    hours: {mon: ["09:00-17:00"], sat: ["10:00-14:00"]}
                pause-on: []
                warnings: []
                """));

        assertThat(pack.slaPolicy(Priority.P4, null, null).calendar()).hasToString(
                "BusinessCalendar[office-de: Europe/Berlin, mon 09:00-17:00, sat 10:00-14:00, 0 holidays]");
        assertThat(pack.slaPolicy(Priority.P1, null, null).calendar()).isSameAs(BusinessCalendar.ALWAYS_OPEN);
        assertThat(pack.slaPauseStatuses()).isEmpty();
        assertThat(pack.slaWarnings()).isEmpty();
    }

    private static List<String> defaultWithProblems(String file, String text) {
        var failure = catchThrowableOfType(RuleValidationException.class,
                () -> RulePackLoader.parse(TestingPacks.defaultWith(file, text)));
        assertThat(failure).as("%s must be rejected", file).isNotNull();
        return failure.problems();
    }

    private static RuleValidationException failure(String example) {
        var failure = catchThrowableOfType(RuleValidationException.class,
                () -> RulePackLoader.load(folder(example)));
        assertThat(failure).as("pack %s must be rejected", example).isNotNull();
        assertThat(failure.packName()).isEqualTo(example);
        return failure;
    }
}
