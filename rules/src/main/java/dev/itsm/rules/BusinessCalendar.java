package dev.itsm.rules;

import java.io.Serial;
import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the clock of an SLA runs: the open hours of a {@code sla.yaml} calendar, or always ({@link #ALWAYS_OPEN},
 * {@code 24x7}).
 *
 * <p>A calendar is open during its ranges of local time in its zone, per weekday, except on its holidays (whole
 * local dates). A range runs from the moment the zone's clock first reads its start to the moment it first reads
 * its end, so business time is elapsed time: a range that spans a daylight-saving change is an hour shorter or
 * longer that day ({@code 00:00-24:00} lasts 23h on the spring change in Berlin and 25h on the autumn change), and a
 * time the clock skips (02:30 on the spring change) counts as the moment it jumps. Ranges are half-open: the
 * calendar is open at a range's start and closed at its end.
 *
 * <p>All arithmetic is exact to the nanosecond of {@link Instant} (so to the millisecond of Flink's timers) and
 * walks whole ranges, never minutes: adding months of business time loops once per day.
 *
 * <p>Immutable, thread-safe and {@link Serializable}; built by {@link RulePackLoader} from {@code sla.yaml}.
 */
public final class BusinessCalendar implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The id of the built-in calendar that is always open. */
    public static final String ALWAYS_OPEN_ID = "24x7";

    /** The built-in calendar {@code 24x7}: always open, so business time is elapsed time. */
    public static final BusinessCalendar ALWAYS_OPEN = new BusinessCalendar();

    private static final int MINUTES_PER_DAY = 24 * 60;
    private static final Instant[] CLOSED = new Instant[0];

    private final String id;
    /** {@code null} for {@link #ALWAYS_OPEN}. */
    private final ZoneId zone;
    /** By {@link DayOfWeek} ordinal: start and end minute of each range, {@code [s0, e0, s1, e1, ...]}, in order. */
    private final int[][] minutes;
    private final Set<LocalDate> holidays;
    /** The last holiday, {@code null} when there is none: after it the week repeats. */
    private final LocalDate lastHoliday;
    /** Whether every day is open 00:00-24:00, so that only holidays close the calendar. */
    private final boolean aroundTheClock;

    private BusinessCalendar() {
        this.id = ALWAYS_OPEN_ID;
        this.zone = null;
        this.minutes = new int[0][];
        this.holidays = Set.of();
        this.lastHoliday = null;
        this.aroundTheClock = true;
    }

    /**
     * A calendar of open hours.
     *
     * @param hours    each weekday's ranges (a day left out is closed); ranges of a day must not overlap, and
     *                 ranges that touch are joined
     * @param holidays local dates on which the calendar is closed all day
     * @throws IllegalArgumentException when the ranges overlap or there are none, or the id is {@code 24x7}
     */
    BusinessCalendar(String id, ZoneId zone, Map<DayOfWeek, List<TimeRange>> hours, Collection<LocalDate> holidays) {
        this.id = Objects.requireNonNull(id, "id must not be null");
        if (id.equals(ALWAYS_OPEN_ID)) {
            throw new IllegalArgumentException(ALWAYS_OPEN_ID + " is the built-in calendar");
        }
        this.zone = Objects.requireNonNull(zone, "zone must not be null");
        this.minutes = new int[DayOfWeek.values().length][];
        boolean open = false;
        boolean full = true;
        for (DayOfWeek day : DayOfWeek.values()) {
            int[] joined = join(id, day, hours.getOrDefault(day, List.of()));
            minutes[day.ordinal()] = joined;
            open |= joined.length > 0;
            full &= joined.length == 2 && joined[0] == 0 && joined[1] == MINUTES_PER_DAY;
        }
        if (!open) {
            throw new IllegalArgumentException("calendar " + id + " has no open hours");
        }
        this.holidays = Set.copyOf(holidays);
        this.lastHoliday = this.holidays.stream().max(Comparator.naturalOrder()).orElse(null);
        this.aroundTheClock = full;
    }

    /** The ranges sorted, touching ones joined, as minute pairs. */
    private static int[] join(String id, DayOfWeek day, List<TimeRange> ranges) {
        var sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(TimeRange::start));
        var joined = new ArrayList<Integer>();
        for (TimeRange range : sorted) {
            int last = joined.size() - 1;
            if (last > 0 && range.start() < joined.get(last)) {
                throw new IllegalArgumentException("calendar " + id + " has overlapping ranges on " + day);
            }
            if (last > 0 && range.start() == joined.get(last)) {
                joined.set(last, range.end());
            } else {
                joined.add(range.start());
                joined.add(range.end());
            }
        }
        return joined.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code 24x7}, or the id {@code sla.yaml} gives the calendar. */
    public String id() {
        return id;
    }

    /** The zone whose local time the open hours and holidays are in; UTC for {@code 24x7}. */
    public ZoneId zone() {
        return zone == null ? ZoneOffset.UTC : zone;
    }

    /** Whether the calendar is open at this instant (a range includes its start, not its end). */
    public boolean isOpen(Instant at) {
        Objects.requireNonNull(at, "at must not be null");
        if (zone == null) {
            return true;
        }
        LocalDate date = LocalDate.ofInstant(at, zone);
        for (LocalDate day = date.minusDays(1); !day.isAfter(date); day = day.plusDays(1)) {
            Instant[] open = openOn(day);
            for (int i = 0; i < open.length; i += 2) {
                if (!at.isBefore(open[i]) && at.isBefore(open[i + 1])) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The first instant after {@code at} at which the calendar opens (when it is closed at {@code at}) or closes
     * (when it is open): the end of the open stretch that contains {@code at}, across midnight when the next day's
     * hours continue it, or the start of the next one.
     *
     * @return {@link Instant#MAX} when the calendar never changes again: {@code 24x7}, or a calendar open around
     *         the clock every day with no holiday ahead
     */
    public Instant nextChange(Instant at) {
        Objects.requireNonNull(at, "at must not be null");
        if (zone == null) {
            return Instant.MAX;
        }
        Instant stretchEnd = null;
        for (LocalDate day = LocalDate.ofInstant(at, zone).minusDays(1); ; day = day.plusDays(1)) {
            Instant[] open = openOn(day);
            for (int i = 0; i < open.length; i += 2) {
                if (!open[i + 1].isAfter(at)) {
                    continue;
                }
                if (stretchEnd == null && open[i].isAfter(at)) {
                    return open[i];
                }
                if (stretchEnd != null && open[i].isAfter(stretchEnd)) {
                    return stretchEnd;
                }
                stretchEnd = open[i + 1];
            }
            if (stretchEnd != null && open.length == 0) {
                return stretchEnd; // a closed day ends the stretch
            }
            if (aroundTheClock && (lastHoliday == null || day.isAfter(lastHoliday))) {
                // every later day is open from its first moment to its last: the stretch never ends
                return Instant.MAX;
            }
        }
    }

    /**
     * The business time between two instants: how long the calendar is open in {@code [from, to)}. For
     * {@code 24x7}, {@code to - from}.
     *
     * @return zero when {@code to} is not after {@code from}
     */
    public Duration businessTimeBetween(Instant from, Instant to) {
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(to, "to must not be null");
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (zone == null) {
            return Duration.between(from, to);
        }
        Duration total = Duration.ZERO;
        LocalDate last = LocalDate.ofInstant(to, zone);
        for (LocalDate day = LocalDate.ofInstant(from, zone).minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            Instant[] open = openOn(day);
            for (int i = 0; i < open.length; i += 2) {
                Instant start = later(open[i], from);
                Instant end = open[i + 1].isBefore(to) ? open[i + 1] : to;
                if (end.isAfter(start)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    /**
     * The instant at which {@code businessTime} of open time has passed since {@code from}: the earliest
     * {@code t} with {@code businessTimeBetween(from, t)} equal to {@code businessTime}. It skips nights, closed
     * days and holidays; it is always at an instant the calendar is open or the end of a range, never later than
     * needed. For {@code 24x7}, {@code from + businessTime}; for zero, {@code from}.
     *
     * <p>The SLA clocks set their event-time timers to these instants, so that a threshold fires exactly when it is
     * crossed.
     *
     * @throws IllegalArgumentException when {@code businessTime} is negative
     */
    public Instant addBusinessTime(Instant from, Duration businessTime) {
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(businessTime, "businessTime must not be null");
        if (businessTime.isNegative()) {
            throw new IllegalArgumentException("businessTime must not be negative, was " + businessTime);
        }
        if (zone == null) {
            return from.plus(businessTime);
        }
        if (businessTime.isZero()) {
            return from;
        }
        Duration remaining = businessTime;
        // ends when the time is used up: every week has open hours and the holidays are finitely many
        for (LocalDate day = LocalDate.ofInstant(from, zone).minusDays(1); ; day = day.plusDays(1)) {
            Instant[] open = openOn(day);
            for (int i = 0; i < open.length; i += 2) {
                if (!open[i + 1].isAfter(from)) {
                    continue;
                }
                Instant start = later(open[i], from);
                Duration available = Duration.between(start, open[i + 1]);
                if (remaining.compareTo(available) <= 0) {
                    return start.plus(remaining);
                }
                remaining = remaining.minus(available);
            }
        }
    }

    /** The open intervals of a local date, {@code [start0, end0, start1, end1, ...]}, in order and not empty. */
    private Instant[] openOn(LocalDate date) {
        int[] day = minutes[date.getDayOfWeek().ordinal()];
        if (day.length == 0 || holidays.contains(date)) {
            return CLOSED;
        }
        ZoneRules rules = zone.getRules();
        Instant[] open = new Instant[day.length];
        int count = 0;
        for (int i = 0; i < day.length; i += 2) {
            Instant start = firstReading(rules, date, day[i]);
            Instant end = firstReading(rules, date, day[i + 1]);
            // a range the clock skips entirely (inside a spring gap) is empty that day
            if (end.isAfter(start)) {
                open[count++] = start;
                open[count++] = end;
            }
        }
        return count == open.length ? open : Arrays.copyOf(open, count);
    }

    /**
     * The first instant at which the zone's clock reads at least {@code minute} of {@code date} (minute 1440 is the
     * next day's midnight): the earlier of two readings in an autumn overlap, the moment of the jump for a time a
     * spring gap skips. Monotonic in the local time, so the ranges of a day stay in order.
     */
    private static Instant firstReading(ZoneRules rules, LocalDate date, int minute) {
        LocalDateTime local = minute == MINUTES_PER_DAY
                ? date.plusDays(1).atStartOfDay()
                : date.atTime(minute / 60, minute % 60);
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return rules.getTransition(local).getInstant();
        }
        // in an overlap the offset before the change comes first: the earlier instant
        return local.toInstant(offsets.get(0));
    }

    /** Keeps {@link #ALWAYS_OPEN} one instance across Java serialisation, as Flink ships the pack. */
    @Serial
    private Object readResolve() {
        return zone == null ? ALWAYS_OPEN : this;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BusinessCalendar other && id.equals(other.id) && Objects.equals(zone, other.zone)
                && Arrays.deepEquals(minutes, other.minutes) && holidays.equals(other.holidays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, zone, Arrays.deepHashCode(minutes), holidays);
    }

    /** {@code BusinessCalendar[office-de: Europe/Berlin, mon 08:00-18:00, ..., 12 holidays]}. */
    @Override
    public String toString() {
        if (zone == null) {
            return "BusinessCalendar[" + ALWAYS_OPEN_ID + "]";
        }
        var text = new StringBuilder("BusinessCalendar[").append(id).append(": ").append(zone);
        for (DayOfWeek day : DayOfWeek.values()) {
            int[] ranges = minutes[day.ordinal()];
            if (ranges.length > 0) {
                text.append(", ").append(Values.DAYS.get(day.ordinal()));
                for (int i = 0; i < ranges.length; i += 2) {
                    text.append(' ').append(new TimeRange(ranges[i], ranges[i + 1]));
                }
            }
        }
        return text.append(", ").append(holidays.size()).append(holidays.size() == 1 ? " holiday]" : " holidays]")
                .toString();
    }

    /**
     * A range of local time on one day, {@code HH:MM-HH:MM}, in minutes of the day: the start 0..1439, the end after
     * it, at most 1440 ({@code 24:00}, the end of the day).
     */
    record TimeRange(int start, int end) {
        private static final Pattern FORM = Pattern.compile("(\\d{1,2}):(\\d{2})-(\\d{1,2}):(\\d{2})");

        TimeRange {
            if (start < 0 || end > MINUTES_PER_DAY || end <= start) {
                throw new IllegalArgumentException("a range runs within a day and ends after it starts");
            }
        }

        /**
         * {@code 08:00-18:00}; the end may be {@code 24:00}.
         *
         * @throws IllegalArgumentException with the message a rule file's reader reports
         */
        static TimeRange parse(String text) {
            Matcher m = FORM.matcher(text);
            int start = -1;
            int end = -1;
            if (m.matches()) {
                start = minute(m.group(1), m.group(2), false);
                end = minute(m.group(3), m.group(4), true);
            }
            if (start < 0 || end < 0) {
                throw new IllegalArgumentException("'" + text + "' is not a range of times "
                        + "(HH:MM-HH:MM, 00:00 to 24:00, e.g. 08:00-18:00)");
            }
            if (end <= start) {
                throw new IllegalArgumentException("'" + text + "' does not end after it starts; a range cannot pass "
                        + "midnight (write 22:00-24:00 on one day and 00:00-06:00 on the next)");
            }
            return new TimeRange(start, end);
        }

        /** Minutes of the day, or -1 when out of range; {@code 24:00} only as an end. */
        private static int minute(String hours, String minutes, boolean end) {
            int hour = Integer.parseInt(hours);
            int minute = Integer.parseInt(minutes);
            if (minute > 59 || hour > 24 || (hour == 24 && (minute > 0 || !end))) {
                return -1;
            }
            return hour * 60 + minute;
        }

        boolean overlaps(TimeRange other) {
            return start < other.end && other.start < end;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%02d:%02d-%02d:%02d", start / 60, start % 60, end / 60, end % 60);
        }
    }
}
