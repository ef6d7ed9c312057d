package dev.itsm.rules;

import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Severity;
import dev.itsm.core.model.Urgency;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parsers of the scalar values in rule files. Each throws {@link IllegalArgumentException} whose message says what
 * is wrong with the text as a user wrote it, e.g. {@code '5 minutes' is not a duration (use e.g. 5m, 30s, 2h)}.
 */
final class Values {
    // Prometheus' duration syntax: units largest first, each at most once, no spaces
    private static final Pattern DURATION = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] DURATION_UNIT_MILLIS = {
        365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000, 60_000, 1000, 1};
    private static final String[] DURATION_UNITS = {"y", "w", "d", "h", "m", "s", "ms"};

    private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KiB|MiB|GiB)?", Pattern.CASE_INSENSITIVE);

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");

    /** The ids of rules in a pack: the syntax of a pack name. */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private static final Pattern CI_TYPE = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

    private static final Pattern TIME_OF_DAY = Pattern.compile("(\\d{1,2}):(\\d{2})");

    /** {@code mon} .. {@code sun}, in {@link DayOfWeek} order. */
    static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    /** Label names as Prometheus allows them, plus {@code . - /} which JSON and Kubernetes label keys use. */
    static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");

    private Values() {}

    /** A Prometheus duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, {@code 1h30m}, {@code 0}. */
    static Duration duration(String text) {
        String hint = "'" + text + "' is not a duration (use e.g. 5m, 30s, 2h)";
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException(hint);
        }
        try {
            long millis = 0;
            for (int unit = 0; unit < DURATION_UNITS.length; unit++) {
                if (m.group(unit + 1) != null) {
                    millis = Math.addExact(millis,
                            Math.multiplyExact(Long.parseLong(m.group(unit + 1)), DURATION_UNIT_MILLIS[unit]));
                }
            }
            return Duration.ofMillis(millis);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
    }

    /**
     * A whole number within {@code min..max}.
     *
     * @param range how the message states the range, e.g. {@code 0..8}
     */
    static int wholeNumber(String text, int min, int max, String range) {
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException tooManyDigits) {
            value = text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("'" + text + "' is out of range (" + range + ")");
        }
        return (int) value;
    }

    /** The id of a rule in a list (a route, an inhibit rule, an SLO, ...): the syntax of a pack name. */
    static String id(String text) {
        if (!ID.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an id (lowercase letters, digits and . _ -, "
                    + "starting with a letter or digit, at most 63 characters)");
        }
        return text;
    }

    /** A CMDB CI type, in lower case: {@code business_service}, {@code host}. */
    static String ciType(String text) {
        if (!CI_TYPE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a CI type (lowercase letters, digits and "
                    + "_ . -, e.g. business_service)");
        }
        return text;
    }

    /** An RFC 3339 time with its offset: {@code 2026-03-29T01:00:00Z}, {@code 2026-03-29T03:00:00+02:00}. */
    static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 time "
                    + "(use e.g. 2026-03-29T01:00:00Z or 2026-03-29T03:00:00+02:00)");
        }
    }

    /** A time zone by its IANA name ({@code Europe/Berlin}), {@code UTC}, or a fixed offset ({@code +01:00}). */
    static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time zone "
                    + "(use an IANA name such as Europe/Berlin, or UTC)");
        }
    }

    /** {@code mon} .. {@code sun}. */
    static DayOfWeek day(String text) {
        int index = DAYS.indexOf(text);
        if (index < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a day (" + String.join(", ", DAYS) + ")");
        }
        return DayOfWeek.of(index + 1);
    }

    /** {@code HH:MM}, 00:00 to 23:59. */
    static LocalTime timeOfDay(String text) {
        Matcher m = TIME_OF_DAY.matcher(text);
        if (m.matches()) {
            int hour = Integer.parseInt(m.group(1));
            int minute = Integer.parseInt(m.group(2));
            if (hour < 24 && minute < 60) {
                return LocalTime.of(hour, minute);
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a time of day (HH:MM, 00:00 to 23:59)");
    }

    /** The Prometheus form of a duration: {@code 5m}, {@code 1h30m}, {@code 500ms}, {@code 0s}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        var text = new StringBuilder();
        // weeks and years are left out: "14d" reads better than "2w" next to other settings in days
        for (int unit = 2; unit < DURATION_UNITS.length; unit++) {
            long count = millis / DURATION_UNIT_MILLIS[unit];
            if (count > 0) {
                text.append(count).append(DURATION_UNITS[unit]);
                millis -= count * DURATION_UNIT_MILLIS[unit];
            }
        }
        return text.toString();
    }

    /** A number of bytes: {@code 65536}, {@code 512KiB}, {@code 1MiB}, {@code 1GiB} (units ignore case). */
    static long size(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (use e.g. 1MiB, 512KiB, 65536)");
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit) {
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            default -> 0;
        };
        try {
            long count = Long.parseLong(m.group(1));
            if (count > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return count << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
    }

    /** {@code P1} .. {@code P5}, any case. */
    static Priority priority(String text) {
        return constant(Priority.class, text, "a priority", "P1..P5");
    }

    static Urgency urgency(String text) {
        return constant(Urgency.class, text, "an urgency", "high, medium, low");
    }

    static Impact impact(String text) {
        return constant(Impact.class, text, "an impact", "high, medium, low");
    }

    /** A severity by its own name only (aliases such as {@code disaster} are what the pack maps, not what it uses). */
    static Severity severity(String text) {
        return constant(Severity.class, text, "a severity", names(Severity.class));
    }

    static String labelName(String text) {
        if (!LABEL_NAME.matcher(text).matches()) {
            throw new IllegalArgumentException(labelNameProblem(text));
        }
        return text;
    }

    static String labelNameProblem(String text) {
        return "'" + text + "' is not a label name (letters, digits, _ . - /; not starting with a digit, . - or /)";
    }

    /** The same normalisation {@link Severity#parse} applies, so that aliases and built-in words compare alike. */
    static String severityWord(String text) {
        return text.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String text, String what, String allowed) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equalsIgnoreCase(text.strip())) {
                return value;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not " + what + " (" + allowed + ")");
    }

    static <E extends Enum<E>> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
