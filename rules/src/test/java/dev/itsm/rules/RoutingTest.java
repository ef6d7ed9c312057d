package dev.itsm.rules;

import static dev.itsm.rules.TestingPacks.withRouting;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingTest {
    private final RulePack pack = withRouting("""
            default-support-group: service-desk
            routes:
              - id: storage-teams
                matchers: ['team=~db|storage', 'env!~test|dev']
                support-group: storage-oncall
              - id: databases
                ci-type: [database, db_cluster]
                support-group: dba
              - id: payments
                service: payments
                support-group: payments-sre
              - id: network
                ci-type: switch
                service: [network, campus]
                support-group: network-ops
              - id: critical
                matchers: [severity=critical]
                support-group: major-incidents
            """);

    @Test
    void shouldKnowEachRouteByItsId() {
        assertThat(pack.ruleIds().get(RuleKind.ROUTE))
                .containsExactly("storage-teams", "databases", "payments", "network", "critical");
    }

    @Test
    void shouldPickTheFirstRuleThatMatchesEvenWhenLaterOnesMatchToo() {
        // matches the first, second, third and last rule
        var labels = Map.of("team", "db", "env", "prod", "severity", "critical");

        assertThat(pack.route(labels, "database", "payments")).contains("storage-oncall");
    }

    @Test
    void shouldFallThroughToTheNextRuleWhenOneMatcherFails() {
        var labels = Map.of("team", "db", "env", "test");

        assertThat(pack.route(labels, "database", "payments")).contains("dba");
        assertThat(pack.route(labels, "host", "payments")).contains("payments-sre");
    }

    @Test
    void shouldMatchAnyOfTheListedCiTypesAndServices() {
        assertThat(pack.route(Map.of(), "db_cluster", null)).contains("dba");
        assertThat(pack.route(Map.of(), "switch", "campus")).contains("network-ops");
        assertThat(pack.route(Map.of(), "switch", "datacenter")).isEmpty();
    }

    @Test
    void shouldNotMatchACiTypeOrServiceRuleWhenTheCiIsUnknown() {
        assertThat(pack.route(Map.of(), null, null)).isEmpty();
        assertThat(pack.route(Map.of("severity", "critical"), null, null)).contains("major-incidents");
    }

    @Test
    void shouldPreferARuleToTheCisOwnGroupAndThatToTheDefault() {
        assertThat(pack.supportGroup(Map.of(), "database", null, "unix")).isEqualTo("dba");
        assertThat(pack.supportGroup(Map.of(), "host", null, "unix")).isEqualTo("unix");
        assertThat(pack.supportGroup(Map.of(), "host", null, null)).isEqualTo("service-desk");
        assertThat(pack.defaultSupportGroup()).isEqualTo("service-desk");
    }

    @Test
    void shouldMatchEverythingWithARuleWithoutConditionsAtTheEnd() {
        RulePack catchAll = withRouting("""
                routes:
                  - id: dba
                    matchers: [team=db]
                    support-group: dba
                  - id: everyone-else
                    support-group: everyone-else
                """);

        assertThat(catchAll.route(Map.of("team", "db"), null, null)).contains("dba");
        assertThat(catchAll.route(Map.of(), null, null)).contains("everyone-else");
    }
}
