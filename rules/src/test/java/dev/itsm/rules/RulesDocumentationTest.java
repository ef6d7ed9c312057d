package dev.itsm.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation and the default pack in step with the keys the readers accept: a key added to a reader
 * must be documented in RULES.md and spelt out in the default pack, where SRE teams look for it.
 */
class RulesDocumentationTest {
    // Maven runs the tests in the module's folder. If the section moves into the README, point this there.
    private static final Path DOCUMENTATION = Path.of("RULES.md");

    private static final Map<String, List<String>> KEYS_BY_FILE = new LinkedHashMap<>();

    static {
        KEYS_BY_FILE.put(PackSpec.FILE, PackSpec.KEYS);
        KEYS_BY_FILE.put(FingerprintSpec.FILE, FingerprintSpec.KEYS);
        KEYS_BY_FILE.put(CorrelationSpec.FILE, CorrelationSpec.KEYS);
        KEYS_BY_FILE.put(PrioritySpec.FILE, PrioritySpec.KEYS);
        KEYS_BY_FILE.put(RoutingSpec.FILE, RoutingSpec.KEYS);
        KEYS_BY_FILE.put(TimingSpec.FILE, TimingSpec.KEYS);
        KEYS_BY_FILE.put(IngestSpec.FILE, IngestSpec.KEYS);
        KEYS_BY_FILE.put(NoiseSpec.FILE, NoiseSpec.KEYS);
        KEYS_BY_FILE.put(MaintenanceSpec.FILE, MaintenanceSpec.KEYS);
        KEYS_BY_FILE.put(ProblemsSpec.FILE, ProblemsSpec.KEYS);
        KEYS_BY_FILE.put(SlaSpec.FILE, SlaSpec.KEYS);
        KEYS_BY_FILE.put(SloSpec.FILE, SloSpec.KEYS);
    }

    /** Keys below the top level, each of which must be documented too. */
    private static final List<List<String>> NESTED_KEYS = List.of(RoutingSpec.RouteSpec.KEYS,
            FingerprintSpec.SOURCE_KEYS, CorrelationSpec.TOPOLOGY_KEYS, NoiseSpec.FLAPPING_KEYS,
            NoiseSpec.InhibitSpec.KEYS, MaintenanceSpec.WindowSpec.KEYS, MaintenanceSpec.SilenceSpec.KEYS,
            MaintenanceSpec.SCHEDULE_KEYS, MaintenanceSpec.WEEKLY_KEYS, ProblemsSpec.PATTERN_KEYS,
            ProblemPattern.SIGNATURE_FIELDS, Arrays.stream(ProblemPattern.Kind.values())
                    .map(ProblemPattern.Kind::yamlName).toList(), SlaSpec.CALENDAR_KEYS, SlaSpec.POLICY_KEYS,
            SloSpec.UNAVAILABLE_KEYS, SloSpec.BURN_RATE_KEYS, SloSpec.SLO_KEYS,
            Arrays.stream(dev.itsm.core.model.IncidentStatus.values())
                    .map(dev.itsm.core.model.IncidentStatus::json).toList());

    @Test
    void shouldHaveAReaderForEveryFileOfAPack() {
        assertThat(KEYS_BY_FILE.keySet()).containsExactlyElementsOf(RulePackLoader.FILES);
    }

    @Test
    void shouldDocumentEveryFileAndKey() throws IOException {
        String documentation = Files.readString(DOCUMENTATION);

        KEYS_BY_FILE.forEach((file, keys) -> {
            assertThat(documentation).as("RULES.md names %s", file).contains("`" + file + "`");
            keys.forEach(key -> assertThat(documentation).as("RULES.md documents %s in %s", key, file)
                    .contains("`" + key + "`"));
        });
        NESTED_KEYS.forEach(keys -> keys.forEach(key -> assertThat(documentation)
                .as("RULES.md documents %s", key).contains("`" + key + "`")));
    }

