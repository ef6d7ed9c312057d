package dev.itsm.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelMatcherTest {
    private static final Map<String, String> DB_PROD = Map.of("team", "db", "env", "prod", "instance", "db-01:9100");

    @ParameterizedTest(name = "{0} on team=db,env=prod -> {1}")
    @CsvSource(delimiter = ';', value = {
        "team=db             ; true",
        "team=d              ; false",
        "team!=db            ; false",
        "team!=storage       ; true",
        "team=~db|storage    ; true",
        "team=~d             ; false", // anchored: a regex must match the whole value
        "team=~d.*           ; true",
        "team!~db|storage    ; false",
        "team!~stor.*        ; true",
        "instance=~db-\\d+:.* ; true",
        "owner=              ; true",  // an absent label has the empty value
        "owner!=             ; false",
        "team!=              ; true",
        "owner=~.*           ; true",
        "owner=~.+           ; false",
        "owner!~.+           ; true"})
    void shouldMatchLikeAlertmanager(String matcher, boolean matches) {
        assertThat(LabelMatcher.parse(matcher).matches(DB_PROD)).isEqualTo(matches);
    }

    @Test
    void shouldAcceptSpacesAroundTheOperatorAndQuotedValues() {
        LabelMatcher matcher = LabelMatcher.parse(" team =~ \"db|st\\\"orage\" ");

        assertThat(matcher.label()).isEqualTo("team");
        assertThat(matcher.type()).isEqualTo(LabelMatcher.Type.REGEX);
        assertThat(matcher.value()).isEqualTo("db|st\"orage");
        assertThat(matcher.matches(Map.of("team", "st\"orage"))).isTrue();
    }

    @Test
    void shouldPrintAsAlertmanagerDoesAndParseBackToTheSameMatcher() {
        LabelMatcher matcher = LabelMatcher.parse("path=~C:\\\\temp\\d");

        assertThat(matcher).hasToString("path=~\"C:\\\\\\\\temp\\\\d\"");
        assertThat(LabelMatcher.parse(matcher.toString())).isEqualTo(matcher);
        assertThat(LabelMatcher.parse("env=prod")).hasToString("env=\"prod\"");
    }

    @Test
    void shouldKeepALabelNameWithDotsDashesAndSlashes() {
        LabelMatcher matcher = LabelMatcher.parse("app.kubernetes.io/name!=web-ui");

        assertThat(matcher.label()).isEqualTo("app.kubernetes.io/name");
        assertThat(matcher.type()).isEqualTo(LabelMatcher.Type.NOT_EQUAL);
        assertThat(matcher.value()).isEqualTo("web-ui");
    }

    @ParameterizedTest
    @ValueSource(strings = {"team", "=db", "team db", "1team=db", "team~=db", ""})
    void shouldRejectWhatIsNotAMatcher(String text) {
        assertThatThrownBy(() -> LabelMatcher.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a matcher "
                        + "(use label=value, label!=value, label=~regex or label!~regex)");
    }

    @Test
    void shouldRejectAnInvalidRegexNamingWhereItBreaks() {
        assertThatThrownBy(() -> LabelMatcher.parse("team!~db|(storage"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'team!~db|(storage' has an invalid regex: Unclosed group near index 11");
        assertThatThrownBy(() -> LabelMatcher.of("team", LabelMatcher.Type.REGEX, "*db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'team=~*db' has an invalid regex: Dangling meta character '*' near index 0");
    }

    @Test
    void shouldNotTreatEqualityValuesAsRegexes() {
        assertThat(LabelMatcher.parse("team=d.").matches(Map.of("team", "db"))).isFalse();
        assertThat(LabelMatcher.parse("team=(db").matches(Map.of("team", "(db"))).isTrue();
    }
}
