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
        assertThat(DEFAULT.burnRateRules()).extracting(BurnRateRule::name, BurnRateRule::factor,
                BurnRateRule::severity).containsExactly(
                tuple("1h/5m", 14.4, Severity.CRITICAL),
                tuple("6h/30m", 6.0, Severity.CRITICAL),
                tuple("3d/6h", 1.0, Severity.WARNING));
    }

    @Test
    void shouldGiveEverySettingItsDefaultInAnEmptyFile() {
        RulePack pack = RulePackLoader.load(TestingPacks.folder("minimal"));

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
                "slo.yaml: time-slice: 7m does not divide the window of the default SLO (30d); choose a slice that "
                        + "does, or list slos of your own",
                "slo.yaml: time-slice: 7m does not divide the windows of the default burn-rate alert 1h/5m; choose a "
                        + "slice that does, or list burn-rate-alerts of your own",
                "slo.yaml: time-slice: 7m does not divide the windows of the default burn-rate alert 6h/30m; choose "
                        + "a slice that does, or list burn-rate-alerts of your own",
                "slo.yaml: time-slice: 7m does not divide the windows of the default burn-rate alert 3d/6h; choose a "
                        + "slice that does, or list burn-rate-alerts of your own");
    }

    @Test
    void shouldReportEveryProblemOfABadFileWithItsPath() {
        var failure = catchThrowableOfType(RuleValidationException.class,
                () -> RulePackLoader.load(TestingPacks.folder("bad-slo")));

        assertThat(failure.packName()).isEqualTo("bad-slo");
        assertThat(failure.problems()).containsExactly(
                "slo.yaml: time-slice-target: '1.5' is out of range (more than 0, at most 1)",
                "slo.yaml: unavailable-when: needs priority, impact or both; without either no incident would make a "
                        + "service unavailable",
                "slo.yaml: burn-rate-alerts[0].long: 5m is not longer than short (1h)",
                "slo.yaml: burn-rate-alerts[1].factor: '0' is out of range (more than 0)",
                "slo.yaml: burn-rate-alerts[1].severity: 'page' is not a severity (critical, major, minor, warning, "
                        + "info)",
                "slo.yaml: burn-rate-alerts[1].short: 1m30s is not a multiple of time-slice (1m)",
                "slo.yaml: burn-rate-alerts[2].factor: 'fast' is not a number (e.g. 0.5, 14.4, 99.9)",
                "slo.yaml: burn-rate-alerts[4]: 6h/30m is already the windows of burn-rate-alerts[3]; each pair of "
                        + "windows alerts once",
                "slo.yaml: burn-rate-alerts[5].long: is required (the long window, e.g. 1h)",
                "slo.yaml: slos[0].id: 'Shop' is not an id (lowercase letters, digits and . _ -, starting with a "
                        + "letter or digit, at most 63 characters)",
                "slo.yaml: slos[0].objective: '100' is out of range (more than 0 and less than 100, a percentage)",
                "slo.yaml: slos[1].service: 'svc-online-shop' already has the SLO slos[0]; a service has one SLO",
                "slo.yaml: slos[2].objective: '99,95' is not a number (e.g. 0.5, 14.4, 99.9)",
                "slo.yaml: slos[2].unavailable-when.priority: 'P6' is not a priority (P1..P5)",
                "slo.yaml: slos[2].unavailable-when.impact: 'huge' is not an impact (high, medium, low)",
                "slo.yaml: slos[2].window: 30d is not a multiple of time-slice (7m)",
                "slo.yaml: slos[2].time-slice: 7m does not divide the burn-rate window 6h (6h/30m)",
                "slo.yaml: slos[3].service: '*' (any other service) must be the last SLO; the SLOs after it would "
                        + "never be the one of their service otherwise",
                "slo.yaml: slos[4].target: unknown key (allowed: id, service, objective, window, time-slice, "
                        + "time-slice-target, unavailable-when)",
                "slo.yaml: slos[4].id: 'shop' is already the id of slos[1]",
                "slo.yaml: slos[4].window: 1h1s is not a multiple of time-slice (1m)");
    }
}
