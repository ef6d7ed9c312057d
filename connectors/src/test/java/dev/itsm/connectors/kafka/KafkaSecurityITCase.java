package dev.itsm.connectors.kafka;

import dev.itsm.core.model.Incident;
import dev.itsm.core.model.TestingRecords;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code kafka.properties.*} settings reach every client: topic setup, a Flink job's sink and source, all
 * authenticating with SASL/PLAIN against the broker's SASL listener, the JAAS line (with its password) read from a
 * secret file.
 */
@ExtendWith(LocalStackExtension.class)
class KafkaSecurityITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    private Configuration saslSettings(KafkaBroker kafka, String prefix, String password) throws Exception {
        Path jaas = Files.writeString(dir.resolve("kafka-jaas-" + password), "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"" + KafkaBroker.SASL_USERNAME + "\" password=\"" + password + "\";\n");
        Configuration conf = new Configuration();
        conf.setString(KafkaOptions.BOOTSTRAP_SERVERS.key(), kafka.saslBootstrapServers());
        conf.setString(KafkaOptions.TOPIC_PREFIX.key(), prefix);
        conf.setString(KafkaOptions.PROPERTIES_PREFIX + "security.protocol", "SASL_PLAINTEXT");
        conf.setString(KafkaOptions.PROPERTIES_PREFIX + "sasl.mechanism", "PLAIN");
        conf.setString(KafkaOptions.PROPERTIES_PREFIX + "sasl.jaas.config", "${file:" + jaas + "}");
        return conf;
    }

    @Test
    void shouldCreateTopicsWriteAndReadThroughAnAuthenticatedListener(KafkaBroker kafka) throws Exception {
        KafkaConfig config = KafkaConfig.fromConfiguration(saslSettings(kafka, kafka.freshTopic("sasl"), KafkaBroker.SASL_PASSWORD));
        assertThat(config.toString()).doesNotContain(KafkaBroker.SASL_PASSWORD);

        assertThat(TopicSetup.ensureTopics(config, 2, List.of(Topics.INCIDENTS))).containsExactly(config.topic(Topics.INCIDENTS));
        List<Incident> incidents = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            incidents.add(TestingRecords.incident().withRevision(i + 1));
        }
        StreamExecutionEnvironment write = StreamExecutionEnvironment.getExecutionEnvironment();
        write.setParallelism(1);
        write.fromData(incidents).sinkTo(KafkaConnectors.jsonSink(config, Topics.INCIDENTS, Incident::id));
        write.execute("write over SASL");

        StreamExecutionEnvironment read = StreamExecutionEnvironment.getExecutionEnvironment();
        read.setParallelism(1);
        List<Incident> back = read.fromSource(KafkaConnectors.jsonSource(config, Incident.class, Topics.INCIDENTS, "sasl-reader")
                        .setBounded(OffsetsInitializer.latest()).build(), WatermarkStrategy.noWatermarks(), "incidents")
                .executeAndCollect(100);
        assertThat(back).containsExactlyInAnyOrderElementsOf(incidents);
        // and they are really there, seen from the plain listener
        assertThat(kafka.readFromStart(config.topic(Topics.INCIDENTS), 10, Duration.ofSeconds(30))).hasSize(10);
    }

    @Test
    void shouldFailClearlyWithoutShowingThePasswordWhenItIsWrong(KafkaBroker kafka) throws Exception {
        KafkaConfig config = KafkaConfig.fromConfiguration(saslSettings(kafka, kafka.freshTopic("sasl-wrong"), "not-the-password"));

        assertThatThrownBy(() -> TopicSetup.ensureTopics(config, 1, List.of(Topics.INCIDENTS)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(kafka.saslBootstrapServers())
                .hasMessageContaining("Authentication failed")
                .message().doesNotContain("not-the-password");
    }
}
