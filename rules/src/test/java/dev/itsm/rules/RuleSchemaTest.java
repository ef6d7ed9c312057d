package dev.itsm.rules;

import static dev.itsm.rules.TestingPacks.folder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Severity;
import dev.itsm.core.model.Urgency;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schema of the rule-pack format under {@code rules/schema/} ({@code FILE.schema.json} per file of a pack,
 * {@code common.schema.json} for the values they share) agrees with the loader: the default pack and every good
 * example pack pass it, each bad example pack fails it in exactly the files its {@code schema-rejects.txt} lists
 * (the loader finds more: references, order, uniqueness of ids), and it has a property for every key the loader
 * reads and no other.
 */
class RuleSchemaTest {
    // Maven runs the tests in the module's folder
    private static final Path SCHEMAS = Path.of("schema");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final Map<String, JsonSchema> SCHEMA_BY_FILE = new HashMap<>();

    /** The spec class that reads each file, in the order of {@link RulePackLoader#FILES}. */
    private static final List<Class<?>> SPECS = List.of(PackSpec.class, FingerprintSpec.class, CorrelationSpec.class,
            PrioritySpec.class, RoutingSpec.class, TimingSpec.class, IngestSpec.class, NoiseSpec.class,
            MaintenanceSpec.class, ProblemsSpec.class, SlaSpec.class, SloSpec.class);

    /** Where in a file's schema each list of keys the loader reads is: {@code Class.FIELD} to file and JSON pointer. */
    private static final Map<String, String[]> KEYS_IN_SCHEMA = new LinkedHashMap<>();

    static {
        keys(PackSpec.class, "KEYS", "");
        keys(FingerprintSpec.class, "KEYS", "");
        keys(FingerprintSpec.class, "SOURCE_KEYS", "/properties/identifying-labels");
        keys(CorrelationSpec.class, "KEYS", "");
        keys(CorrelationSpec.class, "TOPOLOGY_KEYS", "/properties/topology");
        keys(PrioritySpec.class, "KEYS", "");
        keys(RoutingSpec.class, "KEYS", "");
        keys(RoutingSpec.RouteSpec.class, "KEYS", "/definitions/route");
        keys(TimingSpec.class, "KEYS", "");
        keys(IngestSpec.class, "KEYS", "");
        keys(NoiseSpec.class, "KEYS", "");
        keys(NoiseSpec.class, "FLAPPING_KEYS", "/properties/flapping");
        keys(NoiseSpec.InhibitSpec.class, "KEYS", "/definitions/inhibit-rule");
        keys(MaintenanceSpec.class, "KEYS", "");
        keys(MaintenanceSpec.class, "SCHEDULE_KEYS", "/definitions/schedule");
        keys(MaintenanceSpec.class, "WEEKLY_KEYS", "/definitions/schedule/properties/weekly");
        keys(MaintenanceSpec.WindowSpec.class, "KEYS", "/definitions/window");
        keys(MaintenanceSpec.SilenceSpec.class, "KEYS", "/definitions/silence");
        keys(ProblemsSpec.class, "KEYS", "");
        keys(ProblemsSpec.class, "PATTERN_KEYS", "/definitions/pattern");
        keys(ProblemsSpec.class, "KNOWN_ERROR_KEYS", "/definitions/known-error");
        keys(SlaSpec.class, "KEYS", "");
        keys(SlaSpec.class, "CALENDAR_KEYS", "/definitions/calendar");
        keys(SlaSpec.class, "POLICY_KEYS", "/definitions/policy");
        keys(SloSpec.class, "KEYS", "");
        keys(SloSpec.class, "UNAVAILABLE_KEYS", "/definitions/unavailable-when");
        keys(SloSpec.class, "BURN_RATE_KEYS", "/definitions/burn-rate-alert");
        keys(SloSpec.class, "SLO_KEYS", "/definitions/slo");
    }

