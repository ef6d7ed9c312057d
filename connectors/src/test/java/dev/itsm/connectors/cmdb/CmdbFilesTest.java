package dev.itsm.connectors.cmdb;

import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.Relation;
import dev.itsm.core.model.RelationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CmdbFilesTest {
    private static final Instant EXPORTED = Instant.parse("2026-01-15T08:00:00Z");

    private static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(CmdbFilesTest.class.getResource("/cmdb/" + name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> problemsOf(String resource) {
        return catchThrowableOfType(CmdbFormatException.class, () -> CmdbFiles.load(resource(resource))).problems();
    }

    private static CmdbLoadResult parse(String json) {
        return CmdbFiles.parse("inline.json", json.getBytes(StandardCharsets.UTF_8), EXPORTED);
    }

    @Test
    void shouldMapThePlainKeysOntoTheCoreRecords() throws IOException {
        CmdbLoadResult result = CmdbFiles.load(resource("good.json"));

        assertThat(result.warnings()).isEmpty();
        List<ConfigItem> items = result.snapshot().items();
        assertThat(items).extracting(ConfigItem::id).containsExactly("svc-shop", "app-checkout", "host-db01", "sw-core");
        assertThat(items.get(1)).isEqualTo(new ConfigItem("app-checkout", "application", "checkout-api", List.of(), 2,
                "app-shop", "fra1", "svc-shop", Map.of("language", "java", "replicas", "3", "public", "false"),
                EXPORTED, EXPORTED.toEpochMilli()));
        assertThat(items.get(2).identifiers()).containsExactly("db01.fra1.example.com", "10.20.1.21");
        assertThat(items.get(2).updated()).isEqualTo(Instant.parse("2026-01-14T11:00:00Z"));
        assertThat(items.get(2).revision()).isEqualTo(42);
    }

    @Test
    void shouldFillDefaultsForWhatTheExportLeavesOut() throws IOException {
        ConfigItem bare = CmdbFiles.load(resource("good.json")).snapshot().items().get(3);

        assertThat(bare.name()).isEqualTo("sw-core");
        assertThat(bare.criticality()).isEqualTo(ConfigItem.DEFAULT_CRITICALITY);
        assertThat(bare.supportGroup()).isNull();
        assertThat(bare.identifiers()).isEmpty();
        assertThat(bare.labels()).isEmpty();
    }

    @Test
    void shouldReadRelationsWithCanonicalOrGivenIds() throws IOException {
        List<Relation> relations = CmdbFiles.load(resource("good.json")).snapshot().relations();

        assertThat(relations).containsExactly(
                Relation.of("svc-shop", RelationType.DEPENDS_ON, "app-checkout", EXPORTED, EXPORTED.toEpochMilli()),
                Relation.of("app-checkout", RelationType.RUNS_ON, "host-db01", EXPORTED, EXPORTED.toEpochMilli()),
                new Relation("rel-7", RelationType.CONNECTED_TO, "host-db01", "sw-core", EXPORTED, 3));
    }

    @Test
    void shouldWarnButKeepWhatACmdbLegitimatelyContains() throws IOException {
        CmdbLoadResult result = CmdbFiles.load(resource("warnings.json"));
        String file = resource("warnings.json").toString();

        assertThat(result.warnings()).containsExactly(
                file + ": $: unknown key \"source_system\" ignored (known: exported_at, configuration_items, relations)",
                file + ": $.configuration_items[1]: unknown key \"supportgroup\" ignored (known: id, type, name, identifiers, "
                        + "criticality, support_group, location, service, labels, updated, revision)",
                file + ": $.relations[0].target: 'db-shop-primary' is not a configuration item in this file; "
                        + "the relation is kept (the CI may arrive later)",
                file + ": $.relations[2]: duplicates $.relations[1]; kept once",
                file + ": $.relations[3]: 'app-cart' runs_on itself; kept (graph walks are cycle-safe)",
                file + ": $.configuration_items[1].service: 'svc-payments' is not a configuration item in this file; kept",
                file + ": $.configuration_items[2].service: 'app-checkout' has type application, not business_service; kept",
                file + ": $.configuration_items[2].identifiers: identifier 'shop.example.com' is shared by CIs "
                        + "'app-cart', 'lb-fra1'; an alert naming it resolves to none of them");
        assertThat(result.snapshot().items()).hasSize(4);
        assertThat(result.snapshot().relations()).extracting(Relation::target)
                .containsExactly("db-shop-primary", "app-checkout", "app-cart");
    }

    @Test
    void shouldListEveryFatalProblemWithFileAndPath() {
        String file = resource("bad.json").toString();

        assertThat(problemsOf("bad.json")).containsExactly(
                file + ": $.exported_at: 'yesterday' is not an RFC 3339 time such as 2026-01-15T08:00:00Z",
                file + ": $.configuration_items[0].criticality: must be an integer from 1 (most critical) to 5, was 7",
                file + ": $.configuration_items[1]: missing \"id\"",
                file + ": $.configuration_items[2].id: duplicate CI id 'app-checkout', first used at $.configuration_items[0]",
                file + ": $.configuration_items[3].id: must be a string, was a number (quote it: \"1234\")",
                file + ": $.configuration_items[4]: missing \"type\"",
                file + ": $.configuration_items[4].identifiers[1]: must not be empty",
                file + ": $.configuration_items[4].criticality: must be an integer from 1 (most critical) to 5, was a string",
                file + ": $.configuration_items[4].labels.rack: must be a string, number or boolean, was an object",
                file + ": $.configuration_items[5]: must be an object, was a string",
                file + ": $.relations[0].type: 'uses' is not a relation type; use one of runs_on, depends_on, hosted_on, connected_to",
                file + ": $.relations[1]: missing \"type\"",
                file + ": $.relations[3].id: duplicate relation id 'r-1', first used at $.relations[2] for a different relation");
    }

    @Test
    void shouldSayTheExceptionMessageInOnePieceForLogs() {
        assertThatThrownBy(() -> parse("{\"configuration_items\": [{\"id\": \"a\"}]}"))
                .isInstanceOf(CmdbFormatException.class)
                .hasMessage("Invalid CMDB file inline.json: 1 problem\n  inline.json: $.configuration_items[0]: missing \"type\"");
    }

    @Test
    void shouldPointAtTheLineOfMalformedJson() {
        String file = resource("not-json.json").toString();

        assertThat(problemsOf("not-json.json")).singleElement().asString()
                .startsWith(file + ": not valid JSON at line 4, column 3: Unexpected character (']'");
    }

    @Test
    void shouldRejectEmptyAndWronglyShapedFiles() {
        assertThat(problemsOf("empty.json")).containsExactly(resource("empty.json")
                + ": the file is empty; expected an object with \"configuration_items\" and \"relations\"");
        assertThat(catchThrowableOfType(CmdbFormatException.class, () -> parse("[]")).problems())
                .containsExactly("inline.json: $: must be an object with \"configuration_items\" and \"relations\", was an array");
        assertThat(catchThrowableOfType(CmdbFormatException.class, () -> parse("{\"relations\": {}}")).problems())
                .containsExactly("inline.json: $: missing \"configuration_items\" (an array of configuration items)",
                        "inline.json: $.relations: must be an array, was an object");
        assertThat(catchThrowableOfType(CmdbFormatException.class,
                () -> parse("{\"configuration_items\": [], \"configuration_items\": []}")).problems())
                .singleElement().asString().contains("Duplicate field 'configuration_items'");
    }

    @Test
    void shouldAcceptAnExportWithoutRelations() {
        CmdbLoadResult result = parse("{\"configuration_items\": [{\"id\": \"a\", \"type\": \"host\"}]}");

        assertThat(result.snapshot().relations()).isEmpty();
        assertThat(result.snapshot().items().get(0).updated()).isEqualTo(EXPORTED);
    }

    @Test
    void shouldTellHowToConvertYamlBecauseOnlyJsonIsSupported() {
        Path yaml = resource("cmdb.yaml");

        assertThat(catchThrowableOfType(CmdbFormatException.class, () -> CmdbFiles.load(yaml)).problems())
                .containsExactly(yaml + ": YAML CMDB files are not supported yet (jackson-dataformat-yaml is not on the "
                        + "class path); convert it to JSON, e.g. yq -o=json cmdb.yaml > cmdb.json");
    }

    @Test
    void shouldRejectOtherExtensions(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("cmdb.csv"), "id,type\n");

        assertThat(catchThrowableOfType(CmdbFormatException.class, () -> CmdbFiles.load(csv)).problems())
                .containsExactly(csv + ": a CMDB file must be JSON with the extension .json");
        assertThatThrownBy(() -> CmdbFiles.load(dir.resolve("missing.json"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void shouldTakeTheExportTimeFromTheFileWhenItDoesNotSay(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("cmdb.json"), "{\"configuration_items\": [{\"id\": \"a\", \"type\": \"host\"}]}");
        Instant modified = Instant.parse("2026-01-10T10:00:00.123Z");
        Files.setLastModifiedTime(file, FileTime.from(modified));

        ConfigItem item = CmdbFiles.load(file).snapshot().items().get(0);

        assertThat(item.updated()).isEqualTo(modified);
        assertThat(item.revision()).isEqualTo(modified.toEpochMilli());
    }
}
