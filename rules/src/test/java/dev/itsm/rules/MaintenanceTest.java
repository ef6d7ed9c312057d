package dev.itsm.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code maintenance.yaml}: which window or silence suppresses an alert, and when. */
class MaintenanceTest {

    private static RulePack withMaintenance(String yaml) {
        return RulePackLoader.parse(TestingPacks.defaultWith("maintenance.yaml", yaml));
    }

    private static Optional<Suppression> onCi(RulePack pack, String at, String ci) {
        return pack.suppression(Instant.parse(at), ci, List.of(), Map.of());
    }

    private static Suppression maintenance(String id, String from, String until) {
        return new Suppression(Suppression.MAINTENANCE, id, Instant.parse(from), Instant.parse(until));
    }

    @Test
    void shouldSuppressAOneOffWindowFromItsStartInclusiveToItsEndExclusive() {
        RulePack pack = withMaintenance("""
                maintenance-windows:
                  - id: switch-move
                    cis: [switch-1]
                    schedule: {start: '2026-11-21T22:00:00+01:00', end: '2026-11-22T02:00:00+01:00'}
                """);
        var expected = maintenance("switch-move", "2026-11-21T21:00:00Z", "2026-11-22T01:00:00Z");

        assertThat(onCi(pack, "2026-11-21T20:59:59.999Z", "switch-1")).isEmpty();
        assertThat(onCi(pack, "2026-11-21T21:00:00Z", "switch-1")).contains(expected);
        assertThat(onCi(pack, "2026-11-22T00:59:59.999Z", "switch-1")).contains(expected);
        assertThat(onCi(pack, "2026-11-22T01:00:00Z", "switch-1")).isEmpty();
        assertThat(onCi(pack, "2026-11-21T22:00:00Z", "switch-2")).isEmpty();
    }

    @Test
    void shouldRunAWeeklyWindowAcrossMidnight() {
        RulePack pack = withMaintenance("""
                maintenance-windows:
                  - id: nightly
                    cis: [host-1]
                    schedule: {weekly: {days: [fri, sat], at: '23:00', duration: 3h}}
                """);

        // Saturday 2026-03-07 01:30 UTC: the Friday night occurrence
        assertThat(onCi(pack, "2026-03-07T01:30:00Z", "host-1"))
                .contains(maintenance("nightly", "2026-03-06T23:00:00Z", "2026-03-07T02:00:00Z"));
        assertThat(onCi(pack, "2026-03-07T02:00:00Z", "host-1")).isEmpty();
        // Thursday night is not listed
        assertThat(onCi(pack, "2026-03-06T01:30:00Z", "host-1")).isEmpty();
    }

    @Test
    void shouldRunAWeeklyWindowAcrossTheEndOfTheWeek() {
        RulePack pack = withMaintenance("""
                maintenance-windows:
                  - id: weekend-change
                    cis: [host-1]
                    schedule: {weekly: {days: [sun], at: '22:00', duration: 1d6h}}
                """);

        // Tuesday 2026-03-10 03:00 UTC: still the window that began on Sunday 2026-03-08 22:00
        assertThat(onCi(pack, "2026-03-10T03:00:00Z", "host-1"))
                .contains(maintenance("weekend-change", "2026-03-08T22:00:00Z", "2026-03-10T04:00:00Z"));
        assertThat(onCi(pack, "2026-03-10T04:00:00Z", "host-1")).isEmpty();
        assertThat(onCi(pack, "2026-03-08T21:59:00Z", "host-1")).isEmpty();
    }

    @Test
    void shouldPlaceAWeeklyWindowInItsTimeZoneAcrossDaylightSavingChanges() {
        RulePack pack = withMaintenance("""
                maintenance-windows:
                  - id: sunday-patching
                    cis: [host-1]
                    schedule:
                      weekly: {days: [sun], at: '02:00', duration: 2h}
                      time-zone: Europe/Berlin
                """);

        // an ordinary Sunday in winter: 02:00 CET = 01:00 UTC
        assertThat(onCi(pack, "2026-03-22T01:00:00Z", "host-1"))
                .contains(maintenance("sunday-patching", "2026-03-22T01:00:00Z", "2026-03-22T03:00:00Z"));
        // 2026-03-29: 02:00 does not exist in Berlin, the window starts at 03:00 CEST (01:00 UTC) and lasts 2h
        assertThat(onCi(pack, "2026-03-29T00:59:00Z", "host-1")).isEmpty();
        assertThat(onCi(pack, "2026-03-29T01:00:00Z", "host-1"))
                .contains(maintenance("sunday-patching", "2026-03-29T01:00:00Z", "2026-03-29T03:00:00Z"));
        // a summer Sunday: 02:00 CEST = 00:00 UTC
        assertThat(onCi(pack, "2026-04-05T00:30:00Z", "host-1"))
                .contains(maintenance("sunday-patching", "2026-04-05T00:00:00Z", "2026-04-05T02:00:00Z"));
        // 2026-10-25: 02:00 happens twice; the window starts at the first (CEST, 00:00 UTC) and lasts 2h of
        // elapsed time, through the second 02:00 (CET, 01:00 UTC) until 03:00 CET
        assertThat(onCi(pack, "2026-10-25T01:30:00Z", "host-1"))
                .contains(maintenance("sunday-patching", "2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z"));
        assertThat(onCi(pack, "2026-10-25T02:00:00Z", "host-1")).isEmpty();
    }

