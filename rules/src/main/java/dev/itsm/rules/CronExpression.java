package dev.itsm.rules;

import java.io.Serial;
import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A standard five-field cron expression, {@code minute hour day-of-month month day-of-week}, evaluated in local time.
 *
 * <p>Each field is {@code *}, a number, a range {@code a-b}, a step {@code *}{@code /n} or {@code a-b/n}, or a
 * comma-separated list of those. Months may be named {@code jan}..{@code dec} and days of the week {@code sun}..
 * {@code sat} (any case); day of week 0 and 7 are both Sunday. When both day of month and day of week are
 * restricted (neither is a plain {@code *}), a day matches when <em>either</em> does, as in cron.
 *
 * <p>Immutable and {@link Serializable}.
 */
final class CronExpression implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private static final String FORM = "minute hour day-of-month month day-of-week";
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> WEEKDAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
    private static final Pattern ELEMENT = Pattern.compile("(\\*|(\\w+)(?:-(\\w+))?)(?:/(\\d+))?");

    /** One of the five fields: its name, its range and the names its values may have (index = value - min). */
    private enum Field {
        MINUTE("minute", 0, 59, List.of()),
        HOUR("hour", 0, 23, List.of()),
        DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
        MONTH("month", 1, 12, MONTHS),
        DAY_OF_WEEK("day-of-week", 0, 7, WEEKDAYS);

        final String label;
        final int min;
        final int max;
        final List<String> names;

        Field(String label, int min, int max, List<String> names) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
        }
    }

    private final String text;
    private final long minutes;     // bit n = minute n
    private final long hours;       // bit n = hour n
    private final int[] hoursDescending;
    private final int[] minutesDescending;
    private final long daysOfMonth; // bit n = day n
    private final long months;      // bit n = month n
    private final long weekdays;    // bit n = n days after Sunday
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronExpression(String text, long minutes, long hours, long daysOfMonth, long months, long weekdays,
                           boolean anyDayOfMonth, boolean anyDayOfWeek) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.hoursDescending = descending(hours);
        this.minutesDescending = descending(minutes);
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.weekdays = weekdays;
        this.anyDayOfMonth = anyDayOfMonth;
        this.anyDayOfWeek = anyDayOfWeek;
    }

    /**
     * Parses {@code m h dom mon dow}.
     *
     * @throws IllegalArgumentException with a message for a rule file, e.g.
     *     {@code '0 25 * * *' is not a cron expression: hour '25' is out of range (0-23)}
     */
    static CronExpression parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException(problem(text, "it has " + (text.isBlank() ? 0 : parts.length)
                    + " fields, not 5 (" + FORM + ")"));
        }
        long[] bits = new long[5];
        for (Field field : Field.values()) {
            bits[field.ordinal()] = field(text, field, parts[field.ordinal()]);
        }
        long weekdays = bits[4];
        if ((weekdays & (1L << 7)) != 0) {
            weekdays = (weekdays & ~(1L << 7)) | 1L; // 7 is Sunday, as 0 is
        }
        boolean anyDayOfMonth = parts[2].equals("*");
        boolean anyDayOfWeek = parts[4].equals("*");
        if (anyDayOfWeek && !anyDayOfMonth && !anyMonthHasADay(bits[3], bits[2])) {
            throw new IllegalArgumentException(problem(text, "it never fires (none of its months has any of its "
                    + "days of the month)"));
        }
        return new CronExpression(text.strip(), bits[0], bits[1], bits[2], bits[3], weekdays, anyDayOfMonth,
                anyDayOfWeek);
    }

    /** Fires on these days at this time: what a weekly window is. */
    static CronExpression weekly(Collection<DayOfWeek> days, LocalTime at) {
        long weekdays = 0;
        for (DayOfWeek day : days) {
            weekdays |= 1L << (day.getValue() % 7);
        }
        String dayList = days.stream().sorted().map(d -> WEEKDAYS.get(d.getValue() % 7))
                .collect(Collectors.joining(","));
        return new CronExpression(at.getMinute() + " " + at.getHour() + " * * " + dayList, 1L << at.getMinute(),
                1L << at.getHour(), all(Field.DAY_OF_MONTH), all(Field.MONTH), weekdays, true, false);
    }

    private static long field(String text, Field field, String written) {
        long bits = 0;
        for (String element : written.split(",", -1)) {
            Matcher m = ELEMENT.matcher(element);
            if (!m.matches()) {
                throw new IllegalArgumentException(problem(text, field.label + " '" + element + "' is not a value, "
                        + "a range or a step (use e.g. 5, 1-5, */15, 0-30/10)"));
            }
            int from;
            int to;
            if (m.group(1).equals("*")) {
                from = field.min;
                to = field == Field.DAY_OF_WEEK ? 6 : field.max;
            } else {
                from = value(text, field, m.group(2));
                to = m.group(3) == null ? from : value(text, field, m.group(3));
                if (to < from) {
                    throw new IllegalArgumentException(problem(text, field.label + " range '" + element
                            + "' runs backwards"));
                }
                if (m.group(4) != null && m.group(3) == null) {
                    throw new IllegalArgumentException(problem(text, field.label + " '" + element + "' is not a "
                            + "value, a range or a step (use e.g. 5, 1-5, */15, 0-30/10)"));
                }
            }
            int step = 1;
            if (m.group(4) != null) {
                step = m.group(4).length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(m.group(4));
                if (step < 1 || step > field.max) {
                    throw new IllegalArgumentException(problem(text, field.label + " step in '" + element
                            + "' is out of range (1-" + field.max + ")"));
                }
            }
            for (int value = from; value <= to; value += step) {
                bits |= 1L << value;
            }
        }
        return bits;
    }

    private static int value(String text, Field field, String written) {
        int index = field.names.indexOf(written.toLowerCase(Locale.ROOT));
        if (index >= 0) {
            return field.min + index;
        }
        if (!written.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(problem(text, field.label + " '" + written + "' is not a number"
                    + (field.names.isEmpty() ? "" : " or a name (" + field.names.get(0) + ".."
                            + field.names.get(field.names.size() - 1) + ")")));
        }
        int value = written.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(written);
        if (value < field.min || value > field.max) {
            throw new IllegalArgumentException(problem(text, field.label + " '" + written + "' is out of range ("
                    + field.min + "-" + field.max + ")"));
        }
        return value;
    }

    private static String problem(String text, String what) {
        return "'" + text + "' is not a cron expression: " + what;
    }

    private static boolean anyMonthHasADay(long months, long daysOfMonth) {
        for (Month month : Month.values()) {
            long days = daysOfMonth & ((1L << (month.maxLength() + 1)) - 1);
            if ((months & (1L << month.getValue())) != 0 && days != 0) {
                return true;
            }
        }
        return false;
    }

    private static long all(Field field) {
        return ((1L << (field.max + 1)) - 1) & ~((1L << field.min) - 1);
    }

    private static int[] descending(long bits) {
        return IntStream.iterate(63, i -> i >= 0, i -> i - 1)
                .filter(i -> (bits & (1L << i)) != 0).toArray();
    }

    /** Whether the expression fires on this day (at some time of it). */
    boolean matchesDay(LocalDate date) {
        if ((months & (1L << date.getMonthValue())) == 0) {
            return false;
        }
        boolean dayOfMonth = (daysOfMonth & (1L << date.getDayOfMonth())) != 0;
        boolean dayOfWeek = (weekdays & (1L << (date.getDayOfWeek().getValue() % 7))) != 0;
        if (anyDayOfMonth || anyDayOfWeek) {
            return dayOfMonth && dayOfWeek; // the unrestricted one matches every day
        }
        return dayOfMonth || dayOfWeek;
    }

    /** Whether the expression fires at this local time (seconds ignored). */
    boolean matches(LocalDateTime time) {
        return matchesDay(time.toLocalDate())
                && (hours & (1L << time.getHour())) != 0
                && (minutes & (1L << time.getMinute())) != 0;
    }

    /**
     * The latest firing in {@code (at - within, at]}. A firing is a local time the expression matches, placed in
     * {@code zone} as {@link ZonedDateTime#of} does: a local time skipped by a daylight-saving gap moves forward by
     * the gap's length, and one that occurs twice counts once, at its earlier occurrence.
     *
     * <p>Walks back day by day from {@code at}, only through the hours and minutes the expression names, and stops
     * at the first firing found (or after {@code within}). Near a zone transition, where placing local times is not
     * monotonic, it looks on by the transition's length to be sure the firing is the latest.
     */
    Optional<Instant> latestFiring(Instant at, Duration within, ZoneId zone) {
        Instant earliest = at.minus(within); // exclusive
        long slack = transitionSeconds(zone, earliest, at);
        LocalDateTime high = LocalDateTime.ofInstant(at, zone).plusSeconds(slack);
        LocalDateTime stop = LocalDateTime.ofInstant(earliest, zone).minusSeconds(2 * slack);
        Instant best = null;
        for (LocalDate day = high.toLocalDate(); !day.isBefore(stop.toLocalDate()); day = day.minusDays(1)) {
            if (!matchesDay(day)) {
                continue;
            }
            for (int hour : hoursDescending) {
                LocalDateTime hourStart = day.atTime(hour, 0);
                if (hourStart.isAfter(high)) {
                    continue;
                }
                if (hourStart.plusMinutes(59).isBefore(stop)) {
                    return Optional.ofNullable(best);
                }
                for (int minute : minutesDescending) {
                    LocalDateTime local = hourStart.withMinute(minute);
                    if (local.isAfter(high)) {
                        continue;
                    }
                    if (local.isBefore(stop)) {
                        return Optional.ofNullable(best);
                    }
                    Instant firing = ZonedDateTime.of(local, zone).toInstant();
                    if (!firing.isAfter(at) && firing.isAfter(earliest) && (best == null || firing.isAfter(best))) {
                        best = firing;
                        // an earlier local time can still fire later only within two transition lengths
                        LocalDateTime lookOn = local.minusSeconds(2 * slack);
                        stop = lookOn.isAfter(stop) ? lookOn : stop;
                        if (slack == 0) {
                            return Optional.of(best);
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The longest offset change of the zone's transitions near {@code (from, to]}; 0 for a fixed offset. */
    private static long transitionSeconds(ZoneId zone, Instant from, Instant to) {
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) {
            return 0;
        }
        Instant until = to.plus(2, ChronoUnit.DAYS);
        long longest = 0;
        ZoneOffsetTransition transition = rules.nextTransition(from.minus(2, ChronoUnit.DAYS));
        while (transition != null && !transition.getInstant().isAfter(until)) {
            longest = Math.max(longest, Math.abs(transition.getDuration().getSeconds()));
            transition = rules.nextTransition(transition.getInstant());
        }
        return longest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronExpression other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The expression as written (a weekly window as the expression it compiles to). */
    @Override
    public String toString() {
        return text;
    }
}
