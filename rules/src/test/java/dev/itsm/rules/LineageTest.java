package dev.itsm.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LineageTest {
    private final Map<String, String> files = RulePackLoader.defaultFiles();
    private final String lineage = RulePackLoader.parse(files).lineage();

    @Test
    void shouldBeNameAtVersionHashOfTwelveHexDigits() {
        assertThat(lineage).matches("default@2026\\.11\\.1#[0-9a-f]{12}");
    }

    @Test
    void shouldStayTheSameForTheSameFilesWhateverTheirOrder() {
        var reversed = new TreeMap<String, String>(java.util.Comparator.reverseOrder());
        reversed.putAll(files);

        assertThat(RulePackLoader.parse(Map.copyOf(files)).lineage()).isEqualTo(lineage);
        assertThat(RulePackLoader.parse(reversed).lineage()).isEqualTo(lineage);
        assertThat(RulePackLoader.loadDefault().lineage()).isEqualTo(lineage);
    }

    @Test
    void shouldChangeWhenAnyFilesContentChangesEvenByAComment() {
        for (String file : RulePackLoader.FILES) {
            String changed = RulePackLoader.parse(TestingPacks.defaultWith(file, files.get(file) + "# edited\n"))
                    .lineage();
            assertThat(changed).as(file).startsWith("default@2026.11.1#").isNotEqualTo(lineage);
        }
    }

    @Test
    void shouldChangeWhenContentMovesBetweenFiles() {
        // the same bytes in total, split differently: the file names are part of the hash
        var moved = new TreeMap<>(files);
        moved.put("correlation.yaml", files.get("correlation.yaml") + "\n");
        moved.put("fingerprint.yaml", files.get("fingerprint.yaml").substring(0,
                files.get("fingerprint.yaml").length() - 1));

        assertThat(RulePackLoader.parse(moved).lineage()).isNotEqualTo(lineage);
    }

    @Test
    void shouldIgnoreWindowsLineEndingsAndAByteOrderMark() {
        var windows = new TreeMap<String, String>();
        files.forEach((name, text) -> windows.put(name, "\uFEFF" + text.replace("\n", "\r\n")));

        assertThat(RulePackLoader.parse(windows).lineage()).isEqualTo(lineage);
    }

    @Test
    void shouldMakePacksFromTheSameFilesEqual() {
        assertThat(RulePackLoader.parse(files)).isEqualTo(RulePackLoader.loadDefault())
                .hasSameHashCodeAs(RulePackLoader.loadDefault())
                .hasToString("RulePack[" + lineage + "]");
    }
}
