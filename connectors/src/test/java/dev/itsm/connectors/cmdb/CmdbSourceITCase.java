package dev.itsm.connectors.cmdb;

import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo CMDB through the real broker's compacted topic and back into a Flink job, bad records included. */
@ExtendWith(LocalStackExtension.class)
class CmdbSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void shouldCarryTheCmdbThroughTheCompactedTopicAndRejectWhatCannotBeRead(KafkaBroker kafka) throws Exception {
        KafkaConfig config = new KafkaConfig(kafka.bootstrapServers(), kafka.freshTopic("cmdb"), "test-" + UUID.randomUUID(),
                DeliveryGuarantee.AT_LEAST_ONCE);
        String topic = config.topic(Topics.CMDB);
        kafka.createTopic(topic, 2, Map.of("cleanup.policy", "compact"));
        CmdbSnapshot demo = CmdbFiles.load(Path.of("..", "demo", "cmdb.json")).snapshot();

        try (CmdbPublisher publisher = CmdbPublisher.create(kafka.bootstrapServers(), topic)) {
            assertThat(publisher.publish(demo)).isEqualTo(new CmdbPublishResult(47, 79, 0));
            assertThat(publisher.publish(List.of(CmdbChange.deleteItem("host-ams1-auth01")))).isEqualTo(new CmdbPublishResult(0, 0, 1));
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "host-x".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8))).get();
        }

        Configuration flinkConfig = new Configuration();
        flinkConfig.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig);
        env.setParallelism(2);
        List<CmdbRecord> records = env.fromSource(CmdbSource.builder(config, "cmdb-it").setBounded(OffsetsInitializer.latest()).build(),
                        WatermarkStrategy.noWatermarks(), "cmdb")
                .executeAndCollect(1000);

        assertThat(records).hasSize(47 + 79 + 1 + 1);
        List<CmdbRecord> rejected = records.stream().filter(CmdbRecord::isRejected).toList();
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.error()).isEqualTo("CMDB record key 'host-x' must start with 'ci:' or 'relation:'");
            assertThat(r.rejected().originTopic()).isEqualTo(topic);
            assertThat(r.rejected().originalAsText()).isEqualTo("{}");
        });
        // per key, the topic keeps the order, so the delete comes after the upsert it deletes
        CmdbIndex rebuilt = CmdbIndex.fromChanges(records.stream().filter(r -> !r.isRejected()).map(CmdbRecord::change).toList(),
                CmdbIndex.DEFAULT_MAX_DEPTH);
        CmdbIndex expected = CmdbIndex.of(demo);
        expected.apply(CmdbChange.deleteItem("host-ams1-auth01"));
        assertThat(rebuilt.snapshot()).isEqualTo(expected.snapshot());
        assertThat(rebuilt.itemCount()).isEqualTo(46);
    }
}
