package dev.itsm.rules;

import static dev.itsm.rules.TestingPacks.folder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Severity;
import dev.itsm.core.model.Urgency;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example packs under {@code src/test/resources/packs/}: the good ones load, the bad ones say exactly why not. */
class RulePackValidationTest {
    private static final String ALL_FILES =
            "pack.yaml, fingerprint.yaml, correlation.yaml, priority.yaml, routing.yaml, timing.yaml, ingest.yaml";

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
