package dev.itsm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SeverityAndPriorityTest {

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({
            "critical, CRITICAL", "crit, CRITICAL", "Disaster, CRITICAL", "page, CRITICAL", "EMERGENCY, CRITICAL",
            "high, MAJOR", "error, MAJOR", "major, MAJOR",
            "average, MINOR", "minor, MINOR", "ticket, MINOR",
            "warn, WARNING", "Warning, WARNING", "low, WARNING",
            "info, INFO", "Information, INFO", "'Not classified', INFO", "not-classified, INFO", "'  info  ', INFO"})
    void shouldParseTheSeverityWordsSourcesSend(String word, Severity expected) {
        assertThat(Severity.parse(word)).contains(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "bogus", "5", "1"})
    void shouldParseUnknownOrNumericSeverityAsEmpty(String word) {
        assertThat(Severity.parse(word)).isEmpty();
    }

    @Test
    void shouldNumberSeveritiesFromOneForCriticalToFiveForInfo() {
        assertThat(Severity.CRITICAL.code()).isEqualTo(1);
        assertThat(Severity.INFO.code()).isEqualTo(5);
        for (Severity s : Severity.values()) {
            assertThat(Severity.ofCode(s.code())).isSameAs(s);
        }
        assertThatThrownBy(() -> Severity.ofCode(0)).hasMessage("severity code must be 1..5, was 0");
    }

    @Test
    void shouldNumberPrioritiesFromOneToFive() {
        assertThat(Priority.P1.number()).isEqualTo(1);
        assertThat(Priority.P5.number()).isEqualTo(5);
        for (Priority p : Priority.values()) {
            assertThat(Priority.ofNumber(p.number())).isSameAs(p);
        }
        assertThatThrownBy(() -> Priority.ofNumber(6)).hasMessage("priority number must be 1..5, was 6");
    }
}
