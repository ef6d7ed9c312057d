package dev.itsm.connectors.cmdb;

import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.Relation;
import dev.itsm.core.model.RelationType;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small hand-made CMDBs for the tests. */
final class TestingCmdb {
    static final Instant T0 = Instant.parse("2026-01-15T08:00:00Z");

    private TestingCmdb() {
    }

    static ConfigItem ci(String id, String type, String service, String... identifiers) {
        return new ConfigItem(id, type, null, List.of(identifiers), 3, null, null, service, Map.of(), T0, 1);
    }

    static Relation rel(String source, RelationType type, String target) {
        return Relation.of(source, type, target, T0, 1);
    }

    /**
     * A shop: svc-shop depends on app-checkout and app-web; both run on their hosts; app-checkout depends on
     * db-shop, which runs on host-db01; every host is connected to sw-access, which is connected to sw-core.
     * app-payment (service svc-payments) also depends on db-shop.
     */
    static CmdbSnapshot shop() {
        return new CmdbSnapshot(List.of(
                ci("svc-shop", CmdbIndex.BUSINESS_SERVICE, null, "online-shop"),
                ci("svc-payments", CmdbIndex.BUSINESS_SERVICE, null),
                ci("app-web", "application", "svc-shop", "shop-web"),
                ci("app-checkout", "application", "svc-shop", "checkout-api"),
                ci("app-payment", "application", "svc-payments"),
                ci("db-shop", "database", null, "shop-db.fra1.example.com"),
                ci("host-web01", "host", null, "web01.fra1.example.com", "10.20.1.11"),
                ci("host-app01", "host", null, "app01.fra1.example.com", "10.20.1.12"),
                ci("host-db01", "host", null, "db01.fra1.example.com", "10.20.1.21"),
                ci("host-db01-ams", "host", null, "db01.ams1.example.com", "10.30.1.21"),
                ci("host-legacy", "host", null, "legacy7"),
                ci("sw-access", "switch", null, "sw-acc-1.fra1.example.com"),
                ci("sw-core", "switch", null, "sw-core.fra1.example.com")),
                List.of(
                        rel("svc-shop", RelationType.DEPENDS_ON, "app-web"),
                        rel("svc-shop", RelationType.DEPENDS_ON, "app-checkout"),
                        rel("app-web", RelationType.RUNS_ON, "host-web01"),
                        rel("app-checkout", RelationType.RUNS_ON, "host-app01"),
                        rel("app-payment", RelationType.RUNS_ON, "host-app01"),
                        rel("app-checkout", RelationType.DEPENDS_ON, "db-shop"),
                        rel("app-payment", RelationType.DEPENDS_ON, "db-shop"),
                        rel("db-shop", RelationType.RUNS_ON, "host-db01"),
                        rel("host-web01", RelationType.CONNECTED_TO, "sw-access"),
                        rel("host-app01", RelationType.CONNECTED_TO, "sw-access"),
                        rel("host-db01", RelationType.CONNECTED_TO, "sw-access"),
                        rel("sw-access", RelationType.CONNECTED_TO, "sw-core")));
    }
}