    /** @param pointer in the schema of the file the spec (or the spec it is nested in) reads */
    private static void keys(Class<?> spec, String field, String pointer) {
        Class<?> fileSpec = spec.getEnclosingClass() == null ? spec : spec.getEnclosingClass();
        KEYS_IN_SCHEMA.put(spec.getSimpleName() + "." + field, new String[] {constant(fileSpec, "FILE"), pointer});
    }

    @Test
    void shouldAcceptEveryFileOfTheDefaultPack() {
        assertThat(rejectedFiles(RulePackLoader.defaultFiles())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.itsm.rules.RulePackValidationTest#goodPacks")
    void shouldAcceptEveryFileOfEachGoodExamplePack(String example) {
        assertThat(rejectedFiles(RulePackLoader.readFiles(folder(example)))).isEmpty();
    }

    /**
     * A bad pack's {@code schema-rejects.txt} names the files an editor with the schema already marks (one a line;
     * no such file: none); the others break rules a schema cannot state.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.itsm.rules.RulePackValidationTest#badPacks")
    void shouldRejectEachBadExamplePackInTheFilesItsSchemaRejectsTxtLists(String example) throws IOException {
        Path listed = folder(example).resolve("schema-rejects.txt");
        List<String> expected = Files.exists(listed) ? Files.readAllLines(listed) : List.of();

        Map<String, List<String>> rejected = rejectedFiles(RulePackLoader.readFiles(folder(example)));

        assertThat(rejected.keySet()).as("the files of %s the schema rejects: %s", example, rejected)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).as("the schema is never stricter than the loader")
                .isSubsetOf(TestingPacks.expectedProblems(example).stream()
                        .map(problem -> problem.substring(0, problem.indexOf(':'))).toList());
    }

    @Test
    void shouldHaveASchemaForEveryFileOfAPackAndAReaderForEverySchema() throws IOException {
        assertThat(SPECS).extracting(spec -> constant(spec, "FILE")).containsExactlyElementsOf(RulePackLoader.FILES);
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(Stream.concat(Stream.of("common.schema.json"),
                            RulePackLoader.FILES.stream().map(RuleSchemaTest::schemaName)).toList());
        }
    }

    /** Fails when a reader gains a list of keys ({@code KEYS}, {@code *_KEYS}) that this test does not place. */
    @Test
    void shouldPlaceEveryListOfKeysTheLoaderReadsInTheSchema() {
        var lists = new ArrayList<String>();
        readers().forEach(type -> {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == List.class
                        && (field.getName().equals("KEYS") || field.getName().endsWith("_KEYS"))) {
                    lists.add(type.getSimpleName() + "." + field.getName());
                }
            }
        });
        assertThat(lists).containsExactlyInAnyOrderElementsOf(KEYS_IN_SCHEMA.keySet());
    }

    @Test
    void shouldHaveExactlyTheKeysTheLoaderReads() {
        KEYS_IN_SCHEMA.forEach((list, place) -> {
            String[] owner = list.split("\\.");
            Class<?> spec = readers().filter(type -> type.getSimpleName().equals(owner[0])).findFirst().orElseThrow();
            assertThat(properties(place[0], place[1])).as("%s at %s%s", list, place[0], place[1])
                    .containsExactlyInAnyOrderElementsOf(constant(spec, owner[1]));
        });
        // the keys that are the names of enum constants or days rather than a KEYS list
        List<String> severities = Arrays.stream(Severity.values()).map(RuleSchemaTest::lower).toList();
        List<String> levels = Arrays.stream(Impact.values()).map(RuleSchemaTest::lower).toList();
        assertThat(Arrays.stream(Urgency.values()).map(RuleSchemaTest::lower)).containsExactlyElementsOf(levels);
        assertThat(properties(PrioritySpec.FILE, "/properties/urgency-by-severity"))
                .containsExactlyElementsOf(severities);
        assertThat(properties(PrioritySpec.FILE, "/properties/impact-by-criticality"))
                .containsExactly("1", "2", "3", "4", "5");
        assertThat(properties(PrioritySpec.FILE, "/properties/matrix")).containsExactlyElementsOf(levels);
        for (String impact : levels) {
            assertThat(properties(PrioritySpec.FILE, "/properties/matrix/properties/" + impact))
                    .containsExactlyElementsOf(levels);
        }
        assertThat(properties(SlaSpec.FILE, "/definitions/calendar/properties/hours"))
                .containsExactlyElementsOf(Values.DAYS);
        assertThat(JSON.convertValue(node(ProblemsSpec.FILE, "/definitions/pattern/properties/kind/enum"), List.class))
                .containsExactlyElementsOf(Arrays.stream(ProblemPattern.Kind.values())
                        .map(ProblemPattern.Kind::yamlName).toList());
    }

