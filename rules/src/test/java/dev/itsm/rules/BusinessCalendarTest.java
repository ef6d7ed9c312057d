package dev.itsm.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.rules.BusinessCalendar.TimeRange;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Business-time arithmetic: what the SLA clocks set their timers by. */
class BusinessCalendarTest {
    private static final String BERLIN = "Europe/Berlin";

    /** The default pack's office-de: Monday to Thursday 08:00-18:00, Friday 08:00-16:00, Berlin, with holidays. */
    private static final BusinessCalendar OFFICE = SlaSpec.OFFICE_DE;

    /** Monday 09:00-12:30 and 13:30-17:30 UTC: a lunch break. */
    private static final BusinessCalendar LUNCH_BREAK = calendar("UTC",
            Map.of(DayOfWeek.MONDAY, List.of("09:00-12:30", "13:30-17:30")));

    /** Every day 00:00-24:00 in Berlin: business time is elapsed time, which DST days make 23h or 25h long. */
    private static final BusinessCalendar BERLIN_ALL_DAY = everyDay(BERLIN, "00:00-24:00");

    /** Sundays 01:00-04:00 in Berlin: both 2026 daylight-saving changes fall into it. */
    private static final BusinessCalendar SUNDAY_NIGHT = calendar(BERLIN,
            Map.of(DayOfWeek.SUNDAY, List.of("01:00-04:00")));

    /** Night shifts in Berlin, with ranges that the spring change skips in part or whole. */
    private static final BusinessCalendar NIGHT_SHIFT = nightShift();

    private static Instant t(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    private static BusinessCalendar calendar(String zone, Map<DayOfWeek, List<String>> hours, String... holidays) {
        var ranges = new EnumMap<DayOfWeek, List<TimeRange>>(DayOfWeek.class);
        hours.forEach((day, texts) -> ranges.put(day, texts.stream().map(TimeRange::parse).toList()));
        return new BusinessCalendar("test", ZoneId.of(zone), ranges,
                Arrays.stream(holidays).map(LocalDate::parse).toList());
    }

    private static BusinessCalendar everyDay(String zone, String range, String... holidays) {
        var hours = new EnumMap<DayOfWeek, List<String>>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            hours.put(day, List.of(range));
        }
        return calendar(zone, hours, holidays);
    }

