package dev.itsm.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code itsm rules replay} of the demo scenario: the default pack against a changed copy, on a MiniCluster. */
class RulesReplayCommandTest {
    private static final Path PACK = Path.of("../rules/pack");

    @TempDir
    Path work;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine line = Itsm.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    private Path changedPack(String file, String line, String replacement) throws IOException {
        return changedPack(work, file, line, replacement);
    }

    /** A copy of the default pack in {@code work} with one line of one file replaced. */
    static Path changedPack(Path work, String file, String line, String replacement) throws IOException {
        Path pack = Files.createDirectories(work.resolve("pack"));
        for (Path source : Files.newDirectoryStream(PACK, "*.yaml")) {
            Files.copy(source, pack.resolve(source.getFileName()));
        }
        String text = Files.readString(pack.resolve(file));
        assertThat(text).contains(line);
        Files.writeString(pack.resolve(file), text.replace(line, replacement));
        return pack;
    }

    @Test
    void shouldReportThePrioritiesALowerMatrixCellChanges() throws IOException {
        Path pack = changedPack("priority.yaml", "high:   { high: P1, medium: P2, low: P3 }", "high:   { high: P1, medium: P3, low: P3 }");

        assertThat(run("rules", "replay", "--alerts", "../demo/scenario.jsonl", "--cmdb", "../demo/cmdb.json",
                "--rules", pack.toString(), "--top", "1")).as(out.toString()).isEqualTo(0);

        assertThat(out.toString()).contains(
                "  incidents                      8         8         \n"
                + "    P1                           1         1         \n"
                + "    P2                           5         0       -5\n"
                + "    P3                           2         7       +5\n"
                + "  alerts in incidents           17        17         \n"
                + "  suppressed alerts              0         0         \n"
                + "  problems                       1         1         \n"
                + "  SLA breaches                   1         1         \n"
                + "  rejected payloads              3         3         \n"
                + "\n"
                + "Changes: 5 priority\n"
                + "  priority             2026-01-15T09:01:00.500Z  P3 closed \"PgBackupFailed on pg-ams1-shop-replica\" "
                + "(dba, root cause pg-ams1-shop-replica, 1 alert)\n"
                + "                       P2 -> P3 (lowered)\n"
                + "  ... 4 more (--top 5 shows them all)\n");
    }

    @Test
    void shouldReportTheIncidentsSplitWithoutTopologyCorrelationAsJson() throws IOException {
        Path pack = changedPack("correlation.yaml", "  max-hops: 4", "  max-hops: 0");

        assertThat(run("rules", "replay", "--alerts", "../demo/scenario.jsonl", "--cmdb", "../demo/cmdb.json",
                "--rules", pack.toString(), "--json")).as(out.toString()).isEqualTo(0);

        String json = out.toString();
        assertThat(json).startsWith("{").contains("{\"what\":\"incidents\",\"baseline\":8,\"changed\":14},{\"what\":\"P1\",\"baseline\":1,\"changed\":4}")
                .contains("\"detail\":\"into 6:\\nP1 closed \\\"NodeDown on host-fra1-db01 (+1 more)\\\"")
                .contains("\"kind\":\"problem-gained\"");
        assertThat(json.split("\"kind\":\"split\"", -1)).hasSize(3);
    }

    @Test
    void shouldRefuseWhatItCannotReplay() {
        assertThat(run("rules", "replay", "--alerts", "itsm.alerts.raw:0-100", "--rules", PACK.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--alerts itsm.alerts.raw:0-100: no such file, and not a topic: '0-100' is "
                + "not a range: write FROM..TO, FROM.. or ..TO (each an RFC 3339 time or @OFFSET)");
        assertThat(run("rules", "replay", "--alerts", "itsm.alerts.raw:2026-11-28T10:00:00Z..2026-11-28T09:00", "--rules",
                PACK.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("'2026-11-28T09:00' is not an RFC 3339 time (e.g. 2026-11-28T09:00:00Z) or an offset (@1000)");
        assertThat(run("rules", "replay", "--alerts", "demo/missing.jsonl", "--rules", PACK.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file: demo/missing.jsonl");
        assertThat(run("rules", "replay", "--alerts", "../demo/scenario.jsonl", "--rules", "/nonexistent")).isEqualTo(2);
        assertThat(err.toString()).contains("no rule pack folder: /nonexistent");
    }

    @Test
    void shouldSayWhichKafkaItCouldNotReach() {
        assertThat(run("rules", "replay", "--alerts", "itsm.alerts.raw", "--rules", PACK.toString(),
                "--bootstrap-servers", "127.0.0.1:1", "-D", "kafka.properties.default.api.timeout.ms=2000")).isEqualTo(1);

        assertThat(err.toString()).startsWith("Reading itsm.alerts.raw from 127.0.0.1:1 (no consumer group, nothing committed)\n"
                + "itsm rules replay: cannot read itsm.alerts.raw from Kafka at 127.0.0.1:1: ")
                .endsWith(" (is Kafka running at 127.0.0.1:1? see --bootstrap-servers, kafka.bootstrap-servers)\n");
    }
}