    @Test
    void shouldRunACronWindowWithStepsRangesAndNames() {
        RulePack pack = withMaintenance("""
                maintenance-windows:
                  - id: batch
                    cis: [host-1]
                    schedule: {cron: '*/20 1-3 * JAN-Mar mon-fri', duration: 10m, time-zone: UTC}
                """);

        // Monday 2026-03-02
        assertThat(onCi(pack, "2026-03-02T02:45:00Z", "host-1"))
                .contains(maintenance("batch", "2026-03-02T02:40:00Z", "2026-03-02T02:50:00Z"));
        assertThat(onCi(pack, "2026-03-02T02:55:00Z", "host-1")).isEmpty();
        assertThat(onCi(pack, "2026-03-02T04:05:00Z", "host-1")).isEmpty();
        // Saturday, and April
        assertThat(onCi(pack, "2026-03-07T02:45:00Z", "host-1")).isEmpty();
        assertThat(onCi(pack, "2026-04-06T02:45:00Z", "host-1")).isEmpty();
    }

    @Test
    void shouldRunACronWindowOnADayMatchingEitherDayOfMonthOrDayOfWeek() {
        RulePack pack = withMaintenance("""
                maintenance-windows:
                  - id: month-start-or-sunday
                    cis: [host-1]
                    schedule: {cron: '0 4 1 * sun', duration: 1h}
                """);

        assertThat(onCi(pack, "2026-04-01T04:30:00Z", "host-1")).isPresent(); // a Wednesday, the 1st
        assertThat(onCi(pack, "2026-04-05T04:30:00Z", "host-1")).isPresent(); // a Sunday, the 5th
        assertThat(onCi(pack, "2026-04-06T04:30:00Z", "host-1")).isEmpty(); // a Monday, the 6th
    }

    @Test
    void shouldReturnTheMatchThatEndsLatest() {
        RulePack pack = withMaintenance("""
                maintenance-windows:
                  - id: short
                    cis: [host-1]
                    schedule: {start: '2026-11-21T20:00:00Z', end: '2026-11-21T23:00:00Z'}
                  - id: long
                    services: [payments]
                    schedule: {start: '2026-11-21T21:00:00Z', end: '2026-11-22T01:00:00Z'}
                  - id: other-ci
                    cis: [host-2]
                    schedule: {start: '2026-11-21T21:00:00Z', end: '2026-11-23T00:00:00Z'}
                silences:
                  - id: tie-with-long
                    matchers: [team=db]
                    starts-at: 2026-11-21T22:00:00Z
                    ends-at: 2026-11-22T01:00:00Z
                    comment: ends with 'long', which comes first in the file
                """);
        Instant at = Instant.parse("2026-11-21T22:30:00Z");

        assertThat(pack.suppression(at, "host-1", List.of("payments"), Map.of("team", "db")))
                .contains(maintenance("long", "2026-11-21T21:00:00Z", "2026-11-22T01:00:00Z"));
        assertThat(pack.suppression(at, "host-1", List.of(), Map.of("team", "db")))
                .contains(new Suppression(Suppression.SILENCE, "tie-with-long",
                        Instant.parse("2026-11-21T22:00:00Z"), Instant.parse("2026-11-22T01:00:00Z")));
        assertThat(pack.suppression(at, "host-1", List.of(), Map.of()))
                .contains(maintenance("short", "2026-11-21T20:00:00Z", "2026-11-21T23:00:00Z"));
    }

    @Test
    void shouldCoverAnAlertByCiOrServiceNarrowedByMatchers() {
        RulePack pack = withMaintenance("""
                maintenance-windows:
                  - id: db-backups
                    cis: [db-1]
                    services: [payments]
                    matchers: ['alertname=~DiskIOHigh|LoadHigh']
                    schedule: {start: '2026-01-01T00:00:00Z', end: '2027-01-01T00:00:00Z'}
                  - id: test-env
                    matchers: [env=test]
                    schedule: {start: '2026-01-01T00:00:00Z', end: '2027-01-01T00:00:00Z'}
                """);
        Instant at = Instant.parse("2026-06-01T00:00:00Z");
        var load = Map.of("alertname", "LoadHigh");

        assertThat(pack.suppression(at, "db-1", List.of(), load)).isPresent();
        assertThat(pack.suppression(at, "app-7", List.of("checkout", "payments"), load)).isPresent();
        assertThat(pack.suppression(at, "db-1", List.of(), Map.of("alertname", "HostDown"))).isEmpty();
        assertThat(pack.suppression(at, "app-7", List.of("checkout"), load)).isEmpty();
        assertThat(pack.suppression(at, null, null, load)).isEmpty();
        // a window without cis and services covers by its matchers alone, whatever the CI
        assertThat(pack.suppression(at, null, null, Map.of("env", "test")).map(Suppression::id))
                .contains("test-env");
    }

    @Test
    void shouldNeverSuppressWithAPackWithoutWindowsOrSilences() {
        RulePack pack = RulePackLoader.loadDefault();

        assertThat(pack.hasSuppressions()).isFalse();
        assertThat(pack.suppression(Instant.parse("2026-06-01T00:00:00Z"), "db-1", List.of("payments"),
                Map.of("env", "test"))).isEmpty();
    }
}