    private static BusinessCalendar nightShift() {
        var hours = new EnumMap<DayOfWeek, List<String>>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            hours.put(day, List.of("00:00-06:00", "22:00-24:00"));
        }
        hours.put(DayOfWeek.SUNDAY, List.of("00:00-02:30", "02:45-03:15", "04:00-05:00", "22:00-24:00"));
        return calendar(BERLIN, hours);
    }

    @Test
    void shouldSkipTheNight() {
        // Tuesday 17:00: one hour left that day, three more from 08:00 on Wednesday
        Instant due = OFFICE.addBusinessTime(t("2026-11-17T17:00+01:00"), Duration.ofHours(4));

        assertThat(due).isEqualTo(t("2026-11-18T11:00+01:00"));
        assertThat(OFFICE.businessTimeBetween(t("2026-11-17T17:00+01:00"), due)).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void shouldSkipTheWeekend() {
        // Friday closes at 16:00
        assertThat(OFFICE.addBusinessTime(t("2026-11-20T15:00+01:00"), Duration.ofHours(4)))
                .isEqualTo(t("2026-11-23T11:00+01:00"));
        assertThat(OFFICE.businessTimeBetween(t("2026-11-20T12:00+01:00"), t("2026-11-23T12:00+01:00")))
                .isEqualTo(Duration.ofHours(8));
    }

    @Test
    void shouldSkipHolidays() {
        // Wednesday 23 December: Christmas Eve and Day are holidays, then the weekend
        assertThat(OFFICE.addBusinessTime(t("2026-12-23T17:00+01:00"), Duration.ofHours(2)))
                .isEqualTo(t("2026-12-28T09:00+01:00"));
        assertThat(OFFICE.isOpen(t("2026-12-24T10:00+01:00"))).isFalse();
        assertThat(OFFICE.isOpen(t("2026-12-23T10:00+01:00"))).isTrue();
        assertThat(OFFICE.businessTimeBetween(t("2026-12-21T00:00+01:00"), t("2027-01-04T00:00+01:00")))
                .as("Mon 21 to Wed 23 Dec, Mon 28 to Wed 30 Dec; 24, 25, 31 Dec and 1 Jan are holidays")
                .isEqualTo(Duration.ofHours(60));
    }

    @Test
    void shouldStopAtTheEndOfARangeAndResumeAtTheNext() {
        assertThat(LUNCH_BREAK.addBusinessTime(t("2026-11-16T12:00Z"), Duration.ofHours(1)))
                .isEqualTo(t("2026-11-16T14:00Z"));
        // time used up exactly at the end of a range: due then, not when the next range opens
        assertThat(LUNCH_BREAK.addBusinessTime(t("2026-11-16T12:00Z"), Duration.ofMinutes(30)))
                .isEqualTo(t("2026-11-16T12:30Z"));
        assertThat(LUNCH_BREAK.businessTimeBetween(t("2026-11-16T12:00Z"), t("2026-11-16T14:00Z")))
                .isEqualTo(Duration.ofHours(1));
        assertThat(LUNCH_BREAK.isOpen(t("2026-11-16T12:29:59.999Z"))).isTrue();
        assertThat(LUNCH_BREAK.isOpen(t("2026-11-16T12:30Z"))).isFalse();
        assertThat(LUNCH_BREAK.isOpen(t("2026-11-16T13:30Z"))).isTrue();
    }

    @Test
    void shouldStartCountingWhenTheCalendarOpensWhenAddedFromOutsideOpenHours() {
        assertThat(OFFICE.addBusinessTime(t("2026-11-17T06:30+01:00"), Duration.ofHours(1)))
                .as("before opening").isEqualTo(t("2026-11-17T09:00+01:00"));
        assertThat(OFFICE.addBusinessTime(t("2026-11-17T20:00+01:00"), Duration.ofHours(1)))
                .as("after closing").isEqualTo(t("2026-11-18T09:00+01:00"));
        assertThat(OFFICE.addBusinessTime(t("2026-11-21T12:00+01:00"), Duration.ofHours(1)))
                .as("on a Saturday").isEqualTo(t("2026-11-23T09:00+01:00"));
        assertThat(OFFICE.addBusinessTime(t("2026-11-17T18:00+01:00"), Duration.ofMinutes(1)))
                .as("at closing time, which is closed").isEqualTo(t("2026-11-18T08:01+01:00"));
    }

    @Test
    void shouldCountFromTheInstantItselfWhenAddedInsideOpenHours() {
        assertThat(OFFICE.addBusinessTime(t("2026-11-17T10:00:00.123+01:00"), Duration.ofMinutes(90)))
                .isEqualTo(t("2026-11-17T11:30:00.123+01:00"));
        assertThat(OFFICE.addBusinessTime(t("2026-11-17T08:00+01:00"), Duration.ofHours(10)))
                .as("a whole day, from opening time").isEqualTo(t("2026-11-17T18:00+01:00"));
        assertThat(OFFICE.addBusinessTime(t("2026-11-17T17:59:59.999+01:00"), Duration.ofMillis(2)))
                .as("exact to the millisecond across the night").isEqualTo(t("2026-11-18T08:00:00.001+01:00"));
    }

    @Test
    void shouldReturnTheStartForZeroBusinessTimeWhetherOpenOrClosed() {
        Instant closed = t("2026-11-21T12:00+01:00");
        Instant open = t("2026-11-17T12:00+01:00");

        assertThat(OFFICE.addBusinessTime(closed, Duration.ZERO)).isEqualTo(closed);
        assertThat(OFFICE.addBusinessTime(open, Duration.ZERO)).isEqualTo(open);
        assertThat(OFFICE.businessTimeBetween(open, open)).isZero();
        assertThat(OFFICE.businessTimeBetween(open, closed)).isEqualTo(Duration.ofHours(34));
        assertThat(OFFICE.businessTimeBetween(closed, open)).as("backwards").isZero();
    }

    @Test
    void shouldRejectNegativeBusinessTime() {
        assertThatThrownBy(() -> OFFICE.addBusinessTime(Instant.EPOCH, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("businessTime must not be negative, was PT-0.001S");
    }

    @Test
    void shouldCountTheSpringChangeDayInBerlinAsTwentyThreeHours() {
        // Sunday 29 March 2026: 02:00 CET jumps to 03:00 CEST
        Instant midnight = t("2026-03-29T00:00+01:00");

        assertThat(BERLIN_ALL_DAY.businessTimeBetween(midnight, t("2026-03-30T00:00+02:00")))
                .isEqualTo(Duration.ofHours(23));
        assertThat(BERLIN_ALL_DAY.addBusinessTime(midnight, Duration.ofHours(24)))
                .isEqualTo(t("2026-03-30T01:00+02:00"));
        // 01:00-04:00 on the clock is two hours that night
        assertThat(SUNDAY_NIGHT.businessTimeBetween(t("2026-03-28T00:00Z"), t("2026-03-30T00:00Z")))
                .isEqualTo(Duration.ofHours(2));
        assertThat(SUNDAY_NIGHT.addBusinessTime(t("2026-03-29T01:30+01:00"), Duration.ofMinutes(60)))
                .as("01:30 CET plus an hour is 03:30 CEST").isEqualTo(t("2026-03-29T03:30+02:00"));
        assertThat(SUNDAY_NIGHT.addBusinessTime(t("2026-03-29T01:30+01:00"), Duration.ofMinutes(150)))
                .as("the rest of that night is 90 minutes; the next Sunday opens at 01:00 CEST")
                .isEqualTo(t("2026-04-05T02:00+02:00"));
    }

    @Test
    void shouldOpenARangeThatStartsInTheSpringGapWhenTheClockJumps() {
        BusinessCalendar gap = calendar(BERLIN, Map.of(DayOfWeek.SUNDAY, List.of("02:30-05:00")));

        assertThat(gap.isOpen(t("2026-03-29T01:59:59.999+01:00"))).isFalse();
        assertThat(gap.isOpen(t("2026-03-29T03:00+02:00"))).isTrue();
        assertThat(gap.nextChange(t("2026-03-29T00:00+01:00"))).isEqualTo(t("2026-03-29T03:00+02:00"));
        assertThat(gap.businessTimeBetween(t("2026-03-29T00:00+01:00"), t("2026-03-30T00:00+02:00")))
                .isEqualTo(Duration.ofHours(2));
        // a range wholly inside the gap does not exist that day
        BusinessCalendar skipped = calendar(BERLIN, Map.of(DayOfWeek.SUNDAY, List.of("02:00-02:45")));
        assertThat(skipped.businessTimeBetween(t("2026-03-29T00:00+01:00"), t("2026-03-30T00:00+02:00"))).isZero();
        assertThat(skipped.nextChange(t("2026-03-29T00:00+01:00"))).isEqualTo(t("2026-04-05T02:00+02:00"));
    }

    @Test
    void shouldCountTheAutumnChangeDayInBerlinAsTwentyFiveHours() {
        // Sunday 25 October 2026: 03:00 CEST falls back to 02:00 CET
        Instant midnight = t("2026-10-25T00:00+02:00");

        assertThat(BERLIN_ALL_DAY.businessTimeBetween(midnight, t("2026-10-26T00:00+01:00")))
                .isEqualTo(Duration.ofHours(25));
        assertThat(BERLIN_ALL_DAY.addBusinessTime(midnight, Duration.ofHours(24)))
                .isEqualTo(t("2026-10-25T23:00+01:00"));
        // 01:00 CEST to 04:00 CET is four hours
        assertThat(SUNDAY_NIGHT.businessTimeBetween(t("2026-10-24T00:00Z"), t("2026-10-26T00:00Z")))
                .isEqualTo(Duration.ofHours(4));
        assertThat(SUNDAY_NIGHT.addBusinessTime(t("2026-10-25T01:00+02:00"), Duration.ofMinutes(210)))
                .as("through both 02:30s").isEqualTo(t("2026-10-25T03:30+01:00"));
        // a range ends the first time the clock reads its end
        BusinessCalendar untilTwoThirty = calendar(BERLIN, Map.of(DayOfWeek.SUNDAY, List.of("00:00-02:30")));
        assertThat(untilTwoThirty.isOpen(t("2026-10-25T02:29+02:00"))).isTrue();
        assertThat(untilTwoThirty.isOpen(t("2026-10-25T02:15+01:00"))).isFalse();
        assertThat(untilTwoThirty.nextChange(t("2026-10-25T01:00+02:00"))).isEqualTo(t("2026-10-25T02:30+02:00"));
    }

    @Test
    void shouldKeepOfficeHoursAtTheSameLocalTimesOnEitherSideOfAChange() {
        // Friday 27 March 2026 is CET, Monday 30 March CEST: the office opens at 08:00 local on both
        assertThat(OFFICE.addBusinessTime(t("2026-03-27T15:00+01:00"), Duration.ofHours(2)))
                .isEqualTo(t("2026-03-30T09:00+02:00"));
        assertThat(OFFICE.businessTimeBetween(t("2026-10-23T00:00+02:00"), t("2026-10-27T00:00+01:00")))
                .isEqualTo(Duration.ofHours(18));
    }

    @Test
    void shouldTellWhetherOpenAndWhenThatChanges() {
        assertThat(OFFICE.isOpen(t("2026-11-17T08:00+01:00"))).isTrue();
        assertThat(OFFICE.isOpen(t("2026-11-17T07:59:59.999+01:00"))).isFalse();
        assertThat(OFFICE.isOpen(t("2026-11-17T18:00+01:00"))).isFalse();
        assertThat(OFFICE.nextChange(t("2026-11-17T10:00+01:00"))).isEqualTo(t("2026-11-17T18:00+01:00"));
        assertThat(OFFICE.nextChange(t("2026-11-17T18:00+01:00"))).isEqualTo(t("2026-11-18T08:00+01:00"));
        assertThat(OFFICE.nextChange(t("2026-11-17T08:00+01:00"))).isEqualTo(t("2026-11-17T18:00+01:00"));
        assertThat(OFFICE.nextChange(t("2026-11-20T16:00+01:00"))).as("the weekend")
                .isEqualTo(t("2026-11-23T08:00+01:00"));
        assertThat(OFFICE.nextChange(t("2026-12-23T18:00+01:00"))).as("Christmas")
                .isEqualTo(t("2026-12-28T08:00+01:00"));
        // a night shift stays open across midnight
        assertThat(NIGHT_SHIFT.nextChange(t("2026-11-17T23:00+01:00"))).isEqualTo(t("2026-11-18T06:00+01:00"));
        assertThat(NIGHT_SHIFT.nextChange(t("2026-11-18T00:00+01:00"))).isEqualTo(t("2026-11-18T06:00+01:00"));
    }

    @Test
    void shouldNeverChangeAroundTheClockAfterTheLastHoliday() {
        BusinessCalendar allDay = everyDay("UTC", "00:00-24:00", "2026-12-25");

        assertThat(allDay.nextChange(t("2026-12-01T10:00Z"))).isEqualTo(t("2026-12-25T00:00Z"));
        assertThat(allDay.nextChange(t("2026-12-25T10:00Z"))).isEqualTo(t("2026-12-26T00:00Z"));
        assertThat(allDay.nextChange(t("2026-12-26T00:00Z"))).isEqualTo(Instant.MAX);
        assertThat(everyDay("UTC", "00:00-24:00").nextChange(t("2026-12-01T10:00Z"))).isEqualTo(Instant.MAX);
    }

    @Test
    void shouldCountElapsedTimeInTheBuiltInCalendarThatIsAlwaysOpen() {
        BusinessCalendar always = BusinessCalendar.ALWAYS_OPEN;
        Instant from = t("2026-03-28T23:30:00.001Z");

        assertThat(always.id()).isEqualTo("24x7");
        assertThat(always.addBusinessTime(from, Duration.ofHours(26))).isEqualTo(from.plus(Duration.ofHours(26)));
        assertThat(always.businessTimeBetween(from, from.plusMillis(12345))).isEqualTo(Duration.ofMillis(12345));
        assertThat(always.isOpen(from)).isTrue();
        assertThat(always.nextChange(from)).isEqualTo(Instant.MAX);
        assertThat(always).hasToString("BusinessCalendar[24x7]");
    }

    @Test
    void shouldAddMonthsOfBusinessTimeAcrossHolidaysAndBothChanges() {
        Instant from = t("2026-01-01T00:00+01:00");
        // 40 weeks of 48 open hours, and 56 hours more for the holidays on weekdays from January to May
        Instant due = OFFICE.addBusinessTime(from, Duration.ofHours(48 * 40));

        assertThat(OFFICE.businessTimeBetween(from, due)).isEqualTo(Duration.ofHours(48 * 40));
        assertThat(OFFICE.isOpen(due.minusMillis(1))).isTrue();
        // Thursday 15 October 16:00, as a count of the open hours minute by minute gives
        assertThat(due).isEqualTo(t("2026-10-15T16:00+02:00"));
    }

    @Test
    void shouldRoundTripAddAndBetweenForRandomStartsAndDurations() {
        var random = new Random(20261129);
        long start = t("2026-01-01T00:00Z").toEpochMilli();
        long span = t("2028-01-01T00:00Z").toEpochMilli() - start;
        Instant[] changes = {t("2026-03-29T01:00Z"), t("2026-10-25T01:00Z"), t("2027-03-28T01:00Z"),
                t("2027-10-31T01:00Z")};
        for (BusinessCalendar calendar : List.of(OFFICE, LUNCH_BREAK, NIGHT_SHIFT, SUNDAY_NIGHT, BERLIN_ALL_DAY,
                BusinessCalendar.ALWAYS_OPEN)) {
            for (int i = 0; i < 2_000; i++) {
                // half of the starts within three days of a daylight-saving change
                Instant from = i % 2 == 0
                        ? Instant.ofEpochMilli(start + (long) (random.nextDouble() * span))
                        : changes[random.nextInt(changes.length)].plusMillis(
                                (long) ((random.nextDouble() - 0.5) * 6 * 24 * 3600_000));
                Duration businessTime = Duration.ofMillis((long) (random.nextDouble() * 300 * 3600_000));
                if (i % 10 == 0) {
                    businessTime = Duration.ofMinutes(random.nextInt(600));
                }

                Instant due = calendar.addBusinessTime(from, businessTime);

                String what = calendar.id() + " from " + from + " plus " + businessTime;
                assertThat(calendar.businessTimeBetween(from, due)).as(what).isEqualTo(businessTime);
                if (!businessTime.isZero()) {
                    // not a millisecond later than needed
                    assertThat(calendar.businessTimeBetween(from, due.minusMillis(1))).as(what)
                            .isEqualTo(businessTime.minusMillis(1));
                }
            }
        }
    }

    @Test
    void shouldStayOpenOrClosedUntilTheNextChange() {
        var random = new Random(42);
        long start = t("2026-01-01T00:00Z").toEpochMilli();
        for (BusinessCalendar calendar : List.of(OFFICE, LUNCH_BREAK, NIGHT_SHIFT, SUNDAY_NIGHT)) {
            for (int i = 0; i < 1_000; i++) {
                Instant at = Instant.ofEpochMilli(start + (long) (random.nextDouble() * 730 * 24 * 3600_000L));

                Instant change = calendar.nextChange(at);

                String what = calendar.id() + " at " + at;
                boolean open = calendar.isOpen(at);
                assertThat(change).as(what).isAfter(at);
                assertThat(calendar.isOpen(change)).as(what).isNotEqualTo(open);
                assertThat(calendar.isOpen(change.minusMillis(1))).as(what).isEqualTo(open);
                assertThat(calendar.businessTimeBetween(at, change)).as(what)
                        .isEqualTo(open ? Duration.between(at, change) : Duration.ZERO);
                assertThat(calendar.businessTimeBetween(at, at.plusMillis(1))).as(what)
                        .isEqualTo(open ? Duration.ofMillis(1) : Duration.ZERO);
            }
        }
    }

    @Test
    void shouldReadRangesAndRejectWhatIsNotOne() {
        assertThat(TimeRange.parse("8:00-18:00")).isEqualTo(new TimeRange(480, 1080)).hasToString("08:00-18:00");
        assertThat(TimeRange.parse("22:00-24:00").end()).isEqualTo(1440);
        assertThatThrownBy(() -> TimeRange.parse("24:00-24:00")).hasMessage("'24:00-24:00' is not a range of times "
                + "(HH:MM-HH:MM, 00:00 to 24:00, e.g. 08:00-18:00)");
        assertThatThrownBy(() -> TimeRange.parse("08:00-08:00")).hasMessage("'08:00-08:00' does not end after it "
                + "starts; a range cannot pass midnight (write 22:00-24:00 on one day and 00:00-06:00 on the next)");
        assertThatThrownBy(() -> TimeRange.parse("08:60-09:00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldJoinTouchingRangesAndRejectOverlappingOnes() {
        BusinessCalendar touching = calendar("UTC", Map.of(DayOfWeek.MONDAY, List.of("13:00-18:00", "08:00-13:00")));

        assertThat(touching).isEqualTo(calendar("UTC", Map.of(DayOfWeek.MONDAY, List.of("08:00-18:00"))));
        assertThat(touching.nextChange(t("2026-11-16T09:00Z"))).isEqualTo(t("2026-11-16T18:00Z"));
        assertThat(touching).hasToString("BusinessCalendar[test: UTC, mon 08:00-18:00, 0 holidays]");
        assertThatThrownBy(() -> calendar("UTC", Map.of(DayOfWeek.MONDAY, List.of("08:00-13:00", "12:00-18:00"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> calendar("UTC", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("calendar test has no open hours");
    }
}
