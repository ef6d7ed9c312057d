package dev.itsm.connectors.cmdb;

import dev.itsm.connectors.json.StrictJson;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.RelationType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CmdbFieldsTest {
    private static final String TYPES = "use one of runs_on, depends_on, hosted_on, connected_to";

    /** Every problem reported, as "error_type | path | message". */
    private final List<String> problems = new ArrayList<>();

    /** The checks of {@code json}'s fields, at {@code path}. */
    private CmdbFields fields(String path, String json) {
        return new CmdbFields(new StrictJson(16).read(json), path,
                (errorType, at, message) -> problems.add(errorType + " | " + at + " | " + message));
    }

    private CmdbFields fields(String json) {
        return fields("$.items[3]", json);
    }

    private static String missing(String path, String key) {
        return DeadLetter.MISSING_FIELD + " | " + path + " | missing \"" + key + "\"";
    }

    private static String invalid(String path, String message) {
        return DeadLetter.INVALID_FIELD + " | " + path + " | " + message;
    }

    @Test
    void shouldNameAFieldUnderItsObjectOrAloneAtTheTop() {
        assertThat(fields("$.items[3]", "{}").path("id")).isEqualTo("$.items[3].id");
        assertThat(fields("", "{}").path("ci.id")).isEqualTo("ci.id");
    }

    @Test
    void shouldReportAMissingRequiredStringAtTheObjectsPath() {
        assertThat(fields("{}").requiredString("id")).isNull();
        assertThat(fields("{\"id\": null}").requiredString("id")).isNull();
        assertThat(fields("", "{}").requiredString("ci.id")).isNull();

        assertThat(problems).containsExactly(missing("$.items[3]", "id"), missing("$.items[3]", "id"), missing("", "ci.id"));
    }

    @Test
    void shouldRefuseARequiredStringOfAnotherTypeOrBlank() {
        assertThat(fields("{\"id\": 1234}").requiredString("id")).isNull();
        assertThat(fields("{\"id\": 12.5}").requiredString("id")).isNull();
        assertThat(fields("{\"id\": true}").requiredString("id")).isNull();
        assertThat(fields("{\"id\": [\"a\"]}").requiredString("id")).isNull();
        assertThat(fields("{\"id\": \"\"}").requiredString("id")).isNull();
        assertThat(fields("", "{\"ci.id\": \" \"}").requiredString("ci.id")).isNull();

        assertThat(problems).containsExactly(
                invalid("$.items[3].id", "must be a string, was a number (quote it: \"1234\")"),
                invalid("$.items[3].id", "must be a string, was a number (quote it: \"12.5\")"),
                invalid("$.items[3].id", "must be a string, was a boolean"),
                invalid("$.items[3].id", "must be a string, was an array"),
                invalid("$.items[3].id", "must not be empty"),
                invalid("ci.id", "must not be empty"));
    }

    @Test
    void shouldReturnARequiredStringAsWritten() {
        assertThat(fields("{\"id\": \" host-db01 \"}").requiredString("id")).isEqualTo(" host-db01 ");
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldTakeAnAbsentNullOrBlankOptionalStringAsNoValue() {
        assertThat(fields("{}").optionalString("name")).isNull();
        assertThat(fields("{\"name\": null}").optionalString("name")).isNull();
        assertThat(fields("{\"name\": \"  \"}").optionalString("name")).isNull();
        assertThat(fields("{\"name\": \" db01 \"}").optionalString("name")).isEqualTo("db01");
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldRefuseAnOptionalStringOfAnotherTypeWithoutAQuotingHint() {
        assertThat(fields("{\"name\": 7}").optionalString("name")).isNull();
        assertThat(fields("", "{\"ci.location\": {}}").optionalString("ci.location")).isNull();

        assertThat(problems).containsExactly(invalid("$.items[3].name", "must be a string, was a number"),
                invalid("ci.location", "must be a string, was an object"));
    }

    @Test
    void shouldReadStringsTrimmedOnceEachAndNameEveryBadElementByIndex() {
        assertThat(fields("{}").strings("identifiers")).isEmpty();
        assertThat(fields("{\"identifiers\": null}").strings("identifiers")).isEmpty();
        assertThat(fields("{\"identifiers\": [\"db01\", \" db01 \", \"10.0.0.1\"]}").strings("identifiers"))
                .containsExactly("db01", "10.0.0.1");
        assertThat(problems).isEmpty();

        assertThat(fields("{\"identifiers\": \"db01\"}").strings("identifiers")).isEmpty();
        assertThat(fields("{\"identifiers\": [\"db01\", 7, \"\", null, \" \", \"web01\"]}").strings("identifiers"))
                .containsExactly("db01", "web01");

        assertThat(problems).containsExactly(
                invalid("$.items[3].identifiers", "must be an array of strings, was a string"),
                invalid("$.items[3].identifiers[1]", "must be a string, was a number"),
                invalid("$.items[3].identifiers[2]", "must not be empty"),
                invalid("$.items[3].identifiers[3]", "must be a string, was null"),
                invalid("$.items[3].identifiers[4]", "must not be empty"));
    }

    @Test
    void shouldReportAMissingCriticalityOnlyWhenRequired() {
        assertThat(fields("{}").optionalCriticality("criticality")).isNull();
        assertThat(fields("{\"criticality\": null}").optionalCriticality("criticality")).isNull();
        assertThat(problems).isEmpty();

        assertThat(fields("", "{}").requiredCriticality("ci.criticality")).isNull();
        assertThat(fields("", "{\"ci.criticality\": null}").requiredCriticality("ci.criticality")).isNull();
        assertThat(problems).containsExactly(missing("", "ci.criticality"), missing("", "ci.criticality"));
    }

    @Test
    void shouldTakeOnlyAnIntegerFromOneToFiveAsCriticality() {
        assertThat(fields("{\"criticality\": 1}").optionalCriticality("criticality")).isEqualTo(1);
        assertThat(fields("{\"criticality\": 5}").requiredCriticality("criticality")).isEqualTo(5);
        assertThat(problems).isEmpty();

        for (String bad : List.of("0", "6", "-1", "2.7", "2.0", "99999999999", "\"2\"", "\"\"", "true", "[2]")) {
            assertThat(fields("{\"criticality\": " + bad + "}").optionalCriticality("criticality")).as(bad).isNull();
        }

        String must = "must be an integer from 1 (most critical) to 5, was ";
        assertThat(problems).containsExactly(
                invalid("$.items[3].criticality", must + "0"),
                invalid("$.items[3].criticality", must + "6"),
                invalid("$.items[3].criticality", must + "-1"),
                invalid("$.items[3].criticality", must + "2.7"),
                invalid("$.items[3].criticality", must + "2.0"),
                invalid("$.items[3].criticality", must + "99999999999"),
                invalid("$.items[3].criticality", must + "a string"),
                invalid("$.items[3].criticality", must + "a string"),
                invalid("$.items[3].criticality", must + "a boolean"),
                invalid("$.items[3].criticality", must + "an array"));
    }

    @Test
    void shouldKeepLabelValuesAsTextAndNameEveryBadOneByItsKey() {
        assertThat(fields("{}").labels("labels")).isEmpty();
        assertThat(fields("{\"labels\": null}").labels("labels")).isEmpty();
        assertThat(fields("{\"labels\": {\"os\": \"linux\", \"replicas\": 3, \"public\": false, \"empty\": \"\"}}").labels("labels"))
                .containsExactly(Map.entry("os", "linux"), Map.entry("replicas", "3"), Map.entry("public", "false"),
                        Map.entry("empty", ""));
        assertThat(problems).isEmpty();

        assertThat(fields("{\"labels\": [\"os\"]}").labels("labels")).isEmpty();
        assertThat(fields("", "{\"labels\": {\"rack\": {\"row\": 3}, \"os\": \"linux\", \"gone\": null, \"ports\": [1]}}")
                .labels("labels")).containsExactly(Map.entry("os", "linux"));

        assertThat(problems).containsExactly(
                invalid("$.items[3].labels", "must be an object of strings, was an array"),
                invalid("labels.rack", "must be a string, number or boolean, was an object"),
                invalid("labels.gone", "must be a string, number or boolean, was null"),
                invalid("labels.ports", "must be a string, number or boolean, was an array"));
    }

    @Test
    void shouldReadARequiredTimeExactlyAsWritten() {
        assertThat(fields("", "{\"@timestamp\": \"2026-01-15T09:00:00+01:00\"}").requiredTime("@timestamp"))
                .isEqualTo(Instant.parse("2026-01-15T08:00:00Z"));
        assertThat(problems).isEmpty();

        assertThat(fields("", "{}").requiredTime("@timestamp")).isNull();
        assertThat(fields("", "{\"@timestamp\": null}").requiredTime("@timestamp")).isNull();
        assertThat(fields("", "{\"@timestamp\": 1768464000000}").requiredTime("@timestamp")).isNull();
        assertThat(fields("", "{\"@timestamp\": \"\"}").requiredTime("@timestamp")).isNull();
        assertThat(fields("", "{\"@timestamp\": \" 2026-01-15T08:00:00Z\"}").requiredTime("@timestamp")).isNull();
        assertThat(fields("", "{\"@timestamp\": \"2026-01-15\"}").requiredTime("@timestamp")).isNull();

        String example = " is not an RFC 3339 time such as 2026-01-15T08:00:00Z";
        assertThat(problems).containsExactly(
                missing("", "@timestamp"),
                missing("", "@timestamp"),
                invalid("@timestamp", "must be an RFC 3339 time such as 2026-01-15T08:00:00Z, was a number"),
                invalid("@timestamp", "''" + example),
                invalid("@timestamp", "' 2026-01-15T08:00:00Z'" + example),
                invalid("@timestamp", "'2026-01-15'" + example));
    }

    @Test
    void shouldReadAnOptionalTimeTrimmedAndTakeABlankOneAsAbsent() {
        assertThat(fields("{\"updated\": \" 2026-01-15T08:00:00Z \"}").optionalTime("updated"))
                .isEqualTo(Instant.parse("2026-01-15T08:00:00Z"));
        assertThat(fields("{}").optionalTime("updated")).isNull();
        assertThat(fields("{\"updated\": null}").optionalTime("updated")).isNull();
        assertThat(fields("{\"updated\": \" \"}").optionalTime("updated")).isNull();
        assertThat(problems).isEmpty();

        assertThat(fields("$", "{\"exported_at\": \" yesterday \"}").optionalTime("exported_at")).isNull();
        assertThat(fields("{\"updated\": 1768464000000}").optionalTime("updated")).isNull();

        assertThat(problems).containsExactly(
                invalid("$.exported_at", "'yesterday' is not an RFC 3339 time such as 2026-01-15T08:00:00Z"),
                invalid("$.items[3].updated", "must be a string, was a number"));
    }

    @Test
    void shouldTakeOnlyAnIntegerOfZeroOrMoreAsRevision() {
        assertThat(fields("{}").revision("revision")).isNull();
        assertThat(fields("{\"revision\": null}").revision("revision")).isNull();
        assertThat(fields("{\"revision\": 0}").revision("revision")).isZero();
        assertThat(fields("{\"revision\": 1768464000000}").revision("revision")).isEqualTo(1_768_464_000_000L);
        assertThat(problems).isEmpty();

        for (String bad : List.of("-1", "1.5", "99999999999999999999", "\"7\"", "true")) {
            assertThat(fields("", "{\"itsm.revision\": " + bad + "}").revision("itsm.revision")).as(bad).isNull();
        }

        assertThat(problems).containsExactly(
                invalid("itsm.revision", "must be an integer >= 0, was -1"),
                invalid("itsm.revision", "must be an integer >= 0, was 1.5"),
                invalid("itsm.revision", "must be an integer >= 0, was 99999999999999999999"),
                invalid("itsm.revision", "must be an integer >= 0, was a string"),
                invalid("itsm.revision", "must be an integer >= 0, was a boolean"));
    }

    @Test
    void shouldReadARelationTypeAsTheCoreCodecDoesInAnyCaseButNoOtherSpelling() {
        assertThat(fields("", "{\"relation.type\": \"runs_on\"}").relationType("relation.type")).isEqualTo(RelationType.RUNS_ON);
        assertThat(fields("", "{\"relation.type\": \"Depends_On\"}").relationType("relation.type")).isEqualTo(RelationType.DEPENDS_ON);
        assertThat(problems).isEmpty();

        assertThat(fields("", "{}").relationType("relation.type")).isNull();
        assertThat(fields("", "{\"relation.type\": null}").relationType("relation.type")).isNull();
        assertThat(fields("", "{\"relation.type\": 0}").relationType("relation.type")).isNull();
        assertThat(fields("", "{\"relation.type\": \"\"}").relationType("relation.type")).isNull();
        assertThat(fields("", "{\"relation.type\": \"runs-on\"}").relationType("relation.type")).isNull();
        assertThat(fields("", "{\"relation.type\": \" runs_on\"}").relationType("relation.type")).isNull();

        assertThat(problems).containsExactly(
                missing("", "relation.type"),
                missing("", "relation.type"),
                invalid("relation.type", "must be a string, was a number"),
                invalid("relation.type", "'' is not a relation type; " + TYPES),
                invalid("relation.type", "'runs-on' is not a relation type; " + TYPES),
                invalid("relation.type", "' runs_on' is not a relation type; " + TYPES));
    }

    @Test
    void shouldReadAHandWrittenRelationTypeWhateverItsCaseSeparatorsOrSpaces() {
        CmdbFields fields = fields("$.relations[0]", "{}");

        assertThat(fields.looseRelationType("type", "runs_on")).isEqualTo(RelationType.RUNS_ON);
        assertThat(fields.looseRelationType("type", " Hosted-On ")).isEqualTo(RelationType.HOSTED_ON);
        assertThat(fields.looseRelationType("type", "connected to")).isEqualTo(RelationType.CONNECTED_TO);
        assertThat(problems).isEmpty();

        assertThat(fields.looseRelationType("type", " uses ")).isNull();
        assertThat(fields.looseRelationType("type", "runs__on")).isNull();

        assertThat(problems).containsExactly(
                invalid("$.relations[0].type", "' uses ' is not a relation type; " + TYPES),
                invalid("$.relations[0].type", "'runs__on' is not a relation type; " + TYPES));
    }

    @Test
    void shouldReportEveryProblemOfAnObjectInTheOrderOfTheChecks() {
        CmdbFields fields = fields("", "{\"ci.id\": 17, \"ci.criticality\": 9, \"labels\": {\"a\": []}}");

        fields.requiredString("ci.id");
        fields.requiredString("ci.type");
        fields.requiredCriticality("ci.criticality");
        fields.labels("labels");
        fields.requiredTime("@timestamp");

        assertThat(problems).containsExactly(
                invalid("ci.id", "must be a string, was a number (quote it: \"17\")"),
                missing("", "ci.type"),
                invalid("ci.criticality", "must be an integer from 1 (most critical) to 5, was 9"),
                invalid("labels.a", "must be a string, number or boolean, was an array"),
                missing("", "@timestamp"));
    }
}
