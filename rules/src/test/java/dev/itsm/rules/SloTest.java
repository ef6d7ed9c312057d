package dev.itsm.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Severity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code slo.yaml}: the SLOs of the default pack, their defaults, and the exact messages of a bad file. */
class SloTest {
    private static final RulePack DEFAULT = RulePackLoader.loadDefault();

    @Test
    void shouldGiveTheDemoServicesTheirSlosAndEveryOtherServiceTheDefault() {
        assertThat(DEFAULT.slos()).extracting(SloDefinition::id, SloDefinition::service, SloDefinition::objective,
                SloDefinition::windowName).containsExactly(
                tuple("online-shop-availability", "svc-online-shop", 0.999, "30d"),
                tuple("payments-availability", "svc-payments", 0.9995, "30d"),
                tuple("customer-login-availability", "svc-customer-login", 0.999, "30d"),
                tuple("default", "*", 0.995, "30d"));
        assertThat(DEFAULT.sloFor("svc-payments").orElseThrow().id()).isEqualTo("payments-availability");
        assertThat(DEFAULT.sloFor("svc-intranet").orElseThrow().id()).isEqualTo("default");
        assertThat(DEFAULT.sloFor(null)).isEmpty();
        SloDefinition shop = DEFAULT.sloFor("svc-online-shop").orElseThrow();
        assertThat(shop.timeSlice()).isEqualTo(Duration.ofMinutes(1));
        assertThat(shop.timeSliceTarget()).isEqualTo(0.5);
        assertThat(shop.slices()).isEqualTo(43_200);
        assertThat(shop.window()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void shouldCountIncidentsOfTheConfiguredPriorityOrHigherOrOfTheConfiguredImpactOrHigher() {
        SloDefinition shop = DEFAULT.sloFor("svc-online-shop").orElseThrow();
        assertThat(shop.makesUnavailable(Priority.P1, Impact.LOW)).isTrue();
        assertThat(shop.makesUnavailable(Priority.P2, Impact.LOW)).isTrue();
        assertThat(shop.makesUnavailable(Priority.P3, Impact.HIGH)).isFalse();
        SloDefinition login = DEFAULT.sloFor("svc-customer-login").orElseThrow();
        assertThat(login.makesUnavailable(Priority.P3, Impact.HIGH)).isTrue();
        assertThat(login.makesUnavailable(Priority.P3, Impact.MEDIUM)).isFalse();
        var impactOnly = new SloDefinition.UnavailableWhen(null, Impact.MEDIUM);
        assertThat(impactOnly.holds(Priority.P1, Impact.LOW)).isFalse();
        assertThat(impactOnly.holds(Priority.P5, Impact.MEDIUM)).isTrue();
    }

    @Test
    void shouldHaveTheSreWorkbooksThreeBurnRatePairs() {
        assertThat(DEFAULT.burnRateRules()).extracting(BurnRateRule::id, BurnRateRule::name, BurnRateRule::factor,
                BurnRateRule::severity).containsExactly(
                tuple("fast-burn", "1h/5m", 14.4, Severity.CRITICAL),
                tuple("medium-burn", "6h/30m", 6.0, Severity.CRITICAL),
                tuple("slow-burn", "3d/6h", 1.0, Severity.WARNING));
    }

    @Test
    void shouldGiveEverySettingItsDefaultInAnEmptyFile() {
        RulePack pack = RulePackLoader.load(TestingPacks.folder("good-minimal"));

        assertThat(pack.slos()).containsExactly(new SloDefinition("default", "*", 0.995, Duration.ofDays(30),
                Duration.ofMinutes(1), 0.5, new SloDefinition.UnavailableWhen(Priority.P2, null)));
        assertThat(pack.burnRateRules()).isEqualTo(DEFAULT.burnRateRules());
        assertThat(pack.sloFor("anything").orElseThrow().id()).isEqualTo("default");
    }

    @Test
    void shouldApplyTheTopSettingsToEachSloThatDoesNotOverrideThem() {
        RulePack pack = RulePackLoader.parse(TestingPacks.defaultWith("slo.yaml", """
                time-slice: 5m
                time-slice-target: 1
                unavailable-when: {impact: high}
                burn-rate-alerts: []
                slos:
                  - {id: shop, service: svc-online-shop, objective: 99, window: 7d}
                  - {id: pay, service: svc-payments, objective: 99.99, window: 1h, time-slice: 1m,
                     unavailable-when: {priority: P1}}
                """));

        assertThat(pack.burnRateRules()).isEmpty();
        assertThat(pack.slos()).containsExactly(
                new SloDefinition("shop", "svc-online-shop", 0.99, Duration.ofDays(7), Duration.ofMinutes(5), 1.0,
                        new SloDefinition.UnavailableWhen(null, Impact.HIGH)),
                new SloDefinition("pay", "svc-payments", 0.9999, Duration.ofHours(1), Duration.ofMinutes(1), 1.0,
                        new SloDefinition.UnavailableWhen(Priority.P1, null)));
        assertThat(pack.sloFor("svc-intranet")).isEmpty();
        assertThat(RulePackLoader.parse(TestingPacks.defaultWith("slo.yaml", "slos: []\n")).slos()).isEmpty();
    }

    @Test
    void shouldRefuseATimeSliceThatDoesNotDivideTheDefaults() {
        var failure = catchThrowableOfType(RuleValidationException.class,
                () -> RulePackLoader.parse(TestingPacks.defaultWith("slo.yaml", "time-slice: 7m\n")));

        assertThat(failure.problems()).containsExactly(
                "slo.yaml:1: time-slice: 7m does not divide the window of the default SLO (30d); choose a slice that "
                        + "does, or list slos of your own",
                "slo.yaml:1: time-slice: 7m does not divide the windows of the default burn-rate alert 1h/5m; choose a "
                        + "slice that does, or list burn-rate-alerts of your own",
                "slo.yaml:1: time-slice: 7m does not divide the windows of the default burn-rate alert 6h/30m; choose "
                        + "a slice that does, or list burn-rate-alerts of your own",
                "slo.yaml:1: time-slice: 7m does not divide the windows of the default burn-rate alert 3d/6h; choose a "
                        + "slice that does, or list burn-rate-alerts of your own");
    }
}
