package dev.itsm.connectors.alerts;

import static dev.itsm.connectors.alerts.TestingPayloads.SENT_AT;
import static dev.itsm.connectors.alerts.TestingPayloads.resource;
import static dev.itsm.connectors.alerts.TestingPayloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParserSettingsTest {

    @Test
    void shouldSurviveJavaSerializationAsAFlinkFunctionFieldWould() throws Exception {
        var settings = new ParserSettings(4096, Severity.MINOR,
                SeverityWords.of(Map.of("p1", Severity.CRITICAL)), Map.of("zabbix", List.of("host", "trigger_id")));
        var parser = new AlertParser(settings);

        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(parser);
        }
        AlertParser copy;
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (AlertParser) in.readObject();
        }

        assertThat(copy.settings().maxPayloadBytes()).isEqualTo(4096);
        assertThat(copy.settings().identifyingLabels("zabbix")).containsExactly("host", "trigger_id");
        assertThat(copy.settings().severityWords().apply("P1")).contains(Severity.CRITICAL);
        byte[] payload = resource("zabbix-problem.json");
        assertThat(copy.parse(payload, null, SENT_AT)).isEqualTo(parser.parse(payload, null, SENT_AT));
    }

    @Test
    void shouldCopyTheIdentifyingLabelsSoLaterChangesToTheCallersMapDoNotLeakIn() {
        var names = new ArrayList<>(List.of("host"));
        var bySource = new HashMap<String, List<String>>(Map.of("zabbix", names));

        var settings = new ParserSettings(1, Severity.INFO, SeverityWords.none(), bySource);
        names.add("trigger_id");
        bySource.put("generic", List.of("x"));

        assertThat(settings.identifyingLabels("zabbix")).containsExactly("host");
        assertThat(settings.identifyingLabels("generic")).as("missing = all labels").isEmpty();
    }

    @Test
    void shouldRefuseSettingsThatCannotWork() {
        assertThatThrownBy(() -> new ParserSettings(0, Severity.INFO, SeverityWords.none(), Map.of()))
                .hasMessage("maxPayloadBytes must be > 0, was 0");
        assertThatThrownBy(() -> new ParserSettings(1, null, SeverityWords.none(), Map.of()))
                .hasMessage("defaultSeverity must not be null");
        assertThatThrownBy(() -> new ParserSettings(1, Severity.INFO, null, Map.of()))
                .hasMessage("severityWords must not be null");
    }

    @Test
    void shouldHaveOneMebibyteWarningAndAllLabelsAsDefaults() {
        ParserSettings defaults = ParserSettings.defaults();

        assertThat(defaults.maxPayloadBytes()).isEqualTo(1_048_576L);
        assertThat(defaults.defaultSeverity()).isEqualTo(Severity.WARNING);
        assertThat(defaults.severityWords().apply("critical")).isEmpty();
        assertThat(defaults.identifyingLabelsBySource()).isEmpty();
    }

    @Test
    void shouldMatchSeverityWordsAsLenientlyAsSeverityParse() {
        SeverityWords words = SeverityWords.of(Map.of("Not classified", Severity.MINOR));

        assertThat(words.apply(" not-CLASSIFIED ")).contains(Severity.MINOR);
        assertThat(words.apply("other")).isEmpty();
        assertThat(words.apply(null)).isEmpty();
    }

    @Test
    void shouldParkThePayloadInsteadOfThrowingWhenTheSeverityWordsFail() {
        var parser = new AlertParser(new ParserSettings(1024, Severity.INFO, word -> {
            throw new IllegalStateException("broken rule");
        }, Map.of()));

        ParseResult result = parser.parse(utf8("{\"name\":\"A\",\"status\":\"firing\",\"severity\":\"x\"}"), null, SENT_AT);

        assertThat(result.rejected().errorType()).isEqualTo(AlertParser.PARSER_ERROR);
        assertThat(result.rejected().reason())
                .isEqualTo("internal parser error (please report): IllegalStateException: broken rule");
        assertThat(result.rejected().source()).isEqualTo("generic");
    }

    @Test
    void shouldTreatAnEmptyAnswerOrNullFromTheSeverityWordsAsNoOpinion() {
        var parser = new AlertParser(new ParserSettings(1024, Severity.INFO, word -> null, Map.of()));

        ParseResult result = parser.parse(utf8("{\"name\":\"A\",\"status\":\"firing\",\"severity\":\"crit\"}"), null, SENT_AT);

        assertThat(result.alerts().get(0).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void shouldHoldExactlyOneOfAlertsOrADeadLetter() {
        DeadLetter letter = DeadLetter.of(new byte[0], DeadLetter.NOT_JSON, "x", null, SENT_AT);

        assertThat(ParseResult.rejected(letter).alerts()).isEmpty();
        assertThat(ParseResult.rejected(letter).isRejected()).isTrue();
        assertThatThrownBy(() -> ParseResult.ok(List.of())).hasMessage("a parsed payload must yield at least one alert");
        assertThat(Optional.ofNullable(ParseResult.rejected(letter).rejected())).contains(letter);
    }
}
