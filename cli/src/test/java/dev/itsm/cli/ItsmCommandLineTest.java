package dev.itsm.cli;

import dev.itsm.core.Secrets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong input on the command line gets a clear message and the usage, and a non-zero exit code. */
class ItsmCommandLineTest {

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine line = Itsm.commandLine();
        line.setErr(new PrintWriter(err));
        line.setOut(new PrintWriter(out));
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

    @Test
    void shouldMaskSecretsWhenPrintingTheConfiguration() {
        assertThat(run("run", "incident", "--print-config", "-D", "elasticsearch.username=elastic",
                "-D", "elasticsearch.password=hunter2", "-D", "kafka.properties.sasl.jaas.config=PlainLoginModule required password=\"pw\";",
                "-D", "elasticsearch.api-key=${file:/run/secrets/es}")).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("""
                elasticsearch.api-key: ${file:/run/secrets/es}
                elasticsearch.password: ******
                elasticsearch.username: elastic
                kafka.properties.sasl.jaas.config: ******
                """);
        assertThat(out.toString() + err).doesNotContain("hunter2").doesNotContain("pw");
    }

    @Test
    void shouldRefuseToSendALiteralSecretToAClusterAsAProgramArgument() {
        assertThat(run("run", "incident", "--jobmanager", "localhost:1", "-D", "elasticsearch.password=hunter2",
                "-D", "gateway.tokens.grafana=${env:GRAFANA_TOKEN}")).isEqualTo(2);
        assertThat(err.toString()).contains("refusing to send the secret value of elasticsearch.password to localhost:1 as a "
                + "program argument, where its web UI shows it: give it as ${env:NAME} or ${file:PATH}, which the JobManager resolves")
                .doesNotContain("hunter2");
    }

    @Test
    void shouldTakeSecretsOnlyAsTheNamesOfEnvironmentVariablesAndNeverShowThemInHelp() {
        // a secret on the command line shows in `ps`, a default value in --help: both are refused here
        List<String> problems = new ArrayList<>();
        checkSecretOptions(Itsm.commandLine(), problems);
        assertThat(problems).isEmpty();
    }

    private static void checkSecretOptions(CommandLine command, List<String> problems) {
        for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
            String name = command.getCommandName() + " " + option.longestName();
            if (Secrets.isSecret(option.longestName()) && !option.longestName().endsWith("-env")) {
                problems.add(name + " takes a secret on the command line");
            }
            if (option.defaultValue() != null && Secrets.isSecret(option.longestName())) {
                problems.add(name + " has a default value");
            }
            for (String line : option.description()) {
                if (line.contains("null")) {
                    problems.add(name + ": its description has an unresolved variable: " + line);
                }
            }
        }
        command.getSubcommands().values().forEach(sub -> checkSecretOptions(sub, problems));
    }
}
