package dev.itsm.rules;

import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.ProblemStatus;
import dev.itsm.core.model.SlaKind;
import dev.itsm.core.model.SlaState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rule test file ({@code tests/*.yaml} beside a pack's rules): cases, each a small CMDB, a timed list of alerts and
 * the incidents, suppressed alerts, problems and SLA states the pack must make of them. The format is in
 * {@code rules/RULES.md} ("Rule tests"); {@code itsm rules test} runs the files through the real jobs.
 *
 * <p>This is the plain, validated content of the file: alert payloads and the CMDB stay trees of text (mappings,
 * lists and strings, as written) for the alert parser and the CMDB reader to judge, as they judge real input.
 *
 * @param file  the file's name, for messages
 * @param cases in the order of the file
 */
public record RuleTestFile(String file, List<Case> cases) {
    /** Where relative times ({@code +2m}) count from, unless the file says otherwise ({@code start}). */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-15T09:00:00Z");

    static final List<String> KEYS = List.of("start", "cmdb", "cases");
    static final List<String> CASE_KEYS = List.of("name", "start", "cmdb", "alerts", "expect");
    static final List<String> ALERT_KEYS = List.of("at", "name", "status", "severity", "ci", "host", "ip", "service",
            "labels", "summary", "format", "payload");
    static final List<String> EXPECT_KEYS = List.of("at", "incidents", "suppressed", "problems");
    static final List<String> INCIDENT_KEYS = List.of("alerts", "root-cause", "priority", "support-group", "status",
            "title", "impacted-services", "sla");
    static final List<String> SUPPRESSED_KEYS = List.of("alert", "by");
    static final List<String> PROBLEM_KEYS = List.of("pattern", "root-cause", "status", "incidents");

    public RuleTestFile {
        cases = List.copyOf(cases);
    }

    /**
     * One case.
     *
     * @param cmdb   the CMDB export as a tree (the model of a CMDB export file), or the name of an export file
     *               relative to the test file (a {@link String}), or null for an empty CMDB
     * @param alerts in the order they are sent
     */
    public record Case(String name, int line, Object cmdb, List<AlertStep> alerts, Expectation expect) {
        public Case {
            alerts = List.copyOf(alerts);
        }
    }

    /**
     * One alert sent at a time: either the simple form (name, status, severity, CI, host, ip, service, labels,
     * summary: a generic-format alert) or a payload of any format, as its sender writes it.
     *
     * @param payload the payload tree when {@code format} is given; null for the simple form
     */
    public record AlertStep(int line, Instant at, String name, AlertStatus status, String severity, String ci, String host,
                            String ip, String service, Map<String, String> labels, String summary, String format,
                            Object payload) {
        public AlertStep {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /**
     * What must have come out, as of {@code at}. A list that is given is the whole truth: an incident, suppressed
     * alert or problem it does not name fails the case; a list left out is not checked.
     *
     * @param at         when to look; null: at the last alert's time
     * @param incidents  null when not checked
     * @param suppressed null when not checked
     * @param problems   null when not checked
     */
    public record Expectation(int line, Instant at, List<ExpectedIncident> incidents, List<ExpectedSuppression> suppressed,
                              List<ExpectedProblem> problems) {
    }

    /**
     * An incident; every field but the line is optional (null: not checked).
     *
     * @param alerts its member alerts, each {@code NAME@CI} (the CI id, or for an alert the CMDB does not know, the
     *               host, IP or service it carried)
     */
    public record ExpectedIncident(int line, List<String> alerts, String rootCause, Priority priority, String supportGroup,
                                   IncidentStatus status, String title, List<String> impactedServices,
                                   Map<SlaKind, SlaState> sla) {
    }

    /** An alert that made no incident, and why ({@code by}: a prefix of the reason, e.g. {@code maintenance:}). */
    public record ExpectedSuppression(int line, String alert, String by) {
    }

    /** A problem; every field but the line is optional. */
    public record ExpectedProblem(int line, String pattern, String rootCause, ProblemStatus status, Integer incidents) {
    }

    /**
     * Reads and validates a test file.
     *
     * @throws RuleTestFileException with every problem found, each {@code FILE: PATH: WHAT}
     */
    public static RuleTestFile parse(String file, String text) {
        var problems = new Problems();
        Optional<RuleTestFile> result = YamlFiles.parse(file, text, problems)
                .map(root -> read(file, Section.root(file, root, problems)));
        if (!problems.isEmpty() || result.isEmpty()) {
            throw new RuleTestFileException(file, problems.list());
        }
        return result.get();
    }

    private static RuleTestFile read(String file, Section root) {
        var fields = root.mapping("a mapping with " + String.join(", ", KEYS), KEYS);
        if (fields.isEmpty()) {
            return new RuleTestFile(file, List.of());
        }
        Instant start = fields.get().optional("start").flatMap(s -> s.scalar("an RFC 3339 time", Values::time))
                .orElse(DEFAULT_START);
        Object cmdb = fields.get().optional("cmdb").map(RuleTestFile::cmdb).orElse(null);
        var cases = new ArrayList<Case>();
        fields.get().required("cases", "a list of test cases").flatMap(s -> s.list("a list of test cases"))
                .ifPresent(items -> items.forEach(item -> testCase(item, start, cmdb).ifPresent(cases::add)));
        return new RuleTestFile(file, cases);
    }

    private static Optional<Case> testCase(Section item, Instant fileStart, Object fileCmdb) {
        var fields = item.mapping("a test case (a mapping with " + String.join(", ", CASE_KEYS) + ")", CASE_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        String name = fields.get().required("name", "what the case shows").flatMap(s -> s.text("a name")).orElse("");
        Instant start = fields.get().optional("start").flatMap(s -> s.scalar("an RFC 3339 time", Values::time))
                .orElse(fileStart);
        Object cmdb = fields.get().optional("cmdb").map(RuleTestFile::cmdb).orElse(fileCmdb);
        var alerts = new ArrayList<AlertStep>();
        fields.get().required("alerts", "the alerts to send").flatMap(s -> s.list("a list of alerts"))
                .ifPresent(items -> items.forEach(a -> alert(a, start).ifPresent(alerts::add)));
        Optional<Expectation> expect = fields.get().required("expect", "what must come out")
                .flatMap(s -> expectation(s, start));
        return expect.map(e -> new Case(name, item.node().line(), cmdb, alerts, e));
    }

    private static Object cmdb(Section section) {
        if (section.node() instanceof YamlNode.Scalar) {
            return section.text("a CMDB export file name").orElse(null);
        }
        if (!(section.node() instanceof YamlNode.Mapping)) {
            section.problem("expected a CMDB export (a mapping with configuration_items and relations) or the name of "
                    + "an export file, found " + section.node().describe());
            return null;
        }
        return tree(section.node());
    }

    private static Optional<AlertStep> alert(Section item, Instant start) {
        var fields = item.mapping("an alert (a mapping with at, name, status, ...)", ALERT_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        var f = fields.get();
        Optional<Instant> at = f.required("at", "when it is sent: +2m after the start, or an RFC 3339 time")
                .flatMap(s -> s.scalar("a time", text -> time(text, start)));
        Optional<String> format = f.optional("format").flatMap(s -> s.text("an alert format name"));
        if (format.isPresent()) {
            for (String key : ALERT_KEYS) {
                if (!List.of("at", "format", "payload").contains(key) && f.all().containsKey(key)) {
                    f.all().get(key).problem("not with format and payload: the payload says it all");
                }
            }
            Optional<Section> payload = f.required("payload", "the payload as the sender writes it");
            if (at.isEmpty() || payload.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new AlertStep(item.node().line(), at.get(), null, null, null, null, null, null, null,
                    Map.of(), null, format.get(), tree(payload.get().node())));
        }
        if (f.all().containsKey("payload")) {
            f.all().get("payload").problem("needs format (alertmanager, grafana, zabbix, generic)");
        }
        Optional<String> name = f.required("name", "the alert's name").flatMap(s -> s.text("a name"));
        AlertStatus status = f.optional("status").flatMap(s -> s.scalar("firing or resolved", RuleTestFile::status))
                .orElse(AlertStatus.FIRING);
        String severity = optionalText(f, "severity");
        String ci = optionalText(f, "ci");
        String host = optionalText(f, "host");
        String ip = optionalText(f, "ip");
        String service = optionalText(f, "service");
        String summary = optionalText(f, "summary");
        Map<String, String> labels = f.optional("labels").map(RuleTestFile::labels).orElse(Map.of());
        if (at.isEmpty() || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AlertStep(item.node().line(), at.get(), name.get(), status, severity, ci, host, ip, service,
                labels, summary, null, null));
    }

    private static Optional<Expectation> expectation(Section section, Instant start) {
        var fields = section.mapping("a mapping with " + String.join(", ", EXPECT_KEYS), EXPECT_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        var f = fields.get();
        Instant at = f.optional("at").flatMap(s -> s.scalar("a time", text -> time(text, start))).orElse(null);
        List<ExpectedIncident> incidents = f.optional("incidents").map(s -> items(s, "a list of incidents",
                RuleTestFile::incident)).orElse(null);
        List<ExpectedSuppression> suppressed = f.optional("suppressed").map(s -> items(s, "a list of suppressed alerts",
                RuleTestFile::suppression)).orElse(null);
        List<ExpectedProblem> problems = f.optional("problems").map(s -> items(s, "a list of problems",
                RuleTestFile::problem)).orElse(null);
        if (incidents == null && suppressed == null && problems == null) {
            section.problem("expects nothing: give incidents, suppressed or problems (an empty list expects none)");
        }
        return Optional.of(new Expectation(section.node().line(), at, incidents, suppressed, problems));
    }

    private static Optional<ExpectedIncident> incident(Section item) {
        return item.mapping("an incident (a mapping with " + String.join(", ", INCIDENT_KEYS) + ")", INCIDENT_KEYS)
                .map(f -> new ExpectedIncident(item.node().line(),
                        f.optional("alerts").flatMap(s -> s.distinct("a list of alerts (NAME@CI)", "an alert",
                                RuleTestFile::alertReference)).orElse(null),
                        optionalText(f, "root-cause"),
                        f.optional("priority").flatMap(s -> s.scalar("a priority", Values::priority)).orElse(null),
                        optionalText(f, "support-group"),
                        f.optional("status").flatMap(s -> s.scalar("an incident status", RuleTestFile::incidentStatus))
                                .orElse(null),
                        optionalText(f, "title"),
                        f.optional("impacted-services").flatMap(s -> s.distinct("a list of business service ids",
                                "a service id", text -> text)).orElse(null),
                        f.optional("sla").map(RuleTestFile::sla).orElse(null)));
    }

    private static Optional<ExpectedSuppression> suppression(Section item) {
        return item.mapping("a suppressed alert (a mapping with alert and by)", SUPPRESSED_KEYS)
                .flatMap(f -> f.required("alert", "NAME@CI").flatMap(s -> s.scalar("an alert", RuleTestFile::alertReference))
                        .map(alert -> new ExpectedSuppression(item.node().line(), alert, optionalText(f, "by"))));
    }

    private static Optional<ExpectedProblem> problem(Section item) {
        return item.mapping("a problem (a mapping with " + String.join(", ", PROBLEM_KEYS) + ")", PROBLEM_KEYS)
                .map(f -> new ExpectedProblem(item.node().line(), optionalText(f, "pattern"), optionalText(f, "root-cause"),
                        f.optional("status").flatMap(s -> s.scalar("a problem status", RuleTestFile::problemStatus))
                                .orElse(null),
                        f.optional("incidents").flatMap(s -> s.scalar("a number of incidents",
                                text -> Values.wholeNumber(text, 1, 1_000_000, "1 or more"))).orElse(null)));
    }

    private static Map<SlaKind, SlaState> sla(Section section) {
        var clocks = new EnumMap<SlaKind, SlaState>(SlaKind.class);
        section.mapping("a mapping of clock (response, resolution) to state", List.of("response", "resolution"))
                .ifPresent(f -> f.all().forEach((kind, s) -> s.scalar("an SLA state (" + Values.names(SlaState.class) + ")",
                        text -> constant(SlaState.class, text, "an SLA state")).ifPresent(state ->
                        clocks.put(SlaKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)), state))));
        return clocks;
    }

    private static Map<String, String> labels(Section section) {
        var labels = new LinkedHashMap<String, String>();
        section.mapping("a mapping of label name to value", null).ifPresent(f -> f.all().forEach((name, value) -> {
            try {
                Values.labelName(name);
                value.text("a label value").ifPresent(text -> labels.put(name, text));
            } catch (IllegalArgumentException e) {
                value.problem(e.getMessage());
            }
        }));
        return labels;
    }

    private static <T> List<T> items(Section section, String expected, java.util.function.Function<Section, Optional<T>> read) {
        var items = new ArrayList<T>();
        if (section.node() instanceof YamlNode.Empty) {
            return List.of(); // `incidents:` with nothing after it: none expected
        }
        section.list(expected).ifPresent(list -> list.forEach(item -> read.apply(item).ifPresent(items::add)));
        return List.copyOf(items);
    }

    private static String optionalText(Section.Fields fields, String key) {
        return fields.optional(key).flatMap(s -> s.text("a text")).orElse(null);
    }

    /** {@code +2m} (after {@code start}, a duration as in the rule files) or an RFC 3339 time. */
    static Instant time(String text, Instant start) {
        if (text.startsWith("+")) {
            Duration after = Values.duration(text.substring(1));
            return start.plus(after);
        }
        if (text.matches("\\d+[a-z].*")) {
            throw new IllegalArgumentException("'" + text + "' is not a time: write +" + text + " for a time after the start");
        }
        return Values.time(text);
    }

    static String alertReference(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' does not name an alert as NAME@CI (e.g. NodeDown@host-fra1-db01)");
        }
        return text.strip();
    }

    private static AlertStatus status(String text) {
        return constant(AlertStatus.class, text, "an alert status");
    }

    private static IncidentStatus incidentStatus(String text) {
        return constant(IncidentStatus.class, text.replace(' ', '_'), "an incident status");
    }

    private static ProblemStatus problemStatus(String text) {
        return constant(ProblemStatus.class, text.replace(' ', '_'), "a problem status");
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String text, String what) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equalsIgnoreCase(text.strip())) {
                return value;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not " + what + " (" + Values.names(type) + ")");
    }

    /** A YAML value as plain mappings, lists and strings (null for nothing). */
    private static Object tree(YamlNode node) {
        if (node instanceof YamlNode.Mapping mapping) {
            var map = new LinkedHashMap<String, Object>();
            mapping.entries().forEach((key, value) -> map.put(key, tree(value)));
            return map;
        }
        if (node instanceof YamlNode.Sequence sequence) {
            return sequence.items().stream().map(RuleTestFile::tree).toList();
        }
        return node instanceof YamlNode.Scalar scalar ? scalar.text() : null;
    }
}
