package dev.itsm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void shouldTakeAnEnvironmentVariableAFileOrTheValueItself() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "from-a-file\n");
        Map<String, String> env = Map.of("ES_PASSWORD", "from-the-environment");

        assertThat(Secrets.resolve("elasticsearch.password", "${env:ES_PASSWORD}", env)).isEqualTo("from-the-environment");
        assertThat(Secrets.resolve("elasticsearch.password", "${file:" + file + "}", env)).isEqualTo("from-a-file");
        assertThat(Secrets.resolve("elasticsearch.password", "literal", env)).isEqualTo("literal");
        assertThat(Secrets.resolve("elasticsearch.password", null, env)).isNull();
        // only a whole value is a reference
        assertThat(Secrets.resolve("kafka.properties.sasl.jaas.config", "x ${env:ES_PASSWORD}", env)).isEqualTo("x ${env:ES_PASSWORD}");
    }

    @Test
    void shouldNameTheSettingAndTheReferenceButNoValueWhenItCannotBeResolved() {
        assertThatThrownBy(() -> Secrets.resolve("elasticsearch.api-key", "${env:NOT_SET}", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("elasticsearch.api-key refers to the environment variable NOT_SET, which is not set");
        assertThatThrownBy(() -> Secrets.resolve("gateway.tokens.grafana", "${file:" + dir.resolve("missing") + "}", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gateway.tokens.grafana refers to the file " + dir.resolve("missing") + ", which cannot be read (NoSuchFileException)");
    }

    @Test
    void shouldMaskSecretValuesButShowReferences() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("elasticsearch.hosts", "https://es:9200");
        settings.put("elasticsearch.username", "elastic");
        settings.put("elasticsearch.password", "s3cret");
        settings.put("elasticsearch.api-key", "${file:/run/secrets/es-api-key}");
        settings.put("gateway.tokens.grafana", "t0ken");
        settings.put("kafka.properties.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"p\";");
        settings.put("kafka.properties.ssl.truststore.password", "changeit");

        assertThat(Secrets.masked(settings)).containsExactly(
                Map.entry("elasticsearch.hosts", "https://es:9200"),
                Map.entry("elasticsearch.username", "elastic"),
                Map.entry("elasticsearch.password", Secrets.MASK),
                Map.entry("elasticsearch.api-key", "${file:/run/secrets/es-api-key}"),
                Map.entry("gateway.tokens.grafana", Secrets.MASK),
                Map.entry("kafka.properties.sasl.jaas.config", Secrets.MASK),
                Map.entry("kafka.properties.ssl.truststore.password", Secrets.MASK));
    }
}
