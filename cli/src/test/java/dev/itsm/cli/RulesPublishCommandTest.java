package dev.itsm.cli;

import dev.itsm.connectors.rules.RulePackPublisher;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.rules.RulePackLoader;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code itsm rules publish}'s exit codes and output, on Kafka's mock producer. */
class RulesPublishCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final List<String> connections = new ArrayList<>();

    private int run(String... args) {
        RulesPublishCommand command = new RulesPublishCommand();
        command.publishers = (servers, topic) -> {
            connections.add(servers + " " + topic);
            return new RulePackPublisher(producer, topic, Clock.systemUTC());
        };
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        return line.execute(args);
    }

    private Path defaultPackWith(String file, String text) throws IOException {
        for (Map.Entry<String, String> entry : RulePackLoader.defaultFiles().entrySet()) {
            Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
        }
        Files.writeString(dir.resolve(file), text);
        return dir;
    }

    @Test
    void shouldPublishAValidPackAndPrintItsLineage() throws IOException {
        Path pack = defaultPackWith("README.md", "");
        String lineage = RulePackLoader.load(pack).lineage();

        int code = run(pack.toString(), "--bootstrap-servers", "127.0.0.1:9", "-D", "kafka.topic-prefix=test");

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("published " + lineage + " to test.rules (12 files)" + System.lineSeparator());
        assertThat(connections).containsExactly("127.0.0.1:9 test.rules");
        assertThat(producer.history()).singleElement()
                .satisfies(record -> assertThat(RulePackRecord.fromJson(record.value()).lineage()).isEqualTo(lineage));
    }

    @Test
    void shouldRefuseAnInvalidPackWithItsProblemsAndExitCodeOne() throws IOException {
        Path pack = defaultPackWith("timing.yaml", "resolve-hold: 5 minutes\n");

        int code = run(pack.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("itsm rules publish: not published: rule pack 'default' is invalid:")
                .contains("timing.yaml").contains("resolve-hold");
        assertThat(out.toString()).isEmpty();
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldCallAMissingFolderAUsageError() {
        int code = run(dir.resolve("nowhere").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no such folder: " + dir.resolve("nowhere"));
        assertThat(connections).isEmpty();
    }

    @Test
    void shouldAskForTheFolder() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'DIR'");
    }

    @Test
    void shouldBeReachableAsItsmRulesPublish() {
        CommandLine itsm = Itsm.commandLine();
        itsm.setErr(new PrintWriter(err));
        assertThat(itsm.getSubcommands().get("rules").getSubcommands()).containsKey("publish");
        assertThat(itsm.execute("rules", "publish", dir.resolve("nowhere").toString())).isEqualTo(2);
        assertThat(itsm.execute("rules")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand");
    }
}
