package dev.itsm.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronExpressionTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = '|', value = {
        "0 2 * *         | it has 4 fields, not 5 (minute hour day-of-month month day-of-week)",
        "0 2 * * * *     | it has 6 fields, not 5 (minute hour day-of-month month day-of-week)",
        "60 * * * *      | minute '60' is out of range (0-59)",
        "0 24 * * *      | hour '24' is out of range (0-23)",
        "0 0 0 * *       | day-of-month '0' is out of range (1-31)",
        "0 0 * 13 *      | month '13' is out of range (1-12)",
        "0 0 * * 8       | day-of-week '8' is out of range (0-7)",
        "0 0 * * funday  | day-of-week 'funday' is not a number or a name (sun..sat)",
        "0 0 * foo *     | month 'foo' is not a number or a name (jan..dec)",
        "x 0 * * *       | minute 'x' is not a number",
        "*/0 * * * *     | minute step in '*/0' is out of range (1-59)",
        "5-1 * * * *     | minute range '5-1' runs backwards",
        "0 0 * * fri-sun | day-of-week range 'fri-sun' runs backwards",
        "5/15 * * * *    | minute '5/15' is not a value, a range or a step (use e.g. 5, 1-5, */15, 0-30/10)",
        "1,,2 * * * *    | minute '' is not a value, a range or a step (use e.g. 5, 1-5, */15, 0-30/10)",
        "0 0 30 feb *    | it never fires (none of its months has any of its days of the month)"})
    void shouldRejectABadExpressionNamingTheField(String expression, String problem) {
        assertThatThrownBy(() -> CronExpression.parse(expression))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + expression + "' is not a cron expression: " + problem);
    }

    @Test
    void shouldMatchStepsRangesListsAndNamesInAnyCase() {
        var cron = CronExpression.parse("*/15 9-17/2 * JAN-mar,Dec Mon-FRI");

        assertThat(cron.matches(LocalDateTime.parse("2026-01-05T09:45"))).isTrue(); // a Monday
        assertThat(cron.matches(LocalDateTime.parse("2026-01-09T17:00"))).isTrue(); // a Friday
        assertThat(cron.matches(LocalDateTime.parse("2026-12-01T11:30"))).isTrue();
        assertThat(cron.matches(LocalDateTime.parse("2026-01-05T10:00"))).as("hour off the step").isFalse();
        assertThat(cron.matches(LocalDateTime.parse("2026-01-05T09:50"))).as("minute off the step").isFalse();
        assertThat(cron.matches(LocalDateTime.parse("2026-01-10T09:45"))).as("a Saturday").isFalse();
        assertThat(cron.matches(LocalDateTime.parse("2026-04-06T09:45"))).as("April").isFalse();
    }

    @Test
    void shouldTakeBothZeroAndSevenAsSunday() {
        var sunday = LocalDateTime.parse("2026-03-01T00:00");
        for (String expression : List.of("0 0 * * 0", "0 0 * * 7", "0 0 * * sun", "0 0 * * 5-7")) {
            assertThat(CronExpression.parse(expression).matches(sunday)).as(expression).isTrue();
            assertThat(CronExpression.parse(expression).matches(sunday.minusDays(3))).as(expression).isFalse();
        }
    }

    @Test
    void shouldMatchADayOfEitherFieldWhenBothDayOfMonthAndDayOfWeekAreRestricted() {
        var thirteenthOrFriday = CronExpression.parse("0 0 13 * fri");

        assertThat(thirteenthOrFriday.matchesDay(LocalDateTime.parse("2026-03-06T00:00").toLocalDate())).isTrue();
        assertThat(thirteenthOrFriday.matchesDay(LocalDateTime.parse("2026-03-13T00:00").toLocalDate())).isTrue();
        assertThat(thirteenthOrFriday.matchesDay(LocalDateTime.parse("2026-04-13T00:00").toLocalDate())).isTrue();
        assertThat(thirteenthOrFriday.matchesDay(LocalDateTime.parse("2026-03-12T00:00").toLocalDate())).isFalse();
    }

    @Test
    void shouldMatchOnlyTheRestrictedDayFieldWhenTheOtherIsAStar() {
        var thirteenth = CronExpression.parse("0 0 13 * *");
        var fridays = CronExpression.parse("0 0 * * fri");

        assertThat(thirteenth.matchesDay(LocalDateTime.parse("2026-03-06T00:00").toLocalDate())).isFalse();
        assertThat(thirteenth.matchesDay(LocalDateTime.parse("2026-04-13T00:00").toLocalDate())).isTrue();
        assertThat(fridays.matchesDay(LocalDateTime.parse("2026-04-13T00:00").toLocalDate())).isFalse();
        assertThat(fridays.matchesDay(LocalDateTime.parse("2026-03-06T00:00").toLocalDate())).isTrue();
    }

    @Test
    void shouldFindTheLatestFiringWithinTheDurationBeforeAnInstant() {
        var sixHourly = CronExpression.parse("0 */6 * * *");
        Instant at = Instant.parse("2026-03-01T13:59:00Z");

        assertThat(sixHourly.latestFiring(at, Duration.ofHours(7), ZoneOffset.UTC))
                .contains(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(sixHourly.latestFiring(at, Duration.ofHours(1), ZoneOffset.UTC)).isEmpty();
        // the firing itself is included, the instant a duration after it is not
        assertThat(sixHourly.latestFiring(Instant.parse("2026-03-01T12:00:00Z"), Duration.ofHours(1),
                ZoneOffset.UTC)).contains(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(sixHourly.latestFiring(Instant.parse("2026-03-01T13:00:00Z"), Duration.ofHours(1),
                ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void shouldLookBackAcrossDaysUpToAWeek() {
        var mondays = CronExpression.parse("0 8 * * mon");
        Instant sunday = Instant.parse("2026-03-08T20:00:00Z");

        assertThat(mondays.latestFiring(sunday, Duration.ofDays(7), ZoneOffset.UTC))
                .contains(Instant.parse("2026-03-02T08:00:00Z"));
        assertThat(mondays.latestFiring(sunday, Duration.ofDays(6), ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void shouldMoveAFiringInTheSpringGapForwardByTheGap() {
        // 2026-03-29 in Berlin: 02:00 CET becomes 03:00 CEST; 02:30 does not exist that day
        var twoThirty = CronExpression.parse("30 2 * * *");

        assertThat(twoThirty.latestFiring(Instant.parse("2026-03-29T01:45:00Z"), Duration.ofHours(1), BERLIN))
                .contains(Instant.parse("2026-03-29T01:30:00Z")); // 03:30 CEST
        assertThat(twoThirty.latestFiring(Instant.parse("2026-03-29T01:00:00Z"), Duration.ofHours(1), BERLIN))
                .isEmpty();
    }

    @Test
    void shouldFireOnceAtTheFirstOfTwoAutumnOccurrencesOfALocalTime() {
        // 2026-10-25 in Berlin: 03:00 CEST becomes 02:00 CET; 02:45 happens twice
        var twoFortyFive = CronExpression.parse("45 2 * * *");

        // at 02:30 CET, the second 02:30 of the night: the firing at the first 02:45 (CEST) is found
        assertThat(twoFortyFive.latestFiring(Instant.parse("2026-10-25T01:30:00Z"), Duration.ofHours(2), BERLIN))
                .contains(Instant.parse("2026-10-25T00:45:00Z"));
        // the second 02:45 (CET) does not fire again
        assertThat(twoFortyFive.latestFiring(Instant.parse("2026-10-25T01:50:00Z"), Duration.ofMinutes(30),
                BERLIN)).isEmpty();
    }

    @Test
    void shouldCompileAWeeklyScheduleToTheSameFirings() {
        var weekly = CronExpression.weekly(List.of(DayOfWeek.SUNDAY, DayOfWeek.SATURDAY), LocalTime.of(2, 5));

        assertThat(weekly).hasToString("5 2 * * sat,sun").isEqualTo(CronExpression.parse("5 2 * * sat,sun"));
        assertThat(weekly.matches(LocalDateTime.parse("2026-03-01T02:05"))).isTrue();
        assertThat(weekly.matches(LocalDateTime.parse("2026-03-02T02:05"))).isFalse();
    }
}
