package dev.itsm.cli.rules;

import dev.itsm.connectors.cmdb.CmdbFormatException;
import dev.itsm.connectors.cmdb.CmdbLoadResult;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RuleTestFile;
import dev.itsm.rules.RuleTestFileException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs rule test files against a pack: every case through the real incident and problem jobs on one embedded
 * cluster, then its expectation checked. Prints a line per case and, for a failing one, every difference.
 */
public final class RuleTests {
    /** Exit codes: all passed, a case failed, a test file or the pack cannot be used. */
    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;

    private RuleTests() {
    }

    /** The test files of a pack: {@code DIR/tests/*.yaml} and {@code *.yml}, by name. */
    public static List<Path> filesOf(Path packDirectory) throws IOException {
        Path tests = packDirectory.resolve("tests");
        if (!Files.isDirectory(tests)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(tests)) {
            return files.filter(f -> Files.isRegularFile(f) && (f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")))
                    .sorted().toList();
        }
    }

    /**
     * Reads every file, then runs every case.
     *
     * @return {@link #PASSED}, {@link #FAILED} or {@link #INVALID} (nothing run: the problems are printed)
     */
    public static int run(RulePack pack, List<Path> files, PrintWriter out) throws Exception {
        List<Loaded> loaded = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                RuleTestFile tests = RuleTestFile.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
                for (int i = 0; i < tests.cases().size(); i++) {
                    RuleTestFile.Case c = tests.cases().get(i);
                    CmdbLoadResult cmdb = OfflineInputs.cmdb(c.cmdb(), file, file + ": cases[" + i + "].cmdb");
                    loaded.add(new Loaded(file, c, cmdb));
                }
            } catch (RuleTestFileException e) {
                problems.addAll(e.problems());
            } catch (CmdbFormatException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            out.println("Invalid rule tests; nothing was run:");
            problems.forEach(p -> out.println("  " + p));
            return INVALID;
        }
        out.printf("Rule pack %s: %d test case%s in %d file%s%n", pack.lineage(), loaded.size(), loaded.size() == 1 ? "" : "s",
                files.size(), files.size() == 1 ? "" : "s");
        int failed = 0;
        Path current = null;
        try (OfflineCluster cluster = OfflineCluster.start()) {
            for (Loaded test : loaded) {
                if (!test.file().equals(current)) {
                    current = test.file();
                    out.println(current);
                }
                long started = System.nanoTime();
                OfflineOutcome outcome = cluster.run(pack, test.cmdb().snapshot(), OfflineInputs.records(test.testCase().alerts()));
                List<String> differences = RuleTestCheck.differences(test.testCase().expect(), outcome, at(test.testCase()));
                out.printf("  %-4s  %s  (line %d, %.1f s)%n", differences.isEmpty() ? "ok" : "FAIL", test.testCase().name(),
                        test.testCase().line(), (System.nanoTime() - started) / 1e9);
                differences.forEach(d -> out.println("          " + d));
                failed += differences.isEmpty() ? 0 : 1;
                out.flush();
            }
        }
        out.printf("%d case%s: %d passed, %d failed%n", loaded.size(), loaded.size() == 1 ? "" : "s", loaded.size() - failed, failed);
        return failed == 0 ? PASSED : FAILED;
    }

    /** When the case looks at the outcome: its {@code expect.at}, else the last alert's time. */
    private static Instant at(RuleTestFile.Case c) {
        if (c.expect().at() != null) {
            return c.expect().at();
        }
        return c.alerts().stream().map(RuleTestFile.AlertStep::at).max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    private record Loaded(Path file, RuleTestFile.Case testCase, CmdbLoadResult cmdb) {
    }
}
