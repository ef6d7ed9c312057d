package dev.itsm.connectors.elasticsearch;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElasticsearchConfigTest {

    @Test
    void shouldHaveSensibleDefaults() {
        ElasticsearchConfig config = ElasticsearchConfig.fromConfiguration(new Configuration());
        assertThat(config.hosts()).containsExactly("http://localhost:9200");
        assertThat(config.bulkMaxActions()).isEqualTo(1000);
        assertThat(config.bulkMaxBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(config.bulkFlushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.index("incidents")).isEqualTo("itsm-incidents");
    }

    @Test
    void shouldReadOptionsByTheirDocumentedKeys() {
        Configuration conf = Configuration.fromMap(java.util.Map.of(
                "elasticsearch.hosts", "http://es1:9200;https://es2:9200",
                "elasticsearch.bulk.max-actions", "10",
                "elasticsearch.bulk.max-size", "1mb",
                "elasticsearch.bulk.flush-interval", "200 ms",
                "elasticsearch.index-prefix", "noc",
                "elasticsearch.api-key", "c2VjcmV0"));
        ElasticsearchConfig config = ElasticsearchConfig.fromConfiguration(conf);
        assertThat(config.hosts()).containsExactly("http://es1:9200", "https://es2:9200");
        assertThat(config.bulkMaxActions()).isEqualTo(10);
        assertThat(config.bulkMaxBytes()).isEqualTo(1024 * 1024);
        assertThat(config.bulkFlushInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.index("slo")).isEqualTo("noc-slo");
        assertThat(config.toString()).doesNotContain("c2VjcmV0");
    }

    @Test
    void shouldReadThePasswordFromTheSecretFileItNames(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("es-password"), "hunter2\n");
        Configuration conf = new Configuration();
        conf.set(ElasticsearchOptions.USERNAME, "elastic");
        conf.set(ElasticsearchOptions.PASSWORD, "${file:" + secret + "}");
        ElasticsearchConfig config = ElasticsearchConfig.fromConfiguration(conf);
        assertThat(config.password()).isEqualTo("hunter2");
        assertThat(config.toString()).doesNotContain("hunter2");

        conf.set(ElasticsearchOptions.PASSWORD, "${env:ITSM_TEST_VARIABLE_THAT_IS_NOT_SET}");
        assertThatThrownBy(() -> ElasticsearchConfig.fromConfiguration(conf))
                .hasMessage("elasticsearch.password refers to the environment variable ITSM_TEST_VARIABLE_THAT_IS_NOT_SET, which is not set");
    }

    @Test
    void shouldRejectAHostWithoutScheme() {
        Configuration conf = new Configuration();
        conf.set(ElasticsearchOptions.HOSTS, List.of("localhost:9200"));
        assertThatThrownBy(() -> ElasticsearchConfig.fromConfiguration(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("elasticsearch.hosts: 'localhost:9200' must look like http://host:9200 or https://host:9200");
    }

    @Test
    void shouldRejectAUsernameWithoutPassword() {
        Configuration conf = new Configuration();
        conf.set(ElasticsearchOptions.USERNAME, "elastic");
        assertThatThrownBy(() -> ElasticsearchConfig.fromConfiguration(conf))
                .hasMessage("elasticsearch.username and elasticsearch.password go together");
    }

    @Test
    void shouldRejectANonPositiveBulkSize() {
        Configuration conf = new Configuration();
        conf.set(ElasticsearchOptions.BULK_MAX_ACTIONS, 0);
        assertThatThrownBy(() -> ElasticsearchConfig.fromConfiguration(conf))
                .hasMessage("elasticsearch.bulk.max-actions must be > 0 but was 0");
    }

    @Test
    void shouldRejectAnUppercaseIndexPrefix() {
        Configuration conf = new Configuration();
        conf.set(ElasticsearchOptions.INDEX_PREFIX, "ITSM");
        assertThatThrownBy(() -> ElasticsearchConfig.fromConfiguration(conf))
                .hasMessageStartingWith("elasticsearch.index-prefix must be lowercase");
    }
}
