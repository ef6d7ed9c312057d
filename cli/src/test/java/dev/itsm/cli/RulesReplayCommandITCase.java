package dev.itsm.cli;

import dev.itsm.cli.demo.Scenario;
import dev.itsm.cli.demo.ScenarioPlayer;
import dev.itsm.cli.rules.AlertTopic;
import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code itsm rules replay --alerts TOPIC[:FROM..TO]} on the real broker: the demo scenario's payloads, written to a
 * topic as the demo plays them, replay to exactly the report the recorded file gives.
 */
@ExtendWith(LocalStackExtension.class)
class RulesReplayCommandITCase {
    private static final Path SCENARIO = Path.of("../demo/scenario.jsonl");

    @TempDir
    Path work;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine line = Itsm.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    /** The demo scenario, played as fast as possible to a fresh topic of one partition (the file's order). */
    private static String topicWithTheScenario(KafkaBroker kafka) throws Exception {
        String topic = kafka.freshTopic("replay") + ".alerts.raw";
        kafka.createTopic(topic, 1);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThat(new ScenarioPlayer(producer, topic, 0).play(Scenario.load(SCENARIO), (n, total, time) -> { })).isEqualTo(142);
        }
        return topic;
    }

    @Test
    void shouldReportFromTheTopicExactlyWhatItReportsFromTheRecordedFile(KafkaBroker kafka) throws Exception {
        String topic = topicWithTheScenario(kafka);
        // without topology correlation: a change with splits, priorities and problems
        String pack = RulesReplayCommandTest.changedPack(work, "correlation.yaml", "  max-hops: 4", "  max-hops: 0").toString();

        assertThat(run("rules", "replay", "--alerts", SCENARIO.toString(), "--cmdb", "../demo/cmdb.json", "--rules", pack,
                "--json")).as(err.toString()).isZero();
        String fromFile = out.toString();
        assertThat(run("rules", "replay", "--alerts", topic + ":2026-01-15T09:00:00Z..2026-01-15T11:00:00Z",
                "--cmdb", "../demo/cmdb.json", "--rules", pack, "--json", "--bootstrap-servers", kafka.bootstrapServers()))
                .as(err.toString()).isZero();

        assertThat(out.toString()).isEqualTo(fromFile).contains("\"kind\":\"split\"");
        assertThat(err.toString()).startsWith("Reading " + topic + ":2026-01-15T09:00:00Z..2026-01-15T11:00:00Z from "
                + kafka.bootstrapServers() + " (no consumer group, nothing committed)\n").endsWith("  142 records read\n");
    }

    @Test
    void shouldReadTheStretchBetweenTimesOrOffsetsAndRefuseATopicThatIsNot(KafkaBroker kafka) throws Exception {
        String topic = topicWithTheScenario(kafka);
        Properties client = new Properties();
        client.put("bootstrap.servers", kafka.bootstrapServers());

        List<RawRecord> offsets = AlertTopic.parse(topic + ":@5..@15").read(client, count -> { });
        Instant from = Instant.parse("2026-01-15T09:30:00Z");
        List<RawRecord> since = AlertTopic.parse(topic + ":" + from + "..").read(client, count -> { });

        assertThat(offsets).extracting(RawRecord::offset).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
        assertThat(since).isNotEmpty().last().extracting(RawRecord::offset).isEqualTo(141L);
        assertThat(since.get(0).timestamp()).isGreaterThanOrEqualTo(from.toEpochMilli());
        assertThat(since.get(0).header("itsm.format")).isNotBlank();

        assertThat(run("rules", "replay", "--alerts", topic + "-missing", "--rules", "../rules/pack",
                "--bootstrap-servers", kafka.bootstrapServers())).isEqualTo(2);
        assertThat(out.toString()).isEqualTo("no topic " + topic + "-missing (or not visible to this client)\n");
    }
}
