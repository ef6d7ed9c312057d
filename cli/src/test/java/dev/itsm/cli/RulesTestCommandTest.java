package dev.itsm.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code itsm rules test} on the default pack's shipped tests and on broken ones: the real jobs, on a MiniCluster. */
class RulesTestCommandTest {
    private static final String PACK = "../rules/pack";
    private static final String EXAMPLES = "src/test/resources/rules-tests/";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine line = Itsm.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void shouldPassTheTestsShippedWithTheDefaultPack() {
        assertThat(run("rules", "test", PACK)).as(out.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("rules/pack/tests/default-pack.yaml")
                .contains("  ok    a database host outage is one P1 incident rooted at the host, routed to its team")
                .endsWith("3 cases: 3 passed, 0 failed\n");
    }

    @Test
    void shouldPrintEveryDifferenceOfAFailingCaseWithItsLine() {
        assertThat(run("rules", "test", PACK, EXAMPLES + "failing.yaml")).as(out.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("  FAIL  the database outage is only a P2 (wrong on purpose)  (line 5, ");
        assertThat(Arrays.stream(out.toString().split("\n")).filter(l -> l.startsWith("          ")).map(String::strip))
                .containsExactly(
                        "line 11: incident [NodeDown@host-fra1-db01, PostgresDown@pg-fra1-shop-primary]: alerts: expected "
                                + "[NodeDown@host-fra1-db01, PostgresDown@pg-fra1-shop-primary], got [NodeDown@host-fra1-db01]; "
                                + "missing [PostgresDown@pg-fra1-shop-primary]",
                        "line 11: incident [NodeDown@host-fra1-db01, PostgresDown@pg-fra1-shop-primary]: priority: expected P2, got P1",
                        "line 11: incident [NodeDown@host-fra1-db01, PostgresDown@pg-fra1-shop-primary]: sla.response: expected met, got running",
                        "line 15: incident with root cause sw-fra1-core: missing",
                        "unexpected incident [DiskFull@build07.example.com]: P3 new \"DiskFull on build07.example.com\" "
                                + "(noc, root cause unknown, 1 alert)");
        assertThat(out.toString()).endsWith("1 case: 0 passed, 1 failed\n");
    }

    @Test
    void shouldRunNothingAndNameEachProblemOfAnInvalidTestFile() {
        assertThat(run("rules", "test", PACK, EXAMPLES + "invalid.yaml")).isEqualTo(2);
        // each problem reads FILE: PATH: WHAT (FILE:LINE: PATH: WHAT once rule files report lines)
        assertThat(out.toString()).startsWith("Invalid rule tests; nothing was run:\n")
                .contains("invalid.yaml").contains("cases[0].alerts[0].at: '2m' is not a time: write +2m for a time after the start\n")
                .contains("cases[0].alerts[1].status: 'down' is not an alert status (firing, resolved)\n")
                .contains("cases[0].expect.incidents[0].priority: 'P7' is not a priority (P1..P5)\n")
                .doesNotContain("FAIL");
    }

    @Test
    void shouldRefuseAMissingPackOrTestFile() {
        assertThat(run("rules", "test", "/nonexistent/pack")).isEqualTo(2);
        assertThat(err.toString()).contains("no rule pack folder: /nonexistent/pack");
        assertThat(run("rules", "test", PACK, "/nonexistent/tests.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("no such file: /nonexistent/tests.yaml");
    }
}
