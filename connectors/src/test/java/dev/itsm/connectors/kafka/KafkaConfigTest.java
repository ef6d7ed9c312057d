package dev.itsm.connectors.kafka;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaConfigTest {

    @Test
    void shouldPassEveryKafkaPropertiesSettingToTheClientsAndHideSecretsWhenPrinted() {
        KafkaConfig config = KafkaConfig.fromConfiguration(Configuration.fromMap(Map.of(
                "kafka.bootstrap-servers", "broker-1:9093",
                "kafka.properties.security.protocol", "SASL_SSL",
                "kafka.properties.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.properties.sasl.jaas.config", "ScramLoginModule required username=\"itsm\" password=\"pw\";",
                "kafka.properties.ssl.truststore.location", "/etc/kafka/truststore.p12")));

        assertThat(config.clientConfig()).containsOnly(
                Map.entry("bootstrap.servers", "broker-1:9093"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("sasl.jaas.config", "ScramLoginModule required username=\"itsm\" password=\"pw\";"),
                Map.entry("ssl.truststore.location", "/etc/kafka/truststore.p12"));
        assertThat(config.toString()).contains("security.protocol=SASL_SSL").contains("sasl.jaas.config=******").doesNotContain("pw");
    }

    @Test
    void shouldRefuseClientSettingsTheProjectSetsItself() {
        assertThatThrownBy(() -> KafkaConfig.fromConfiguration(Configuration.fromMap(Map.of("kafka.properties.bootstrap.servers", "x:9092"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kafka.properties.bootstrap.servers cannot be set: the project sets bootstrap.servers from kafka.bootstrap-servers");
        assertThatThrownBy(() -> KafkaConfig.fromConfiguration(Configuration.fromMap(Map.of("kafka.properties.group.id", "mine"))))
                .hasMessage("kafka.properties.group.id cannot be set: the project sets group.id itself");
    }
}
