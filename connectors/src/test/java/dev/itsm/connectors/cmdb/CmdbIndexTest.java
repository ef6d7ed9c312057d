package dev.itsm.connectors.cmdb;

import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.Relation;
import dev.itsm.core.model.RelationType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.itsm.connectors.cmdb.TestingCmdb.T0;
import static dev.itsm.connectors.cmdb.TestingCmdb.ci;
import static dev.itsm.connectors.cmdb.TestingCmdb.rel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CmdbIndexTest {

    private final CmdbIndex cmdb = CmdbIndex.of(TestingCmdb.shop());

    private static String idOf(Optional<ConfigItem> item) {
        return item.map(ConfigItem::id).orElse(null);
    }

    @Test
    void shouldFindCisById() {
        assertThat(cmdb.itemCount()).isEqualTo(13);
        assertThat(cmdb.relationCount()).isEqualTo(12);
        assertThat(idOf(cmdb.item("host-db01"))).isEqualTo("host-db01");
        assertThat(cmdb.item("nope")).isEmpty();
        assertThat(cmdb.item(null)).isEmpty();
    }

    @Test
    void shouldMatchHostNamesIgnoringCasePortTrailingDotAndUrl() {
        assertThat(idOf(cmdb.findByHostName("db01.fra1.example.com"))).isEqualTo("host-db01");
        assertThat(idOf(cmdb.findByHostName("DB01.Fra1.Example.COM."))).isEqualTo("host-db01");
        assertThat(idOf(cmdb.findByHostName("db01.fra1.example.com:9100"))).isEqualTo("host-db01");
        assertThat(idOf(cmdb.findByHostName(" https://web01.fra1.example.com:8443/health "))).isEqualTo("host-web01");
        assertThat(cmdb.findByHostName("db02.fra1.example.com")).isEmpty();
        assertThat(cmdb.findByHostName("")).isEmpty();
        assertThat(cmdb.findByHostName(null)).isEmpty();
    }

    @Test
    void shouldMatchAnFqdnToTheShortNameTheCmdbKnows() {
        // the CMDB only knows "legacy7"; the alert sends the FQDN
        assertThat(idOf(cmdb.findByHostName("legacy7.fra1.example.com"))).isEqualTo("host-legacy");
        assertThat(idOf(cmdb.findByHostName("LEGACY7.example.com:22"))).isEqualTo("host-legacy");
    }

    @Test
    void shouldMatchAShortNameToTheOneFqdnItLeads() {
        assertThat(idOf(cmdb.findByHostName("web01"))).isEqualTo("host-web01");
        assertThat(idOf(cmdb.findByHostName("web01.fra1"))).isEqualTo("host-web01");
        // a label prefix, not a string prefix
        assertThat(cmdb.findByHostName("web0")).isEmpty();
    }

    @Test
    void shouldResolveNothingWhenAShortNameLeadsSeveralFqdns() {
        // db01.fra1.example.com and db01.ams1.example.com: guessing would enrich with the wrong site
        assertThat(cmdb.findByHostName("db01")).isEmpty();
        assertThat(idOf(cmdb.findByHostName("db01.ams1"))).isEqualTo("host-db01-ams");
    }

    @Test
    void shouldResolveNothingWhenAnIdentifierIsShared() {
        CmdbIndex shared = CmdbIndex.of(new CmdbSnapshot(List.of(
                ci("lb-1", "load_balancer", null, "shop.example.com"),
                ci("app-1", "application", null, "Shop.Example.com")), List.of()));

        assertThat(shared.findByHostName("shop.example.com")).isEmpty();
    }

    @Test
    void shouldMatchIpAddressesWholeOnly() {
        assertThat(idOf(cmdb.findByIp("10.20.1.21"))).isEqualTo("host-db01");
        assertThat(idOf(cmdb.findByIp("10.20.1.21:9100"))).isEqualTo("host-db01");
        assertThat(idOf(cmdb.findByHostName("10.20.1.21"))).isEqualTo("host-db01");
        assertThat(cmdb.findByIp("10.20.1.2")).isEmpty();
        assertThat(cmdb.findByHostName("10.20.1")).isEmpty();
        assertThat(cmdb.findByHostName("10")).isEmpty();
    }

    @Test
    void shouldMatchIpv6AddressesInBrackets() {
        CmdbIndex v6 = CmdbIndex.of(new CmdbSnapshot(List.of(ci("host-v6", "host", null, "2001:db8::21")), List.of()));

        assertThat(idOf(v6.findByIp("[2001:DB8::21]:9100"))).isEqualTo("host-v6");
        assertThat(idOf(v6.findByIp("2001:db8::21"))).isEqualTo("host-v6");
    }

    @Test
    void shouldMatchBusinessServicesByIdNameOrIdentifierOnly() {
        ConfigItem named = new ConfigItem("svc-login", CmdbIndex.BUSINESS_SERVICE, "Customer Login", List.of("sso"), 2,
                null, null, null, Map.of(), T0, 1);
        cmdb.apply(CmdbChange.upsert(named));

        assertThat(idOf(cmdb.findBusinessService("online-shop"))).isEqualTo("svc-shop");
        assertThat(idOf(cmdb.findBusinessService("SVC-SHOP"))).isEqualTo("svc-shop");
        assertThat(idOf(cmdb.findBusinessService("customer login"))).isEqualTo("svc-login");
        assertThat(idOf(cmdb.findBusinessService("sso"))).isEqualTo("svc-login");
        // an application's identifier is not a business service name
        assertThat(cmdb.findBusinessService("checkout-api")).isEmpty();
    }

    @Test
    void shouldResolveByExplicitIdThenHostThenIpThenService() {
        assertThat(idOf(cmdb.resolve("app-checkout", "db01.fra1.example.com", "10.20.1.11", "online-shop"))).isEqualTo("app-checkout");
        assertThat(idOf(cmdb.resolve("ci-unknown", "db01.fra1.example.com", "10.20.1.11", "online-shop"))).isEqualTo("host-db01");
        assertThat(idOf(cmdb.resolve(null, "unknown-host", "10.20.1.11", "online-shop"))).isEqualTo("host-web01");
        // an ambiguous host name falls through to the IP
        assertThat(idOf(cmdb.resolve(null, "db01", "10.30.1.21", null))).isEqualTo("host-db01-ams");
        assertThat(idOf(cmdb.resolve(null, null, "10.99.9.9", "Online-Shop"))).isEqualTo("svc-shop");
        assertThat(cmdb.resolve(null, "unknown-host", "10.99.9.9", "unknown-service")).isEmpty();
        assertThat(cmdb.resolve(null, null, null, null)).isEmpty();
    }

    @Test
    void shouldFindTheBusinessServicesACiSupportsTransitively() {
        assertThat(cmdb.businessServicesOf("app-checkout")).containsExactly("svc-shop");
        assertThat(cmdb.businessServicesOf("host-db01")).containsExactly("svc-payments", "svc-shop");
        assertThat(cmdb.businessServicesOf("sw-core")).containsExactly("svc-payments", "svc-shop");
        assertThat(cmdb.businessServicesOf("svc-shop")).containsExactly("svc-shop");
        assertThat(cmdb.businessServicesOf("host-legacy")).isEmpty();
        assertThat(cmdb.businessServicesOf("not-in-cmdb")).isEmpty();
    }

    @Test
    void shouldStopTheWalkAtTheMaximumDepth() {
        // sw-core <- sw-access <- host-app01 <- app-checkout (service svc-shop): three relations away
        assertThat(cmdb.businessServicesOf("sw-core", 2)).isEmpty();
        assertThat(cmdb.businessServicesOf("sw-core", 3)).containsExactly("svc-payments", "svc-shop");
        assertThat(cmdb.businessServicesOf("app-checkout", 0)).containsExactly("svc-shop");
        assertThat(CmdbIndex.of(TestingCmdb.shop(), 1).businessServicesOf("host-db01")).isEmpty();
        assertThatThrownBy(() -> cmdb.businessServicesOf("sw-core", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldWalkARelationCycleOnceAndTerminate() {
        // a <-> b <-> c <-> a, and the service depends on c
        CmdbIndex cyclic = CmdbIndex.of(new CmdbSnapshot(
                List.of(ci("a", "host", null), ci("b", "host", null), ci("c", "application", null),
                        ci("svc", CmdbIndex.BUSINESS_SERVICE, null)),
                List.of(rel("a", RelationType.DEPENDS_ON, "b"), rel("b", RelationType.DEPENDS_ON, "c"),
                        rel("c", RelationType.DEPENDS_ON, "a"), rel("b", RelationType.DEPENDS_ON, "a"),
                        rel("a", RelationType.DEPENDS_ON, "a"), rel("svc", RelationType.DEPENDS_ON, "c"))),
                1_000_000);

        assertThat(cyclic.businessServicesOf("a")).containsExactly("svc");
        assertThat(cyclic.businessServicesOf("b")).containsExactly("svc");
    }

    @Test
    void shouldWalkUpstreamAndDownstreamTransitively() {
        assertThat(cmdb.upstreamOf("app-checkout"))
                .containsExactly("db-shop", "host-app01", "host-db01", "sw-access", "sw-core");
        assertThat(cmdb.downstreamOf("host-db01")).containsExactly("app-checkout", "app-payment", "db-shop", "svc-shop");
        assertThat(CmdbIndex.of(TestingCmdb.shop(), 1).upstreamOf("app-checkout")).containsExactly("db-shop", "host-app01");
        assertThat(cmdb.upstreamOf("sw-core")).isEmpty();
        assertThat(cmdb.upstreamOf("nope")).isEmpty();
    }

    @Test
    void shouldWalkUpstreamWithinAHopLimitAndForgetTheWalkWhenTheTopologyChanges() {
        assertThat(cmdb.upstreamOf("app-checkout", 2)).containsExactly("db-shop", "host-app01", "host-db01", "sw-access");
        assertThat(cmdb.upstreamOf("app-checkout", 0)).isEmpty();
        assertThat(cmdb.upstreamOf("app-checkout", 99)).isEqualTo(cmdb.upstreamOf("app-checkout"));

        cmdb.apply(CmdbChange.deleteRelation(Relation.idOf("app-checkout", RelationType.DEPENDS_ON, "db-shop")));

        assertThat(cmdb.upstreamOf("app-checkout", 2)).containsExactly("host-app01", "sw-access");
    }

    @Test
    void shouldKeyCisByTheConnectedPartOfTheTopologyWithoutTheBoundaryTypes() {
        Set<String> boundary = Set.of(CmdbIndex.BUSINESS_SERVICE);
        // everything but the services hangs together through the switches: one region, named by its smallest id
        for (String ci : List.of("app-web", "app-checkout", "app-payment", "db-shop", "host-db01", "sw-core")) {
            assertThat(cmdb.regionOf(ci, boundary, 4)).as(ci).isEqualTo("app-checkout");
        }
        // a CI no relation names is a region of its own
        assertThat(cmdb.regionOf("host-legacy", boundary, 4)).isEqualTo("host-legacy");
        assertThat(cmdb.regionOf("nope", boundary, 4)).isEqualTo("nope");
        // a service goes to the region of its upstream; one with no relations is its own
        assertThat(cmdb.regionOf("svc-shop", boundary, 4)).isEqualTo("app-checkout");
        assertThat(cmdb.regionOf("svc-payments", boundary, 4)).isEqualTo("svc-payments");

        // cutting the access switch from the core splits off sw-core
        cmdb.apply(CmdbChange.deleteRelation(Relation.idOf("sw-access", RelationType.CONNECTED_TO, "sw-core")));
        assertThat(cmdb.regionOf("sw-core", boundary, 4)).isEqualTo("sw-core");
        assertThat(cmdb.regionOf("host-db01", boundary, 4)).isEqualTo("app-checkout");
    }

    @Test
    void shouldSendABoundaryCiToTheRegionHoldingMostOfItsUpstream() {
        CmdbIndex two = CmdbIndex.of(new CmdbSnapshot(
                List.of(ci("svc", CmdbIndex.BUSINESS_SERVICE, null), ci("a1", "application", null), ci("b1", "application", null),
                        ci("b2", "application", null)),
                List.of(rel("a1", RelationType.RUNS_ON, "a-host"), rel("b1", RelationType.RUNS_ON, "b-host"),
                        rel("b2", RelationType.RUNS_ON, "b-host"), rel("svc", RelationType.DEPENDS_ON, "a1"),
                        rel("svc", RelationType.DEPENDS_ON, "b1"), rel("svc", RelationType.DEPENDS_ON, "b2"))));
        Set<String> boundary = Set.of(CmdbIndex.BUSINESS_SERVICE);

        // the hosts are not in the CMDB: they connect their applications, but a region is named by a CI it knows
        assertThat(two.regionOf("a1", boundary, 4)).isEqualTo("a1");
        assertThat(two.regionOf("b2", boundary, 4)).isEqualTo("b1");
        assertThat(two.regionOf("svc", boundary, 4)).isEqualTo("b1");
        // without boundary types the service joins both parts into one region
        assertThat(two.regionOf("a1", Set.of(), 4)).isEqualTo("a1");
        assertThat(two.regionOf("b1", Set.of(), 4)).isEqualTo("a1");
    }

    @Test
    void shouldSendABoundaryCiToTheRegionOfALoneCiItDependsOn() {
        // web01 has no relation inside the boundary: a region of its own, which its service must share, or the
        // service's alerts (an SLO burn-rate alert, say) could never join the host's incident
        CmdbIndex lone = CmdbIndex.of(new CmdbSnapshot(
                List.of(ci("svc-shop", CmdbIndex.BUSINESS_SERVICE, null), ci("web01", "host", "svc-shop")),
                List.of(rel("svc-shop", RelationType.DEPENDS_ON, "web01"))));
        Set<String> boundary = Set.of(CmdbIndex.BUSINESS_SERVICE);

        assertThat(lone.regionOf("web01", boundary, 4)).isEqualTo("web01");
        assertThat(lone.regionOf("svc-shop", boundary, 4)).isEqualTo("web01");
    }

    @Test
    void shouldWalkCyclesUpstreamAndDownstreamOnce() {
        CmdbIndex cyclic = CmdbIndex.of(new CmdbSnapshot(List.of(),
                List.of(rel("a", RelationType.DEPENDS_ON, "b"), rel("b", RelationType.DEPENDS_ON, "c"),
                        rel("c", RelationType.DEPENDS_ON, "a"), rel("a", RelationType.DEPENDS_ON, "a"))),
                1_000_000);

        assertThat(cyclic.upstreamOf("a")).containsExactly("b", "c");
        assertThat(cyclic.downstreamOf("a")).containsExactly("b", "c");
    }

    @Test
    void shouldKeepAndWalkRelationsToUnknownCis() {
        // app-new depends on db-shop but its CI has not arrived yet; svc-new depends on app-new
        cmdb.apply(CmdbChange.upsert(rel("app-new", RelationType.DEPENDS_ON, "db-shop")));
        cmdb.apply(CmdbChange.upsert(rel("svc-new", RelationType.DEPENDS_ON, "app-new")));
        cmdb.apply(CmdbChange.upsert(rel("app-checkout", RelationType.DEPENDS_ON, "queue-unknown")));

        assertThat(cmdb.dependentsOf("db-shop")).extracting(Relation::source).contains("app-new");
        assertThat(cmdb.dependenciesOf("queue-unknown")).isEmpty();
        assertThat(cmdb.dependentsOf("queue-unknown")).extracting(Relation::source).containsExactly("app-checkout");
        assertThat(cmdb.businessServicesOf("queue-unknown")).containsExactly("svc-shop");
        assertThat(cmdb.businessServicesOf("db-shop")).containsExactly("svc-payments", "svc-shop");

        // the service CI arrives later: now the walk finds it
        cmdb.apply(CmdbChange.upsert(ci("svc-new", CmdbIndex.BUSINESS_SERVICE, null)));
        assertThat(cmdb.businessServicesOf("db-shop")).containsExactly("svc-new", "svc-payments", "svc-shop");
    }

    @Test
    void shouldKeepTheNameOfARegionWhenARelationNamesAnUnknownCiThatSortsFirst() {
        Set<String> boundary = Set.of(CmdbIndex.BUSINESS_SERVICE);
        cmdb.apply(CmdbChange.upsert(rel("host-db01", RelationType.DEPENDS_ON, "0-storage-not-in-the-cmdb")));
        cmdb.apply(CmdbChange.upsert(rel("0-caller-not-in-the-cmdb", RelationType.DEPENDS_ON, "app-web")));

        for (String ci : List.of("app-web", "app-checkout", "host-db01", "sw-core", "0-storage-not-in-the-cmdb")) {
            assertThat(cmdb.regionOf(ci, boundary, 4)).as(ci).isEqualTo("app-checkout");
        }
    }

    @Test
    void shouldListDirectRelationsInBothDirections() {
        assertThat(cmdb.dependenciesOf("app-checkout")).extracting(Relation::target)
                .containsExactlyInAnyOrder("host-app01", "db-shop");
        assertThat(cmdb.dependentsOf("host-app01")).extracting(Relation::source)
                .containsExactlyInAnyOrder("app-checkout", "app-payment");
        assertThat(cmdb.dependentsOf(null)).isEmpty();
    }

    @Test
    void shouldReindexACiWhoseIdentifiersChange() {
        ConfigItem renamed = new ConfigItem("host-db01", "host", null, List.of("pg01.fra1.example.com", "10.20.1.99"), 2,
                "linux-ops", "fra1", null, Map.of(), T0.plusSeconds(60), 2);

        assertThat(cmdb.apply(CmdbChange.upsert(renamed))).isTrue();

        assertThat(cmdb.findByHostName("db01.fra1.example.com")).isEmpty();
        assertThat(cmdb.findByIp("10.20.1.21")).isEmpty();
        assertThat(cmdb.findByHostName("pg01")).contains(renamed);
        assertThat(cmdb.findByIp("10.20.1.99")).contains(renamed);
        // the same change again changes nothing
        assertThat(cmdb.apply(CmdbChange.upsert(renamed))).isFalse();
    }

    @Test
    void shouldForgetADeletedCiButKeepItsRelations() {
        assertThat(cmdb.apply(CmdbChange.deleteItem("host-db01"))).isTrue();

        assertThat(cmdb.item("host-db01")).isEmpty();
        assertThat(cmdb.findByHostName("db01.fra1.example.com")).isEmpty();
        assertThat(cmdb.dependentsOf("host-db01")).extracting(Relation::source).containsExactly("db-shop");
        // with one db01 gone, the short name is no longer ambiguous
        assertThat(idOf(cmdb.findByHostName("db01"))).isEqualTo("host-db01-ams");
        assertThat(cmdb.apply(CmdbChange.deleteItem("host-db01"))).isFalse();
    }

    @Test
    void shouldForgetADeletedRelation() {
        String id = Relation.idOf("app-checkout", RelationType.DEPENDS_ON, "db-shop");

        assertThat(cmdb.apply(CmdbChange.deleteRelation(id))).isTrue();

        assertThat(cmdb.relation(id)).isEmpty();
        assertThat(cmdb.dependentsOf("db-shop")).extracting(Relation::source).containsExactly("app-payment");
        assertThat(cmdb.businessServicesOf("db-shop")).containsExactly("svc-payments");
        assertThat(cmdb.apply(CmdbChange.deleteRelation(id))).isFalse();
    }

    @Test
    void shouldRebuildTheSameIndexFromItsChanges() {
        List<CmdbChange> changes = new ArrayList<>(TestingCmdb.shop().changes());
        changes.add(CmdbChange.deleteItem("host-legacy"));
        changes.add(CmdbChange.deleteRelation(Relation.idOf("sw-access", RelationType.CONNECTED_TO, "sw-core")));
        changes.forEach(cmdb::apply);

        CmdbIndex rebuilt = CmdbIndex.fromChanges(cmdb.snapshot().changes(), CmdbIndex.DEFAULT_MAX_DEPTH);

        assertThat(rebuilt.snapshot()).isEqualTo(cmdb.snapshot());
        assertThat(rebuilt.itemCount()).isEqualTo(12);
        assertThat(rebuilt.businessServicesOf("sw-core")).isEmpty();
        assertThat(rebuilt.snapshot().items()).extracting(ConfigItem::id).isSorted();
    }

    @Test
    void shouldNormaliseNamesTheWayAlertsSendThem() {
        assertThat(CmdbIndex.normaliseName(" DB01.Example.com. ")).isEqualTo("db01.example.com");
        assertThat(CmdbIndex.normaliseName("db01:9100")).isEqualTo("db01");
        assertThat(CmdbIndex.normaliseName("db01:http")).isEqualTo("db01:http");
        assertThat(CmdbIndex.normaliseName("http://db01.example.com:8080/metrics")).isEqualTo("db01.example.com");
        assertThat(CmdbIndex.normaliseName("[2001:db8::1]:9100")).isEqualTo("2001:db8::1");
        assertThat(CmdbIndex.normaliseName("2001:db8::1")).isEqualTo("2001:db8::1");
        assertThat(CmdbIndex.normaliseName("10.0.0.0/24")).isEqualTo("10.0.0.0/24");
        assertThat(CmdbIndex.normaliseName(" . ")).isNull();
    }
}
