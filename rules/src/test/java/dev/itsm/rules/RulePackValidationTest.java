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

/** The example packs under {@code src/test/resources/packs/}: the good ones load, the bad ones say exactly why not. */
class RulePackValidationTest {
    private static final String ALL_FILES = "pack.yaml, fingerprint.yaml, correlation.yaml, priority.yaml, "
            + "routing.yaml, timing.yaml, ingest.yaml, noise.yaml, maintenance.yaml, problems.yaml, sla.yaml, slo.yaml";

    @Test
    void shouldGiveEverySettingItsDefaultInAPackOfMostlyEmptyFiles() {
        RulePack pack = RulePackLoader.load(folder("minimal"));

        RulePack defaults = RulePackLoader.loadDefault();
        assertThat(pack.name()).isEqualTo("minimal");
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
        RulePack pack = RulePackLoader.load(folder("custom"));

        assertThat(pack.lineage()).startsWith("custom@1.10#"); // 1.10 stays text, not the number 1.1
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

    @Test
    void shouldRejectAMatrixCellThatIsNotAPriority() {
        assertThat(problems("broken-matrix-cell")).containsExactly(
                "priority.yaml: matrix.high.low: 'P7' is not a priority (P1..P5)");
    }

    @Test
    void shouldRequireEveryMatrixCell() {
        assertThat(problems("missing-matrix-cell")).containsExactly(
                "priority.yaml: matrix.medium.low: is required (the matrix needs all 9 impact x urgency cells)");
    }

    @Test
    void shouldRejectADurationInWords() {
        assertThat(problems("bad-duration")).containsExactly(
                "timing.yaml: resolve-hold: '5 minutes' is not a duration (use e.g. 5m, 30s, 2h)");
    }

    @Test
    void shouldRejectUnknownKeysNamingTheAllowedOnes() {
        assertThat(problems("unknown-key")).containsExactly(
                "routing.yaml: routes[0].supportgroup: unknown key "
                        + "(allowed: matchers, ci-type, service, support-group)",
                "routing.yaml: routes[0].support-group: is required",
                "timing.yaml: resolve-hodl: unknown key (allowed: reoccurrence-interval, resolve-hold, "
                        + "reopen-window, out-of-orderness, allowed-lateness, closed-alert-retention)");
    }

    @Test
    void shouldRejectAMatcherWhoseRegexDoesNotCompile() {
        assertThat(problems("bad-regex")).containsExactly(
                "routing.yaml: routes[1].matchers[1]: 'team=~db|(storage' has an invalid regex: "
                        + "Unclosed group near index 11");
    }

    @Test
    void shouldNameTheFileAndLineOfAYamlSyntaxError() {
        assertThat(problems("yaml-syntax-error")).containsExactly(
                "routing.yaml: line 5, column 4: not valid YAML: expected <block end>, but found "
                        + "'<block sequence start>' (while parsing a block collection from line 3)");
    }

    @Test
    void shouldRequireEveryFile() {
        assertThat(problems("missing-file")).containsExactly("timing.yaml: is missing (a pack has " + ALL_FILES + ")");
    }

    @Test
    void shouldReportAllProblemsOfAPackTogetherInTheOrderOfItsFiles() {
        var failure = failure("several-problems");

        assertThat(failure.packName()).isEqualTo("several-problems");
        assertThat(failure.problems()).containsExactly(
                "pack.yaml: version: is required",
                "priority.yaml: matrix.high.low: 'P7' is not a priority (P1..P5)",
                "routing.yaml: routes[0].matchers[0]: 'team=~(db' has an invalid regex: Unclosed group near index 3",
                "timing.yaml: resolve-hold: '5 minutes' is not a duration (use e.g. 5m, 30s, 2h)",
                "timing.yaml: reopen-window: 'forever' is not a duration (use e.g. 5m, 30s, 2h)",
                "ingest.yaml: is missing (a pack has " + ALL_FILES + ")",
                "routes.yml: is not a rule file (a pack has " + ALL_FILES + ")");
        assertThat(failure).hasMessage("rule pack 'several-problems' is invalid:\n"
                + "  - pack.yaml: version: is required\n"
                + "  - priority.yaml: matrix.high.low: 'P7' is not a priority (P1..P5)\n"
                + "  - routing.yaml: routes[0].matchers[0]: 'team=~(db' has an invalid regex: "
                + "Unclosed group near index 3\n"
                + "  - timing.yaml: resolve-hold: '5 minutes' is not a duration (use e.g. 5m, 30s, 2h)\n"
                + "  - timing.yaml: reopen-window: 'forever' is not a duration (use e.g. 5m, 30s, 2h)\n"
                + "  - ingest.yaml: is missing (a pack has " + ALL_FILES + ")\n"
                + "  - routes.yml: is not a rule file (a pack has " + ALL_FILES + ")");
    }

    @Test
    void shouldRejectValuesOfTheWrongKind() {
        assertThat(problems("wrong-types")).containsExactly(
                "fingerprint.yaml: identifying-labels.grafana: expected a list of label names, found 'instance'",
                "correlation.yaml: group-by: expected a list of label names, found a mapping",
                "routing.yaml: routes[0]: expected a routing rule (a mapping with matchers, ci-type, service, "
                        + "support-group), found 'team=db'",
                "routing.yaml: routes[1].ci-type: is an empty list; leave the key out to match any ci-type",
                "timing.yaml: reopen-window: expected a duration, found nothing",
                "ingest.yaml: default-severity: expected a severity, found a list");
    }

    @Test
    void shouldRejectTablesThatRankAMilderCaseAboveAGraverOne() {
        assertThat(problems("priority-rising")).containsExactly(
                "priority.yaml: urgency-by-severity.major: 'high' ranks above 'medium' at "
                        + "urgency-by-severity.critical (urgency must not rise as severity falls)",
                "priority.yaml: impact-by-criticality.4: 'high' ranks above 'medium' at impact-by-criticality.3 "
                        + "(impact must not rise as criticality falls)",
                "priority.yaml: matrix.low.low: 'P1' ranks above 'P4' at matrix.medium.low "
                        + "(priority must not rise as impact falls)",
                "priority.yaml: matrix.low.low: 'P1' ranks above 'P4' at matrix.low.medium "
                        + "(priority must not rise as urgency falls)");
    }

    @Test
    void shouldRejectARetentionShorterThanTheClocksThatNeedTheState() {
        assertThat(problems("retention-too-short")).containsExactly(
                "timing.yaml: closed-alert-retention: 1m is shorter than reoccurrence-interval (5m); a resolved "
                        + "alert must be remembered at least as long as its return continues the same occurrence",
                "timing.yaml: closed-alert-retention: 1m is shorter than allowed-lateness (5m); a late update of a "
                        + "forgotten alert would open a new occurrence");
    }

    @Test
    void shouldRejectARoutingRuleAfterOneThatMatchesEverything() {
        assertThat(problems("unreachable-route")).containsExactly(
                "routing.yaml: routes[1]: is never reached: routes[0] has no conditions and matches every alert");
    }

    @Test
    void shouldRejectDuplicateKeysAndYamlAliases() {
        assertThat(problems("duplicate-key-and-alias")).containsExactly(
                "routing.yaml: routes[0].support-group: YAML aliases are not supported (*noc at line 5); "
                        + "write the value out",
                "timing.yaml: resolve-hold: duplicate key (lines 2 and 3)");
    }

    @Test
    void shouldRejectBadNamesAndNameThePackByItsFolderWhenPackYamlIsUnusable() {
        var failure = failure("bad-names");

        assertThat(failure.packName()).isEqualTo("bad-names");
        assertThat(failure.problems()).containsExactly(
                "pack.yaml: name: 'My Pack' is not a pack name (lowercase letters, digits and . _ -, starting with "
                        + "a letter or digit, at most 63 characters)",
                "pack.yaml: version: '1 beta' is not a version (letters, digits and . _ + -, starting with a "
                        + "letter or digit, at most 63 characters; e.g. 2026.11.1)",
                "fingerprint.yaml: identifying-labels.grafna: unknown key "
                        + "(allowed: default, alertmanager, grafana, zabbix, generic, slo)",
                "fingerprint.yaml: identifying-labels.default[1]: 'bad label' is not a label name "
                        + "(letters, digits, _ . - /; not starting with a digit, . - or /)",
                "fingerprint.yaml: identifying-labels.default[2]: 'alertname' is listed twice");
    }

    @Test
    void shouldRejectBadIngestSettings() {
        assertThat(problems("bad-ingest")).containsExactly(
                "ingest.yaml: max-payload-size: '1MB' is not a size (use e.g. 1MiB, 512KiB, 65536)",
                "ingest.yaml: default-severity: 'severe' is not a severity (critical, major, minor, warning, info)",
                "ingest.yaml: severity-aliases.not_classified: is the same word as 'Not Classified' "
                        + "(case, spaces, - and _ do not count)",
                "ingest.yaml: severity-aliases.p1: 'urgent' is not a severity "
                        + "(critical, major, minor, warning, info)");
    }

    @Test
    void shouldRejectFilesThatAreNotOneMapping() {
        assertThat(problems("yaml-structure")).containsExactly(
                "correlation.yaml: expected a mapping of settings at the top level, found a list",
                "ingest.yaml: holds more than one YAML document (the second starts at line 4); "
                        + "a rule file is one document");
    }

    @Test
    void shouldRejectAPayloadLimitOutsideOneByteToTwoGibibytes() {
        var failure = catchThrowableOfType(RuleValidationException.class, () -> RulePackLoader.parse(
                TestingPacks.defaultWith("ingest.yaml", "max-payload-size: 0\n")));

        assertThat(failure.packName()).isEqualTo("default");
        assertThat(failure.problems()).containsExactly("ingest.yaml: max-payload-size: '0' is out of range "
                + "(1B up to 2GiB - 1, the most one byte array holds)");
    }

    @Test
    void shouldNameAPackWithoutAUsablePackYamlUnnamedWhenParsedFromAMap() {
        var files = TestingPacks.defaultWith("pack.yaml", "version: 1\n");

        var failure = catchThrowableOfType(RuleValidationException.class, () -> RulePackLoader.parse(files));

        assertThat(failure).hasMessage("rule pack 'unnamed' is invalid:\n  - pack.yaml: name: is required");
    }

    @Test
    void shouldRejectTopologySettingsOutOfRange() {
        assertThat(problems("bad-topology")).containsExactly(
                "correlation.yaml: topology.max_hops: unknown key (allowed: max-hops, window, region-boundary-types)",
                "correlation.yaml: topology.max-hops: '9' is out of range (0..8; 0 turns topology correlation off)",
                "correlation.yaml: topology.window: 'soon' is not a duration (use e.g. 5m, 30s, 2h)",
                "correlation.yaml: topology.region-boundary-types[0]: 'Business Service' is not a CI type "
                        + "(lowercase letters, digits and _ . -, e.g. business_service)");
    }

    @Test
    void shouldRejectBadFlappingSettingsAndInhibitRules() {
        assertThat(problems("bad-noise")).containsExactly(
                "noise.yaml: flapping.changes: '-1' is out of range (0 or more; 0 turns flapping detection off)",
                "noise.yaml: inhibit[0].source-matchers[1]: 'host=~(db' has an invalid regex: "
                        + "Unclosed group near index 3",
                "noise.yaml: inhibit[1].id: 'host-down' is already the id of inhibit[0]",
                "noise.yaml: inhibit[1].target-matchers: is an empty list; an inhibit rule needs at least one "
                        + "target matcher",
                "noise.yaml: inhibit[2].equl: unknown key "
                        + "(allowed: id, source-matchers, target-matchers, equal, comment)",
                "noise.yaml: inhibit[2].id: is required");
    }

    @Test
    void shouldRejectAZeroQuietPeriodOrWindowWhileFlappingDetectionIsOn() {
        assertThat(defaultWithProblems("noise.yaml", "flapping: {changes: 3, window: 0, quiet-period: 0}\n"))
                .containsExactly(
                        "noise.yaml: flapping.window: is 0, so no state changes could be counted; give it a length "
                                + "(set changes: 0 to turn flapping detection off)",
                        "noise.yaml: flapping.quiet-period: is 0, so a flapping alert would clear at once; give it a "
                                + "length (set changes: 0 to turn flapping detection off)");
        Flapping off = RulePackLoader.parse(TestingPacks.defaultWith("noise.yaml",
                "flapping: {changes: 0, quiet-period: 0}\n")).flapping();
        assertThat(off.enabled()).isFalse();
        assertThat(off.window()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void shouldRejectBadMaintenanceWindowsAndSilences() {
        assertThat(problems("bad-maintenance")).containsExactly(
                "maintenance.yaml: maintenance-windows[0].schedule.cron: '0 25 * * *' is not a cron expression: "
                        + "hour '25' is out of range (0-23)",
                "maintenance.yaml: maintenance-windows[1].schedule.time-zone: 'Europe/Berln' is not a time zone "
                        + "(use an IANA name such as Europe/Berlin, or UTC)",
                "maintenance.yaml: maintenance-windows[2].schedule: is required "
                        + "(one-off start and end, weekly or cron)",
                "maintenance.yaml: maintenance-windows[3].schedule: has start/end and weekly; a schedule is exactly "
                        + "one of one-off start and end, weekly or cron",
                "maintenance.yaml: maintenance-windows[4].id: 'nightly-backup' is already the id of "
                        + "maintenance-windows[0]",
                "maintenance.yaml: maintenance-windows[4]: needs a scope (cis, services or matchers); a window "
                        + "without one would suppress every alert",
                "maintenance.yaml: maintenance-windows[4].schedule.end: '2026-11-21T21:00:00Z' is not after start "
                        + "('2026-11-21T22:00:00Z')",
                "maintenance.yaml: silences[0].comment: is required (say why the alerts are silenced)",
                "maintenance.yaml: silences[1].id: 'patching' is already the id of maintenance-windows[1]",
                "maintenance.yaml: silences[1].matchers: is an empty list; a silence needs at least one matcher",
                "maintenance.yaml: silences[1].starts-at: 'yesterday' is not an RFC 3339 time "
                        + "(use e.g. 2026-03-29T01:00:00Z or 2026-03-29T03:00:00+02:00)");
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
                "maintenance.yaml: maintenance-windows[0].schedule.duration: a one-off window runs from start to "
                        + "end; leave duration out",
                "maintenance.yaml: maintenance-windows[0].schedule.time-zone: a one-off window's start and end "
                        + "carry their own offset; leave time-zone out",
                "maintenance.yaml: maintenance-windows[1].schedule.duration: a weekly window's duration goes in "
                        + "weekly.duration",
                "maintenance.yaml: maintenance-windows[1].schedule.weekly.days[1]: 'Tue' is not a day "
                        + "(mon, tue, wed, thu, fri, sat, sun)",
                "maintenance.yaml: maintenance-windows[1].schedule.weekly.days[2]: 'mon' is listed twice",
                "maintenance.yaml: maintenance-windows[1].schedule.weekly.at: '24:00' is not a time of day "
                        + "(HH:MM, 00:00 to 23:59)",
                "maintenance.yaml: maintenance-windows[1].schedule.weekly.duration: '8d' is out of range "
                        + "(more than 0, at most 7d)",
                "maintenance.yaml: maintenance-windows[2].cis: is an empty list; leave the key out or name at "
                        + "least one CI",
                "maintenance.yaml: maintenance-windows[2].schedule.duration: is required "
                        + "(how long each occurrence lasts)",
                "maintenance.yaml: maintenance-windows[3].schedule.end: is required "
                        + "(a one-off window runs from start to end)",
                "maintenance.yaml: maintenance-windows[4].schedule.weekly.days: is an empty list; name at least "
                        + "one day (mon, tue, wed, thu, fri, sat, sun)",
                "maintenance.yaml: maintenance-windows[4].schedule.weekly.duration: '0' is out of range "
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
                "maintenance.yaml: silences[0].ends-at: '2026-11-20T09:00:00Z' is not after starts-at "
                        + "('2026-11-20T09:00:00Z')",
                "maintenance.yaml: silences[0].comment: expected a comment, found nothing");
    }

    @Test
    void shouldRejectBadProblemPatterns() {
        String fields = "(root_cause_ci, alert_name, support_group, priority or label:<name>)";
        assertThat(problems("bad-problems")).containsExactly(
                "problems.yaml: quiet-period: '0' is out of range (more than 0)",
                "problems.yaml: patterns[0].signature[1]: 'host' is not a signature field " + fields,
                "problems.yaml: patterns[0].signature[3]: 'root_cause_ci' is listed twice",
                "problems.yaml: patterns[0].min-incidents: '1' is out of range (2..1000)",
                "problems.yaml: patterns[0].window: is required "
                        + "(a recurrence pattern needs signature, min-incidents and window)",
                "problems.yaml: patterns[1].id: 'recurring-failure' is already the id of patterns[0]",
                "problems.yaml: patterns[1].signature[0]: 'label:bad label' is not a signature field: 'bad label' "
                        + "is not a label name (letters, digits, _ . - /; not starting with a digit, . - or /)",
                "problems.yaml: patterns[1].min-incidents: '2' is out of range "
                        + "(3..1000; a periodicity needs two intervals at least)",
                "problems.yaml: patterns[1].tolerance: 1d is not shorter than window (1d); the intervals could then "
                        + "be anything",
                "problems.yaml: patterns[2].signature: a service-impact pattern's signature is always [service]; "
                        + "leave it out",
                "problems.yaml: patterns[2].window: '0' is out of range (more than 0)",
                "problems.yaml: patterns[2].min-reopens: is not a setting of a service-impact pattern (its settings "
                        + "are min-incidents and window); leave it out",
                "problems.yaml: patterns[3].signature: is an empty list; name at least one field " + fields,
                "problems.yaml: patterns[3].window: is not a setting of a chronic-flapping pattern (its settings are "
                        + "signature and min-reopens); leave it out",
                "problems.yaml: patterns[3].min-reopens: is required "
                        + "(a chronic-flapping pattern needs signature and min-reopens)",
                "problems.yaml: patterns[4].windw: unknown key "
                        + "(allowed: id, kind, signature, min-incidents, window, tolerance, min-reopens)",
                "problems.yaml: patterns[4].kind: 'sometimes' is not a pattern kind "
                        + "(recurrence, periodicity, service-impact, chronic-flapping)",
                "problems.yaml: patterns[5].id: is required",
                "problems.yaml: patterns[5].min-incidents: 'many' is not a whole number",
                "problems.yaml: patterns[5].window: '1 day' is not a duration (use e.g. 5m, 30s, 2h)");
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
                "problems.yaml: known-errors[0].pattern: no pattern 'nightly' (the patterns: recurring-failure, "
                        + "daily-failure, service-repeatedly-impacted, chronic-flapping)",
                "problems.yaml: known-errors[0].signature.host: is not a signature field (root_cause_ci, alert_name, "
                        + "support_group, priority or label:<name>, service)",
                "problems.yaml: known-errors[0].workaround: is required (a known error says what to do about it)",
                "problems.yaml: known-errors[1].wrkaround: unknown key (allowed: id, pattern, signature, workaround)",
                "problems.yaml: known-errors[1].id: 'a' is already the id of known-errors[0]",
                "problems.yaml: known-errors[1].signature: names no signature field (root_cause_ci, alert_name, "
                        + "support_group, priority or label:<name>, service)",
                "problems.yaml: known-errors[1].workaround: expected the workaround, found nothing");
    }

    @Test
    void shouldRejectProblemPatternsThatAreNotAListOfMappings() {
        assertThat(defaultWithProblems("problems.yaml", "patterns:\n")).containsExactly(
                "problems.yaml: patterns: expected a list of problem patterns, found nothing "
                        + "(write [] for an empty list)");
        assertThat(defaultWithProblems("problems.yaml", "patterns: [recurring-failure]\nquiet-period: 1 week\n"))
                .containsExactly(
                        "problems.yaml: quiet-period: '1 week' is not a duration (use e.g. 5m, 30s, 2h)",
                        "problems.yaml: patterns[0]: expected a problem pattern (a mapping with id, kind, signature, "
                                + "min-incidents, window, tolerance, min-reopens), found 'recurring-failure'");
        assertThat(defaultWithProblems("problems.yaml", "patterns:\n  - id: a\n")).containsExactly(
                "problems.yaml: patterns[0].kind: is required "
                        + "(recurrence, periodicity, service-impact, chronic-flapping)");
    }

    @Test
    void shouldTurnProblemDetectionOffWithAnEmptyListOfPatterns() {
        RulePack pack = RulePackLoader.parse(TestingPacks.defaultWith("problems.yaml", "patterns: []\n"));

        assertThat(pack.problemPatterns()).isEmpty();
        assertThat(pack.problemQuietPeriod()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void shouldRejectBadSlaCalendarsAndPolicies() {
        assertThat(problems("bad-sla")).containsExactly(
                "sla.yaml: calendars[0].id: '24x7' is the built-in calendar that is always open; use it without "
                        + "defining it",
                "sla.yaml: calendars[1].time-zone: 'Europe/Berln' is not a time zone "
                        + "(use an IANA name such as Europe/Berlin, or UTC)",
                "sla.yaml: calendars[1].hours.sonday: unknown key (allowed: mon, tue, wed, thu, fri, sat, sun)",
                "sla.yaml: calendars[1].hours.mon[0]: '8-18' is not a range of times "
                        + "(HH:MM-HH:MM, 00:00 to 24:00, e.g. 08:00-18:00)",
                "sla.yaml: calendars[1].hours.tue[0]: '18:00-08:00' does not end after it starts; a range cannot "
                        + "pass midnight (write 22:00-24:00 on one day and 00:00-06:00 on the next)",
                "sla.yaml: calendars[1].hours.wed[1]: '12:00-14:00' overlaps calendars[1].hours.wed[0] "
                        + "('08:00-13:00')",
                "sla.yaml: calendars[1].hours.thu[0]: '07:00-24:30' is not a range of times "
                        + "(HH:MM-HH:MM, 00:00 to 24:00, e.g. 08:00-18:00)",
                "sla.yaml: calendars[1].holidays[1]: '24.12.2026' is not a date (YYYY-MM-DD, e.g. 2026-12-24)",
                "sla.yaml: calendars[1].holidays[2]: '2026-12-24' is listed twice",
                "sla.yaml: calendars[2].id: 'office' is already the id of calendars[1]",
                "sla.yaml: calendars[2].time-zone: is required (open hours are local times, e.g. Europe/Berlin)",
                "sla.yaml: calendars[2].hours: has no open hours; a calendar needs a range of times on one day at "
                        + "least (a calendar that is always open is 24x7)",
                "sla.yaml: calendars[3].hours: has no open hours; a calendar needs a range of times on one day at "
                        + "least (a calendar that is always open is 24x7)",
                "sla.yaml: policies[0].priorities[1]: 'P7' is not a priority (P1..P5)",
                "sla.yaml: policies[1].id: 'p1' is already the id of policies[0]",
                "sla.yaml: policies[1].priorities: is an empty list; leave the key out to match any priority",
                "sla.yaml: policies[1].calendar: 'office-fr' is not a calendar (24x7, office, weekends)",
                "sla.yaml: policies[1].response: '0' is out of range (more than 0)",
                "sla.yaml: policies[2].response: 4h is not shorter than resolution (4h); an incident is "
                        + "acknowledged before it is resolved",
                "sla.yaml: policies[3]: is never reached: policies[2] has no conditions and matches every incident",
                "sla.yaml: policies[4].services: is an empty list; leave the key out or name at least one service",
                "sla.yaml: policies[5].priority: unknown key "
                        + "(allowed: id, priorities, services, support-groups, calendar, response, resolution)",
                "sla.yaml: policies[5]: is never reached: policies[2] has no conditions and matches every incident",
                "sla.yaml: policies[5].response: is required (how long until the incident is acknowledged)",
                "sla.yaml: pause-on[1]: 'onhold' is not an incident status "
                        + "(new, acknowledged, on_hold, resolved, closed)",
                "sla.yaml: pause-on[2]: 'on_hold' is listed twice",
                "sla.yaml: warnings[2]: '100' is out of range (1..99, a percentage of the target)");
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
                "sla.yaml: policies: no policy matches priority P4 whatever its services and support group; add one "
                        + "for P4 without services and support-groups, or end with a policy without conditions",
                "sla.yaml: policies: no policy matches priority P5 whatever its services and support group; add one "
                        + "for P5 without services and support-groups, or end with a policy without conditions");
        assertThat(defaultWithProblems("sla.yaml", "policies: []\n")).containsExactly(
                "sla.yaml: policies: is an empty list; every incident needs a policy (leave the key out for the "
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
                "sla.yaml: policies[1]: is never reached: policies[0] comes first and matches every incident this "
                        + "policy matches",
                "sla.yaml: policies[4]: is never reached: policies[2] comes first and matches every incident this "
                        + "policy matches");
    }

    @Test
    void shouldRejectWarningsOutOfOrderAndDefaultPoliciesWithoutTheirCalendar() {
        assertThat(defaultWithProblems("sla.yaml", "warnings: [75, 50, 90]\ncalendars: []\n")).containsExactly(
                "sla.yaml: policies: the default policies use calendar 'office-de', which calendars does not define; "
                        + "define it, or write policies of your own",
                "sla.yaml: warnings[1]: 50 is below 75 at warnings[0]; list the thresholds in ascending order");
        assertThat(defaultWithProblems("sla.yaml", """
                policies:
                calendars: {}
                pause-on: on_hold
                warnings: 50
                """)).containsExactly(
                "sla.yaml: calendars: expected a list of calendars, found a mapping",
                "sla.yaml: policies: expected a list of SLA policies, found nothing (write [] for an empty list)",
                "sla.yaml: pause-on: expected a list of incident statuses, found 'on_hold'",
                "sla.yaml: warnings: expected a list of percentages, found '50'");
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

    private static List<String> problems(String example) {
        return failure(example).problems();
    }

    private static RuleValidationException failure(String example) {
        var failure = catchThrowableOfType(RuleValidationException.class,
                () -> RulePackLoader.load(folder(example)));
        assertThat(failure).as("pack %s must be rejected", example).isNotNull();
        assertThat(failure.packName()).isEqualTo(example);
        return failure;
    }
}
