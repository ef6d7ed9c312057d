package dev.itsm.cli;

import dev.itsm.rules.RulePackLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code itsm rules check DIR}: what it prints, and its exit codes for CI (0 valid, 1 invalid, 2 wrong command line). */
class RulesCheckCommandTest {
    private static final String ALL_FILES = String.join(", ", RulePackLoader.FILES);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path work;

    private int run(String... args) {
        CommandLine line = Itsm.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        return line.execute(args);
    }

    /** A pack folder with the default pack's files, some of them replaced ({@code null} leaves a file out). */
    private Path pack(Map<String, String> changed) throws IOException {
        Path folder = Files.createDirectory(work.resolve("pack"));
        for (var file : RulePackLoader.defaultFiles().entrySet()) {
            String text = changed.containsKey(file.getKey()) ? changed.get(file.getKey()) : file.getValue();
            if (text != null) {
                Files.writeString(folder.resolve(file.getKey()), text);
            }
        }
        return folder;
    }

    @Test
    void shouldSayOkWithTheLineageAndTheRulesOfEachKindAndExitZeroForAValidPack() throws IOException {
        Path folder = pack(Map.of());

        assertThat(run("rules", "check", folder.toString())).isEqualTo(0);
        assertThat(out.toString()).matches("OK rule pack default@2026\\.11\\.1#[0-9a-f]{12}: 12 files, 0 routes, "
                + "0 inhibit rules, 0 maintenance windows, 0 silences, 4 problem patterns, 0 known errors, "
                + "5 SLA policies, 4 SLOs, 3 burn-rate alerts\\R");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldPrintEveryProblemWithItsFileAndLineToStandardErrorAndExitOneForAnInvalidPack() throws IOException {
        Map<String, String> changed = new java.util.HashMap<>();
        changed.put("timing.yaml", "# clocks\nresolve-hold: 5 minutes\nreopen-window: 30m\n");
        changed.put("routing.yaml", "routes:\n  - support-group: dba\n");
        changed.put("ingest.yaml", null);
        Path folder = pack(changed);

        assertThat(run("rules", "check", folder.toString())).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).containsExactly(
                folder + "/routing.yaml:2: routes[0].id: is required",
                folder + "/timing.yaml:2: resolve-hold: '5 minutes' is not a duration (use e.g. 5m, 30s, 2h)",
                folder + "/ingest.yaml:0: is missing (a pack has " + ALL_FILES + ")",
                "INVALID rule pack default: 3 problems");
    }

    @Test
    void shouldPrintOnlyTheProblemsWhenQuiet() throws IOException {
        Path valid = pack(Map.of());

        assertThat(run("rules", "check", "--quiet", valid.toString())).isEqualTo(0);
        assertThat(out.toString()).isEmpty();

        Files.writeString(valid.resolve("routes.yaml"), "routes: []\n");
        assertThat(run("rules", "check", "-q", valid.toString())).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                valid + "/routes.yaml:0: is not a rule file (a pack has " + ALL_FILES + ")");
    }

    @Test
    void shouldExitTwoWhenTheFolderIsMissingOrNotAFolderOrNotGiven() throws IOException {
        assertThat(run("rules", "check", work.resolve("nothing").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such folder: " + work.resolve("nothing"));

        Path file = Files.writeString(work.resolve("pack.yaml"), "name: x\n");
        assertThat(run("rules", "check", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("not a folder: " + file);

        assertThat(run("rules", "check")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'DIR'");

        assertThat(run("rules")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand: choose one of [check, test, replay, publish]");
        assertThat(out.toString()).isEmpty();
    }
}
