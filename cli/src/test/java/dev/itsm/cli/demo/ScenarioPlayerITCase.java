package dev.itsm.cli.demo;

import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo scenario through the real broker: event-time stamps months in the past are kept as sent. */
@ExtendWith(LocalStackExtension.class)
class ScenarioPlayerITCase {

    @Test
    void shouldReplayTheDemoScenarioWithItsEventTimesFormatsAndBytes(KafkaBroker kafka) throws Exception {
        String topic = kafka.freshTopic("alerts-raw");
        Scenario scenario = Scenario.load(Path.of("..", "demo", "scenario.jsonl"));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThat(new ScenarioPlayer(producer, topic, 0).play(scenario, (n, total, time) -> { })).isEqualTo(142);
        }

        List<ConsumerRecord<byte[], byte[]>> records = consumeAll(kafka, topic, scenario.size());

        // a fresh topic has several partitions: compare as sets of (timestamp, format, payload)
        assertThat(records).allSatisfy(r -> assertThat(r.timestampType()).isEqualTo(TimestampType.CREATE_TIME));
        assertThat(records.stream().map(ScenarioPlayerITCase::describe).toList()).containsExactlyInAnyOrderElementsOf(
                scenario.entries().stream().map(e -> e.time(scenario.base()).toEpochMilli() + " " + e.format() + " " + e.payloadText()).toList());
    }

    private static String describe(ConsumerRecord<byte[], byte[]> record) {
        return record.timestamp() + " " + new String(record.headers().lastHeader(ScenarioPlayer.FORMAT_HEADER).value(), StandardCharsets.UTF_8)
                + " " + new String(record.value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> consumeAll(KafkaBroker kafka, String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = kafka.readFromStart(topic, expected, Duration.ofSeconds(30));
        assertThat(records).hasSize(expected);
        return records;
    }
}
