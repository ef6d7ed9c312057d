package dev.itsm.connectors.cmdb;

import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.Relation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo estate (demo/cmdb.json, next to the Maven modules) loads cleanly and resolves what the demo scenario's
 * alerts send, with the topology demo/README-demo.md promises.
 */
class DemoCmdbTest {
    private static final Path DEMO_CMDB = Path.of("..", "demo", "cmdb.json");

    private static CmdbLoadResult loaded;
    private static CmdbIndex cmdb;

    @BeforeAll
    static void load() throws IOException {
        loaded = CmdbFiles.load(DEMO_CMDB);
        cmdb = CmdbIndex.of(loaded.snapshot());
    }

    private static String resolve(String ciId, String host, String ip, String service) {
        return cmdb.resolve(ciId, host, ip, service).map(ConfigItem::id).orElse(null);
    }

    @Test
    void shouldPassTheTopicsChecksWhenPublished() {
        // what the publisher writes from a valid export, the job's strict reading of the topic takes back unchanged
        for (CmdbChange change : loaded.snapshot().changes()) {
            var record = CmdbCodec.toRecord("itsm.cmdb", change);
            assertThat(CmdbCodec.fromRecord(record.key(), record.value())).isEqualTo(change);
        }
    }

    @Test
    void shouldLoadWithoutWarnings() {
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.snapshot().items()).hasSize(47);
        assertThat(loaded.snapshot().relations()).hasSize(79);
        assertThat(loaded.snapshot().items()).filteredOn(CmdbIndex::isBusinessService).extracting(ConfigItem::id)
                .containsExactly("svc-online-shop", "svc-payments", "svc-customer-login", "svc-internal-reporting");
    }

    @Test
    void shouldResolveWhatTheScenarioSends() {
        // (a) Alertmanager: host name from the instance label; the replica alert names its CI in a ci_id label
        assertThat(resolve(null, "db01.fra1.example.com", null, "node")).isEqualTo("host-fra1-db01");
        assertThat(resolve("pg-fra1-shop-replica", "db02.fra1.example.com", null, "postgres")).isEqualTo("pg-fra1-shop-replica");
        assertThat(resolve(null, "checkout-api.fra1.example.com", null, "checkout-api")).isEqualTo("app-fra1-checkout-api");
        assertThat(resolve(null, "payment-service.fra1.example.com", null, "payment-service")).isEqualTo("app-fra1-payment-service");
        assertThat(resolve(null, "inventory-service.fra1.example.com", null, "inventory-service")).isEqualTo("app-fra1-inventory-service");
        assertThat(resolve(null, "shop-frontend.fra1.example.com", null, "shop-frontend")).isEqualTo("app-fra1-shop-frontend");
        // (b) Zabbix sends the visible host name, the leading labels of the FQDN the CMDB knows
        assertThat(resolve(null, "mq01.ams1", "10.30.1.41", null)).isEqualTo("host-ams1-mq01");
        assertThat(resolve(null, null, "10.30.1.41", null)).isEqualTo("host-ams1-mq01");
        // (c) the CPU alert by host, Grafana's latency alert by business service name
        assertThat(resolve(null, "web01.ams1.example.com", null, "node")).isEqualTo("host-ams1-web01");
        assertThat(resolve(null, null, null, "online-shop")).isEqualTo("svc-online-shop");
        // (d) the generic alert names its CI
        assertThat(resolve("app-ams1-reporting", "app02.ams1.example.com", "10.30.2.22", "internal-reporting"))
                .isEqualTo("app-ams1-reporting");
        // (e) a host the CMDB does not know
        assertThat(resolve(null, "build-agent-07.fra1.example.com", "10.20.3.77", "node")).isNull();
    }

    @Test
    void shouldFindTheBusinessServicesTheScenarioAffects() {
        assertThat(cmdb.businessServicesOf("host-fra1-db01")).containsExactly("svc-online-shop", "svc-payments");
        assertThat(cmdb.businessServicesOf("host-ams1-mq01")).containsExactly("svc-online-shop");
        assertThat(cmdb.businessServicesOf("host-ams1-web01")).containsExactly("svc-online-shop");
        assertThat(cmdb.businessServicesOf("app-ams1-reporting")).containsExactly("svc-internal-reporting");
        assertThat(cmdb.businessServicesOf("sw-fra1-core"))
                .containsExactly("svc-customer-login", "svc-online-shop", "svc-payments");
    }

    @Test
    void shouldMakeEveryOutageAlertCiDependOnTheFailedDatabaseHost() {
        for (String ci : List.of("pg-fra1-shop-replica", "app-fra1-checkout-api", "app-fra1-payment-service",
                "app-fra1-inventory-service", "app-fra1-shop-frontend")) {
            assertThat(cmdb.upstreamOf(ci)).as(ci).contains("host-fra1-db01");
        }
    }

    @Test
    void shouldGiveEachConcurrentIncidentAnUnambiguousCause() {
        // (c): the Grafana alert's CI depends on web01.ams1 (CPU alert open at the time), not on the reporting app
        // (generic alert open at the time)
        assertThat(cmdb.upstreamOf("svc-online-shop")).contains("host-ams1-web01").doesNotContain("app-ams1-reporting");
        // (b) and (a) overlap in time, at different sites
        assertThat(cmdb.downstreamOf("host-ams1-mq01")).doesNotContain("host-fra1-db01", "app-fra1-checkout-api");
        assertThat(cmdb.upstreamOf("app-ams1-reporting")).doesNotContain("host-ams1-web01", "host-ams1-mq01");
    }

    @Test
    void shouldUseEveryRelationTypeButHostedOn() {
        assertThat(loaded.snapshot().relations()).extracting(Relation::type).extracting(Enum::name).containsOnly(
                "RUNS_ON", "DEPENDS_ON", "CONNECTED_TO");
        Optional<ConfigItem> core = cmdb.item("sw-fra1-core");
        assertThat(core).map(ConfigItem::supportGroup).contains("network-ops");
    }
}
