package dev.itsm.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code noise.yaml}'s inhibit rules, with Alertmanager's semantics. */
class InhibitRuleTest {
    private final RulePack pack = RulePackLoader.parse(TestingPacks.defaultWith("noise.yaml", """
            inhibit:
              - id: host-down
                source-matchers: [alertname=HostDown]
                target-matchers: ['alertname!=HostDown']
                equal: [host]
              - id: critical-db
                source-matchers: [severity=critical]
                target-matchers: [team=db]
              - id: network-over-anything
                source-matchers: ['alertname=~LinkDown|SwitchDown', 'env!~test|dev']
                target-matchers: ['severity!=critical']
                equal: [site, rack]
            """));
    private final InhibitRule hostDown = pack.inhibitRules().get(0);
    private final InhibitRule criticalDb = pack.inhibitRules().get(1);
    private final InhibitRule network = pack.inhibitRules().get(2);

    @Test
    void shouldInhibitATargetWithTheSameEqualLabelsWhileTheSourceMatches() {
        var down = Map.of("alertname", "HostDown", "host", "db01");

        assertThat(hostDown.inhibits(down, Map.of("alertname", "DiskFull", "host", "db01"))).isTrue();
        assertThat(hostDown.inhibits(down, Map.of("alertname", "DiskFull", "host", "db02"))).isFalse();
        assertThat(hostDown.inhibits(Map.of("alertname", "DiskFull", "host", "db01"), down)).isFalse();
    }

    @Test
    void shouldTakeAnAbsentEqualLabelAsEmpty() {
        var switchDown = Map.of("alertname", "SwitchDown", "site", "fra1");

        assertThat(network.inhibits(switchDown, Map.of("alertname", "Ping", "site", "fra1"))).isTrue();
        assertThat(network.inhibits(switchDown, Map.of("alertname", "Ping", "site", "fra1", "rack", ""))).isTrue();
        assertThat(network.inhibits(switchDown, Map.of("alertname", "Ping", "site", "fra1", "rack", "r1")))
                .isFalse();
        assertThat(network.inhibits(switchDown, Map.of("alertname", "Ping"))).isFalse();
        assertThat(network.inhibits(Map.of("alertname", "SwitchDown"), Map.of("alertname", "Ping"))).isTrue();
    }

    @Test
    void shouldRequireEverySourceAndTargetMatcher() {
        var ping = Map.of("alertname", "Ping", "site", "fra1");

        assertThat(network.matchesSource(Map.of("alertname", "LinkDown", "env", "prod"))).isTrue();
        assertThat(network.matchesSource(Map.of("alertname", "LinkDown", "env", "test"))).isFalse();
        assertThat(network.inhibits(Map.of("alertname", "LinkDown", "site", "fra1", "env", "dev"), ping)).isFalse();
        assertThat(network.matchesTarget(Map.of("severity", "critical"))).isFalse();
        assertThat(network.matchesTarget(Map.of())).isTrue();
    }

    @Test
    void shouldInhibitAnyTargetWhenNoLabelsMustBeEqual() {
        assertThat(criticalDb.equal()).isEmpty();
        assertThat(criticalDb.inhibits(Map.of("severity", "critical", "team", "net"),
                Map.of("severity", "warning", "team", "db", "host", "elsewhere"))).isTrue();
    }

    @Test
    void shouldNotLetTwoAlertsThatMatchBothSidesInhibitEachOther() {
        var first = Map.of("severity", "critical", "team", "db", "alertname", "ReplicationLag");
        var second = Map.of("severity", "critical", "team", "db", "alertname", "DiskFull");
        var sourceOnly = Map.of("severity", "critical", "team", "network");

        assertThat(criticalDb.inhibits(first, second)).isFalse();
        assertThat(criticalDb.inhibits(second, first)).isFalse();
        // an alert that matches only the source side still inhibits one that matches both
        assertThat(criticalDb.inhibits(sourceOnly, first)).isTrue();
        // and one that matches both sides inhibits one that matches only the target side
        assertThat(criticalDb.inhibits(first, Map.of("severity", "warning", "team", "db"))).isTrue();
    }
}