    @Test
    void shouldSpellOutEveryKeyInTheDefaultPack() {
        Map<String, String> files = RulePackLoader.defaultFiles();
        var problems = new Problems();

        KEYS_BY_FILE.forEach((file, keys) -> {
            var top = YamlFiles.parse(file, files.get(file), problems).orElseThrow();
            assertThat(top.entries().keySet()).as(file).containsExactlyElementsOf(keys);
        });
        var fingerprint = YamlFiles.parse(FingerprintSpec.FILE, files.get(FingerprintSpec.FILE), problems)
                .orElseThrow();
        var sources = (YamlNode.Mapping) fingerprint.entries().get("identifying-labels");
        assertThat(sources.entries().keySet()).containsExactlyElementsOf(FingerprintSpec.SOURCE_KEYS);
        assertThat(nested(files, CorrelationSpec.FILE, "topology", problems))
                .containsExactlyElementsOf(CorrelationSpec.TOPOLOGY_KEYS);
        assertThat(nested(files, NoiseSpec.FILE, "flapping", problems))
                .containsExactlyElementsOf(NoiseSpec.FLAPPING_KEYS);
        var problemsFile = YamlFiles.parse(ProblemsSpec.FILE, files.get(ProblemsSpec.FILE), problems).orElseThrow();
        var patternKeys = new java.util.LinkedHashSet<String>();
        var kinds = new java.util.ArrayList<String>();
        for (YamlNode item : ((YamlNode.Sequence) problemsFile.entries().get("patterns")).items()) {
            var pattern = (YamlNode.Mapping) item;
            patternKeys.addAll(pattern.entries().keySet());
            kinds.add(((YamlNode.Scalar) pattern.entries().get("kind")).text());
        }
        assertThat(patternKeys).containsExactlyInAnyOrderElementsOf(ProblemsSpec.PATTERN_KEYS);
        assertThat(kinds).as("an example of every kind")
                .containsExactlyInAnyOrder("recurrence", "periodicity", "service-impact", "chronic-flapping");
        var slaFile = YamlFiles.parse(SlaSpec.FILE, files.get(SlaSpec.FILE), problems).orElseThrow();
        for (YamlNode item : ((YamlNode.Sequence) slaFile.entries().get("calendars")).items()) {
            assertThat(((YamlNode.Mapping) item).entries().keySet()).containsExactlyElementsOf(SlaSpec.CALENDAR_KEYS);
        }
        var policyKeys = new java.util.LinkedHashSet<String>();
        for (YamlNode item : ((YamlNode.Sequence) slaFile.entries().get("policies")).items()) {
            policyKeys.addAll(((YamlNode.Mapping) item).entries().keySet());
        }
        // the default policies are by priority only; the conditions they leave out are spelt out in the comments
        assertThat(policyKeys).containsExactlyInAnyOrder("id", "priorities", "calendar", "response", "resolution");
        assertThat(files.get(SlaSpec.FILE)).contains("#   services:", "#   support-groups:");
        var sloFile = YamlFiles.parse(SloSpec.FILE, files.get(SloSpec.FILE), problems).orElseThrow();
        for (YamlNode item : ((YamlNode.Sequence) sloFile.entries().get("burn-rate-alerts")).items()) {
            assertThat(((YamlNode.Mapping) item).entries().keySet()).containsExactlyElementsOf(SloSpec.BURN_RATE_KEYS);
        }
        var sloKeys = new java.util.LinkedHashSet<String>();
        for (YamlNode item : ((YamlNode.Sequence) sloFile.entries().get("slos")).items()) {
            sloKeys.addAll(((YamlNode.Mapping) item).entries().keySet());
        }
        assertThat(sloKeys).containsExactlyInAnyOrderElementsOf(SloSpec.SLO_KEYS);
        assertThat(nested(files, SloSpec.FILE, "unavailable-when", problems)).containsExactly("priority");
        assertThat(files.get(SloSpec.FILE)).contains("# impact: high");
        assertThat(problems.isEmpty()).isTrue();
    }

    private static Set<String> nested(Map<String, String> files, String file, String key, Problems problems) {
        var top = YamlFiles.parse(file, files.get(file), problems).orElseThrow();
        return ((YamlNode.Mapping) top.entries().get(key)).entries().keySet();
    }
}
