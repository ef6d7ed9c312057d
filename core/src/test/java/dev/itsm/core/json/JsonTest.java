package dev.itsm.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.core.model.Relation;
import dev.itsm.core.model.TestingRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    record Sample(Instant at, double ratio, Map<String, String> labels) {}

    @Test
    void shouldNameTheTypeAndLocationWhenJsonIsMalformed() {
        assertThatThrownBy(() -> Json.fromString("{\"relation.id\": ", Relation.class))
                .isInstanceOf(JsonCodecException.class)
                .hasMessageStartingWith("Cannot read Relation from JSON at line 1, column ")
                .hasMessageContaining("end-of-input");
    }

    @Test
    void shouldCarryTheRecordsValidationMessageWhenARequiredFieldIsMissing() {
        assertThatThrownBy(() -> Json.fromString("{\"relation.id\":\"r\",\"relation.type\":\"runs_on\"}",
                Relation.class))
                .isInstanceOf(JsonCodecException.class)
                .hasMessageStartingWith("Cannot read Relation from JSON at line 1, column ")
                .hasMessageEndingWith(": Relation source must not be null");
    }

    @Test
    void shouldNameTheFieldWhoseValueHasTheWrongType() {
        String json = Json.toString(TestingRecords.alert()).replace("\"alert.count\":2", "\"alert.count\":\"many\"");

        assertThatThrownBy(() -> Json.fromString(json, dev.itsm.core.model.Alert.class))
                .isInstanceOf(JsonCodecException.class)
                .hasMessageContaining("Cannot read Alert from JSON")
                .hasMessageContaining("at /alert.count");
    }

    @Test
    void shouldRejectNullEmptyAndLiteralNullInputNamingTheType() {
        assertThatThrownBy(() -> Json.fromBytes(null, Relation.class))
                .isInstanceOf(JsonCodecException.class).hasMessage("Cannot read Relation from JSON: input is null");
        assertThatThrownBy(() -> Json.fromBytes(new byte[0], Relation.class))
                .isInstanceOf(JsonCodecException.class).hasMessageContaining("Relation");
        assertThatThrownBy(() -> Json.fromString("null", Relation.class))
                .isInstanceOf(JsonCodecException.class).hasMessage("Cannot read Relation from JSON: the value is null");
    }

    @Test
    void shouldRejectTrailingContentAfterTheValue() {
        String json = Json.toString(TestingRecords.relation()) + " {}";

        assertThatThrownBy(() -> Json.fromString(json, Relation.class)).isInstanceOf(JsonCodecException.class);
    }

    @Test
    void shouldWriteInstantsAsIsoStringsAndMapsSortedByKey() {
        Sample sample = new Sample(Instant.parse("2024-05-01T10:15:30Z"), 0.1, Map.of("b", "2", "a", "1", "c", "3"));

        assertThat(Json.toString(sample))
                .isEqualTo("{\"at\":\"2024-05-01T10:15:30Z\",\"ratio\":0.1,\"labels\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}");
    }

    @Test
    void shouldReadFloatsAsDoublesInTrees() {
        assertThat(Json.tree("{\"x\": 0.999}".getBytes(StandardCharsets.UTF_8)).get("x").isDouble()).isTrue();
    }

    @Test
    void shouldParseATreeAndConvertItToARecord() {
        var tree = Json.tree(Json.toBytes(TestingRecords.relation()));

        assertThat(Json.fromTree(tree, Relation.class)).isEqualTo(TestingRecords.relation());
    }

    @Test
    void shouldRejectATreeWithoutContent() {
        assertThatThrownBy(() -> Json.tree(new byte[0]))
                .isInstanceOf(JsonCodecException.class).hasMessage("Cannot parse JSON: no content");
        assertThatThrownBy(() -> Json.tree("{oops".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonCodecException.class).hasMessageStartingWith("Cannot parse JSON at line 1, column 2: Unexpected character");
    }
}
