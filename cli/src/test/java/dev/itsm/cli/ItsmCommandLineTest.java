package dev.itsm.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong input on the command line gets a clear message and the usage, and a non-zero exit code. */
class ItsmCommandLineTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine line = Itsm.commandLine();
        line.setErr(new PrintWriter(err));
        line.setOut(new PrintWriter(new StringWriter()));
        return line.execute(args);
    }

    @Test
    void shouldNameAnUnknownFlagAndSuggestTheRightOne() {
        assertThat(run("demo", "--sped", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--sped', '10'").contains("Possible solutions: --speed");
    }

    @Test
    void shouldListTheJobsWhenTheJobIsUnknown() {
        assertThat(run("run", "problems")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for positional parameter at index 0 (JOB)").contains("incident, problem, indexer");
    }

    @Test
    void shouldSayWhichConfigFileIsMissing() {
        assertThat(run("run", "incident", "--config", "/nonexistent/itsm.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("no such file: /nonexistent/itsm.yaml");
    }

    @Test
    void shouldSayWhichDemoInputIsMissing() {
        assertThat(run("demo", "--cmdb", "/nonexistent/cmdb.json")).isEqualTo(2);
        assertThat(err.toString()).contains("no such file: /nonexistent/cmdb.json");
    }

    @Test
    void shouldAskForASubcommand() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand");
    }

    @Test
    void shouldListTheIncidentActionsAndCheckTheTime() {
        assertThat(run("incident", "acknowledge", "inc-1")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for positional parameter at index 0 (ACTION)").contains("ack, hold, resume, resolve");
        assertThat(run("incident", "ack", "inc-1", "--at", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("--at: 'yesterday' is not an RFC 3339 time");
        assertThat(run("incident", "ack")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'ID'");
    }
}
