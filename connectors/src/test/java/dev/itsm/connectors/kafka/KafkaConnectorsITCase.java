package dev.itsm.connectors.kafka;

import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.TestingRecords;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka builders against the real broker, in real Flink jobs. */
@ExtendWith(LocalStackExtension.class)
class KafkaConnectorsITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static KafkaConfig config(KafkaBroker kafka, String prefix) {
        return new KafkaConfig(kafka.bootstrapServers(), prefix, "test-" + UUID.randomUUID(), DeliveryGuarantee.AT_LEAST_ONCE);
    }

    @Test
    void shouldCarryDomainRecordsAsJsonKeyedByTheirId(KafkaBroker kafka) throws Exception {
        String prefix = kafka.freshTopic("json");
        KafkaConfig config = config(kafka, prefix);
        kafka.createTopic(config.topic(Topics.INCIDENTS), 2);
        List<Incident> incidents = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            incidents.add(TestingRecords.incident().withRevision(i + 1));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromData(incidents).sinkTo(KafkaConnectors.jsonSink(config, Topics.INCIDENTS, Incident::id));
        env.execute("write incidents");

        List<ConsumerRecord<byte[], byte[]>> written = consumeAll(kafka, config.topic(Topics.INCIDENTS), 20);
        assertThat(written).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(TestingRecords.incident().id()));

        StreamExecutionEnvironment read = StreamExecutionEnvironment.getExecutionEnvironment();
        read.setParallelism(2);
        List<Incident> back = read.fromSource(KafkaConnectors.jsonSource(config, Incident.class, Topics.INCIDENTS, "reader")
                        .setBounded(OffsetsInitializer.latest()).build(), WatermarkStrategy.noWatermarks(), "incidents")
                .executeAndCollect(100);
        assertThat(back).containsExactlyInAnyOrderElementsOf(incidents);
    }

    @Test
    void shouldTurnRawRecordsIntoDeadLettersWithTheirExactBytesAndOrigin(KafkaBroker kafka) throws Exception {
        String prefix = kafka.freshTopic("raw");
        KafkaConfig config = config(kafka, prefix);
        kafka.createTopic(config.topic(Topics.ALERTS_RAW), 1);
        kafka.createTopic(config.topic(Topics.ALERTS_DLQ), 1);
        byte[] garbage = {(byte) 0xFF, 0x00, '{', (byte) 0xC3};
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(config.topic(Topics.ALERTS_RAW), garbage);
            record.headers().add("itsm.format", "zabbix".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSource(KafkaConnectors.rawSource(config, Topics.ALERTS_RAW, "raw").setBounded(OffsetsInitializer.latest()).build(),
                        WatermarkStrategy.noWatermarks(), "raw alerts")
                .map(raw -> DeadLetter.of(raw.value(), DeadLetter.NOT_JSON, "not JSON: byte 0 is 0xFF", raw.header("itsm.format"),
                        Instant.ofEpochMilli(raw.timestamp())).withOrigin(raw.topic(), raw.partition(), raw.offset()))
                .sinkTo(DeadLetters.sink(config));
        env.execute("dead letters");

        List<ConsumerRecord<byte[], byte[]>> letters = consumeAll(kafka, config.topic(Topics.ALERTS_DLQ), 1);
        assertThat(letters.get(0).value()).isEqualTo(garbage);
        DeadLetter letter = DeadLetters.fromRecord(letters.get(0));
        assertThat(letter.reason()).isEqualTo("not JSON: byte 0 is 0xFF");
        assertThat(letter.source()).isEqualTo("zabbix");
        assertThat(letter.originTopic()).isEqualTo(config.topic(Topics.ALERTS_RAW));
        assertThat(letter.originOffset()).isZero();
    }

    @Test
    void shouldCreateOnlyTheMissingTopicsCompactingTheStateOnes(KafkaBroker kafka) throws Exception {
        KafkaConfig config = config(kafka, kafka.freshTopic("setup"));
        kafka.createTopic(config.topic(Topics.ALERTS_RAW), 1);

        List<String> created = TopicSetup.ensureTopics(config, 3, List.of(Topics.ALERTS_RAW, Topics.INCIDENTS, Topics.ALERTS_DLQ));

        assertThat(created).containsExactly(config.topic(Topics.INCIDENTS), config.topic(Topics.ALERTS_DLQ));
        assertThat(TopicSetup.ensureTopics(config, 3, List.of(Topics.ALERTS_RAW, Topics.INCIDENTS))).isEmpty();
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            var raw = admin.describeTopics(List.of(config.topic(Topics.ALERTS_RAW))).allTopicNames().get().get(config.topic(Topics.ALERTS_RAW));
            assertThat(raw.partitions()).as("an existing topic is left alone").hasSize(1);
            var resource = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
                    config.topic(Topics.INCIDENTS));
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void shouldCountTheRecordsAGroupHasNotCommitted(KafkaBroker kafka) throws Exception {
        KafkaConfig config = config(kafka, kafka.freshTopic("lag"));
        kafka.createTopic(config.topic(Topics.ALERTS_RAW), 2);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(config.topic(Topics.ALERTS_RAW), i % 2, null, new byte[] {(byte) i})).get();
            }
        }
        String group = config.groupId("lag-test");
        assertThat(ConsumerLag.of(config, group, Topics.ALERTS_RAW)).as("nothing committed").isEqualTo(5);

        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(group, Map.of(
                    new org.apache.kafka.common.TopicPartition(config.topic(Topics.ALERTS_RAW), 0),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(3))).all().get();
        }
        assertThat(ConsumerLag.of(config, group, Topics.ALERTS_RAW)).as("partition 0 done, partition 1 not").isEqualTo(2);
    }

    private static List<ConsumerRecord<byte[], byte[]>> consumeAll(KafkaBroker kafka, String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = kafka.readFromStart(topic, expected, Duration.ofSeconds(30));
        assertThat(records).hasSize(expected);
        return records;
    }
}
