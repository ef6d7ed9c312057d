package dev.itsm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.core.json.Json;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EnumJsonTest {

    static Stream<Enum<?>> allConstants() {
        return Stream.of(AlertStatus.class, Severity.class, Priority.class, Impact.class, Urgency.class,
                        IncidentStatus.class, ProblemStatus.class, SlaState.class, RelationType.class, SlaKind.class)
                .flatMap(type -> Arrays.stream(type.getEnumConstants()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allConstants")
    void shouldSerialiseEveryEnumConstantAsItsLowercaseName(Enum<?> constant) {
        String expected = constant.name().toLowerCase(Locale.ROOT);

        assertThat(Json.toString(constant)).isEqualTo("\"" + expected + "\"");
        assertThat(Json.fromString("\"" + expected + "\"", constant.getDeclaringClass())).isSameAs(constant);
    }

    @Test
    void shouldWriteMultiWordConstantsInSnakeCase() {
        assertThat(Json.toString(RelationType.RUNS_ON)).isEqualTo("\"runs_on\"");
        assertThat(Json.toString(ProblemStatus.KNOWN_ERROR)).isEqualTo("\"known_error\"");
        assertThat(Json.toString(IncidentStatus.ON_HOLD)).isEqualTo("\"on_hold\"");
    }

    @Test
    void shouldReadEnumsWhateverTheirCase() {
        assertThat(Json.fromString("\"FIRING\"", AlertStatus.class)).isEqualTo(AlertStatus.FIRING);
        assertThat(Json.fromString("\"P2\"", Priority.class)).isEqualTo(Priority.P2);
    }

    @Test
    void shouldRejectAnUnknownEnumValueNamingTheType() {
        assertThatThrownBy(() -> Json.fromString("\"flapping\"", AlertStatus.class))
                .hasMessageContaining("AlertStatus").hasMessageContaining("flapping");
    }
}