    /** The spec classes and the classes nested in them (the specs of a list's items). */
    private static Stream<Class<?>> readers() {
        return SPECS.stream().flatMap(spec -> Stream.concat(Stream.of(spec), Arrays.stream(spec.getDeclaredClasses())));
    }

    /** So that an unknown key is an error in the editor as it is for the loader, and every key is explained. */
    @Test
    void shouldCloseEveryMappingAndDescribeEveryKey() {
        for (String file : RulePackLoader.FILES) {
            walk(file, "", node(file, ""));
        }
    }

    private static void walk(String file, String pointer, JsonNode schema) {
        if (schema.has("properties")) {
            assertThat(schema.get("additionalProperties")).as("%s%s: additionalProperties", file, pointer)
                    .isEqualTo(JSON.getNodeFactory().booleanNode(false));
            schema.get("properties").properties().forEach(property -> {
                JsonNode value = property.getValue();
                JsonNode described = value.has("$ref") ? node(file, value.get("$ref").asText().substring(1)) : value;
                assertThat(described.has("description")).as("%s%s/properties/%s has a description", file, pointer,
                        property.getKey()).isTrue();
            });
        }
        schema.properties().forEach(child -> {
            if (child.getValue().isObject()) {
                walk(file, pointer + "/" + child.getKey(), child.getValue());
            }
        });
    }

    /**
     * The files of a pack that fail their schema, each with the schema's messages. A file that is not YAML, or has a
     * key twice, fails too, as it does in an editor; an empty file is an empty mapping, as the loader reads it.
     */
    private static Map<String, List<String>> rejectedFiles(Map<String, String> files) {
        var rejected = new TreeMap<String, List<String>>();
        files.forEach((file, text) -> {
            if (!RulePackLoader.FILES.contains(file)) {
                return; // no schema: the loader reports it as not a rule file
            }
            var messages = new ArrayList<String>();
            // document by document, as an editor validates them (a reader of values would unwrap a top-level list)
            try (JsonParser parser = YAML.createParser(text)) {
                while (parser.nextToken() != null) {
                    JsonNode document = YAML.readTree(parser);
                    JsonNode mapping = document == null || document.isNull() || document instanceof MissingNode
                            ? JSON.createObjectNode() : document;
                    schema(file).validate(mapping).stream().map(ValidationMessage::getMessage).forEach(messages::add);
                }
            } catch (JacksonException e) {
                messages.add(e.getOriginalMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!messages.isEmpty()) {
                rejected.put(file, messages);
            }
        });
        return rejected;
    }

    private static synchronized JsonSchema schema(String file) {
        return SCHEMA_BY_FILE.computeIfAbsent(file, name -> FACTORY.getSchema(
                SchemaLocation.of(SCHEMAS.resolve(schemaName(name)).toAbsolutePath().toUri().toString())));
    }

    private static String schemaName(String file) {
        return file.replace(".yaml", ".schema.json");
    }

    private static List<String> properties(String file, String pointer) {
        var names = new ArrayList<String>();
        node(file, pointer).get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode node(String file, String pointer) {
        try {
            JsonNode found = JSON.readTree(SCHEMAS.resolve(schemaName(file)).toFile()).at(pointer);
            assertThat(found.isMissingNode()).as("%s%s exists", schemaName(file), pointer).isFalse();
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T constant(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return (T) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " has no " + name, e);
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
