package dev.itsm.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalStackExtension.class)
class KafkaBrokerITCase {

    @Test
    void shouldDeliverAProducedRecordToAConsumer(KafkaBroker broker) throws Exception {
        String topic = broker.freshTopic("delivery");

        send(broker, topic, List.of("host-1=down"));

        assertThat(readAll(broker, topic, 1)).containsExactly("host-1=down");
    }

    @Test
    void shouldCreateATopicWithTheGivenConfigs(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueName("cmdb");

        broker.createTopic(topic, 2, Map.of("cleanup.policy", "compact"));

        try (Admin admin = admin(broker)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(2);
        }
    }

    @Test
    void shouldKeepATopicsRecordsWhenTheBrokerRestarts(KafkaBroker broker) throws Exception {
        String topic = broker.freshTopic("restart");
        List<String> values = IntStream.range(0, 100).mapToObj(i -> "alert-" + i).toList();
        send(broker, topic, values);

        broker.restart();

        assertThat(readAll(broker, topic, values.size())).containsExactlyInAnyOrderElementsOf(values);
    }

    @Test
    void shouldKeepAcknowledgedRecordsWhenTheBrokerIsKilledAndRestarted(KafkaBroker broker) throws Exception {
        String topic = broker.freshTopic("crash");
        List<String> values = IntStream.range(0, 50).mapToObj(i -> "event-" + i).toList();
        send(broker, topic, values);

        try {
            broker.kill();
            assertThat(broker.isRunning()).isFalse();
        } finally {
            broker.restart(); // the shared broker must be back for the next test
        }

        assertThat(readAll(broker, topic, values.size())).containsExactlyInAnyOrderElementsOf(values);
    }

    @Test
    void shouldRunASecondBrokerBesideTheSharedOneOnItsOwnPorts(KafkaBroker shared, @TempDir Path dir)
            throws Exception {
        try (KafkaBroker second = KafkaBroker.start(dir)) {
            assertThat(second.port()).isNotEqualTo(shared.port());
            String topic = second.freshTopic("second");

            send(second, topic, List.of("only-here"));

            assertThat(readAll(second, topic, 1)).containsExactly("only-here");
            try (Admin admin = admin(shared)) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(topic);
            }
        }
        assertThat(shared.isRunning()).isTrue();
    }

    private static void send(KafkaBroker broker, String topic, List<String> keyEqualsValues) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String keyEqualsValue : keyEqualsValues) {
                String key = keyEqualsValue.split("=")[0];
                producer.send(new ProducerRecord<>(topic, key, keyEqualsValue));
            }
            producer.flush();
        }
    }

    /** Every record of the topic from the beginning, without a consumer group, once {@code expected} have come. */
    private static List<String> readAll(KafkaBroker broker, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static Admin admin(KafkaBroker broker) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return Admin.create(props);
    }
}
