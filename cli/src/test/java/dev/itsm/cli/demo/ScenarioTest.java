package dev.itsm.cli.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ScenarioTest {
    private static final Instant BASE = Scenario.DEFAULT_BASE;

    private static Scenario parse(String... lines) {
        return Scenario.parse("test.jsonl", String.join("\n", lines), BASE);
    }

    private static List<String> problems(String... lines) {
        return catchThrowableOfType(ScenarioFormatException.class, () -> parse(lines)).problems();
    }

    @Test
    void shouldReadOffsetsAndAbsoluteTimesRelativeToTheBase() {
        Scenario scenario = parse(
                "{\"at\": \"PT0S\", \"format\": \"generic\", \"payload\": {\"name\": \"a\"}}",
                "{\"at\": \"PT12.5S\", \"format\": \"generic\", \"payload\": {\"name\": \"b\"}}",
                "{\"at\": \"2026-01-15T09:03:45.250Z\", \"format\": \"generic\", \"payload\": {\"name\": \"c\"}}",
                "{\"at\": \"2026-01-15T10:30:00+01:00\", \"format\": \"generic\", \"payload\": {\"name\": \"d\"}}");

        assertThat(scenario.entries()).extracting(ScenarioEntry::at).containsExactly(Duration.ZERO,
                Duration.ofMillis(12_500), Duration.ofMillis(225_250), Duration.ofMinutes(30));
        assertThat(scenario.entries().get(1).time(BASE)).isEqualTo(Instant.parse("2026-01-15T09:00:12.500Z"));
        assertThat(scenario.duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(scenario.entries()).extracting(ScenarioEntry::line).containsExactly(1, 2, 3, 4);
    }

    @Test
    void shouldSendThePayloadCompactlyWithKeysAndNumbersAsWritten() {
        ScenarioEntry entry = parse("{\"at\": \"PT1S\", \"format\": \"grafana\", \"note\": \"n\", \"payload\": "
                + "{ \"z\": 1, \"a\": {\"values\": {\"B\": 0.10, \"C\": 1.0, \"big\": 12345678901234567890}}, \"s\": \"München / ☃ \\u2028\" }}")
                .entries().get(0);

        assertThat(entry.payloadText()).isEqualTo(
                "{\"z\":1,\"a\":{\"values\":{\"B\":0.10,\"C\":1.0,\"big\":12345678901234567890}},\"s\":\"München / ☃ \u2028\"}");
        assertThat(entry.format()).isEqualTo("grafana");
        assertThat(entry.note()).isEqualTo("n");
    }

    @Test
    void shouldSendPayloadTextAsIs() {
        ScenarioEntry entry = parse("{\"at\": \"PT1S\", \"format\": \"alertmanager\", \"payload_text\": \"{\\\"receiver\\\": \\\"x\"}")
                .entries().get(0);

        assertThat(entry.payload()).isEqualTo("{\"receiver\": \"x".getBytes(StandardCharsets.UTF_8));
        assertThat(entry.note()).isNull();
    }

    @Test
    void shouldSkipBlankLinesAndKeepFileOrderEvenWhenTimeGoesBack() {
        Scenario scenario = parse("", "{\"at\": \"PT10S\", \"format\": \"generic\", \"payload\": {}}", "   ",
                "{\"at\": \"PT5S\", \"format\": \"generic\", \"payload\": []}", "");

        assertThat(scenario.entries()).extracting(ScenarioEntry::line).containsExactly(2, 4);
        assertThat(scenario.entries()).extracting(ScenarioEntry::at).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    @Test
    void shouldNameEveryBadLineAndWhatIsWrongWithIt() {
        assertThat(problems(
                "{\"at\": \"PT1S\", \"format\": \"generic\", \"payload\": {}}",
                "{\"at\": \"PT1S\", \"format\": \"generic\", \"payload\": {}",
                "[1, 2]",
                "{\"format\": \"generic\", \"payload\": {}}",
                "{\"at\": \"soon\", \"format\": \"generic\", \"payload\": {}}",
                "{\"at\": \"2026-01-15T08:59:59Z\", \"format\": \"generic\", \"payload\": {}}",
                "{\"at\": 12.5, \"format\": \"generic\", \"payload\": {}}",
                "{\"at\": \"PT1S\", \"payload\": {}}",
                "{\"at\": \"PT1S\", \"format\": \" \", \"payload\": {}}",
                "{\"at\": \"PT1S\", \"format\": \"generic\"}",
                "{\"at\": \"PT1S\", \"format\": \"generic\", \"payload\": {}, \"payload_text\": \"x\"}",
                "{\"at\": \"PT1S\", \"format\": \"generic\", \"payload\": null}",
                "{\"at\": \"PT1S\", \"format\": \"generic\", \"payload_text\": {\"a\": 1}}",
                "{\"at\": \"PT1S\", \"format\": \"generic\", \"paylod\": {}, \"payload\": {}}",
                "{\"at\": \"PT1S\", \"at\": \"PT2S\", \"format\": \"generic\", \"payload\": {}}"))
                .containsExactly(
                        "test.jsonl line 2: not JSON at column 50: Unexpected end-of-input: expected close marker for Object",
                        "test.jsonl line 3: expected a JSON object with \"at\", \"format\" and \"payload\" or \"payload_text\", got array",
                        "test.jsonl line 4: missing \"at\" (e.g. \"PT12.5S\" after the base time, or \"2026-01-15T09:00:00Z\")",
                        "test.jsonl line 5: \"at\" must be an ISO-8601 duration such as PT12.5S or an RFC 3339 time such as 2026-01-15T09:00:00Z, was 'soon'",
                        "test.jsonl line 6: \"at\" '2026-01-15T08:59:59Z' is before the scenario's base time 2026-01-15T09:00:00Z",
                        "test.jsonl line 7: \"at\" must be a string such as \"PT12.5S\", was 12.5",
                        "test.jsonl line 8: missing \"format\"",
                        "test.jsonl line 9: \"format\" must be a non-empty string, was \" \"",
                        "test.jsonl line 10: missing \"payload\" (the JSON the system sends) or \"payload_text\" (a raw string)",
                        "test.jsonl line 11: has both \"payload\" and \"payload_text\"; give one",
                        "test.jsonl line 12: \"payload\" is null; for a payload that is not JSON use \"payload_text\"",
                        "test.jsonl line 13: \"payload_text\" must be a string, was object; for JSON use \"payload\"",
                        "test.jsonl line 14: unknown key \"paylod\" (known: at, format, payload, payload_text, note)",
                        "test.jsonl line 15: duplicate key 'at' at column 20");
    }

    @Test
    void shouldSayHowManyProblemsInTheMessage() {
        assertThatThrownBy(() -> parse("{\"at\": \"PT1S\", \"format\": \"generic\"}"))
                .isInstanceOf(ScenarioFormatException.class)
                .hasMessage("Invalid scenario test.jsonl: 1 problem\n  test.jsonl line 1: missing \"payload\" "
                        + "(the JSON the system sends) or \"payload_text\" (a raw string)");
    }

    @Test
    void shouldLoadAFileWithWindowsLineEndings(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("s.jsonl"),
                "{\"at\": \"PT1S\", \"format\": \"zabbix\", \"payload\": {\"event_id\": \"1\"}}\r\n"
                        + "{\"at\": \"PT2S\", \"format\": \"zabbix\", \"payload\": {\"event_id\": \"2\"}}\r\n");

        Scenario scenario = Scenario.load(file);

        assertThat(scenario.source()).isEqualTo(file.toString());
        assertThat(scenario.base()).isEqualTo(Scenario.DEFAULT_BASE);
        assertThat(scenario.entries()).extracting(ScenarioEntry::payloadText)
                .containsExactly("{\"event_id\":\"1\"}", "{\"event_id\":\"2\"}");
    }

    @Test
    void shouldLoadTheDemoScenario() throws IOException {
        Scenario demo = Scenario.load(Path.of("..", "demo", "scenario.jsonl"));

        assertThat(demo.size()).isEqualTo(142);
        assertThat(demo.duration()).isEqualTo(Duration.ofMinutes(73).plusMillis(30_500));
        Map<String, Long> byFormat = demo.entries().stream()
                .collect(Collectors.groupingBy(ScenarioEntry::format, Collectors.counting()));
        assertThat(byFormat).containsExactlyInAnyOrderEntriesOf(
                Map.of("alertmanager", 122L, "grafana", 4L, "zabbix", 4L, "generic", 11L, "nagios", 1L));
        assertThat(demo.entries()).extracting(ScenarioEntry::at).isSorted();
        assertThat(demo.entries()).allSatisfy(e -> assertThat(e.note()).isNotBlank());
        assertThat(demo.entries().stream().filter(e -> e.note().startsWith("(f) rejected")).map(ScenarioEntry::line)
                .collect(Collectors.toMap(Function.identity(), line -> demo.entries().get(line - 1).format())))
                .containsExactlyInAnyOrderEntriesOf(Map.of(11, "alertmanager", 52, "alertmanager", 138, "nagios"));
    }
}
