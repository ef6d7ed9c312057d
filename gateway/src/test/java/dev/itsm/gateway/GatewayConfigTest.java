package dev.itsm.gateway;

import dev.itsm.connectors.alerts.AlertFormat;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayConfigTest {

    @Test
    void shouldTakeTokensFromReferencesOrTheEnvironmentAndNeverPrintThem(@TempDir Path dir) throws Exception {
        Path grafanaToken = Files.writeString(dir.resolve("grafana-token"), "grafana-secret\n");
        Configuration conf = Configuration.fromMap(Map.of(
                "gateway.tokens.alertmanager", "${env:AM_TOKEN}",
                "gateway.tokens.grafana", "${file:" + grafanaToken + "}",
                "gateway.tokens.zabbix", "zabbix-literal"));
        GatewayConfig config = GatewayConfig.fromConfiguration(conf, Map.of("AM_TOKEN", "am-secret", "ITSM_GATEWAY_TOKEN_GENERIC", "generic-secret"));

        assertThat(config.token(AlertFormat.ALERTMANAGER)).contains("am-secret");
        assertThat(config.token(AlertFormat.GRAFANA)).contains("grafana-secret");
        assertThat(config.token(AlertFormat.ZABBIX)).contains("zabbix-literal");
        assertThat(config.token(AlertFormat.GENERIC)).contains("generic-secret");
        assertThat(config.toString()).doesNotContain("secret").doesNotContain("literal");
    }
}
