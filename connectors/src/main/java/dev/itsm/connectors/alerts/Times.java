package dev.itsm.connectors.alerts;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Optional;

/** RFC 3339 timestamps and the range of times the pipeline accepts. */
final class Times {
    /** Earliest accepted instant: anything before is a broken clock or a unit mix-up. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** First instant no longer accepted (the accepted years are 2000..2100). */
    static final Instant END = Instant.parse("2101-01-01T00:00:00Z");
    static final String ACCEPTED_YEARS = "2000..2100";

    /** Go's zero time, which Alertmanager and Grafana send as {@code endsAt} of a firing alert: "not set". */
    static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

    // RFC 3339 section 5.6: exactly four year digits, seconds required, fraction optional (Go writes up to 9
    // digits), 'T' and 'Z' in either case, offset Z or +hh:mm. Stricter than ISO_OFFSET_DATE_TIME, which also takes
    // "+10000-..." years and times without seconds.
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendValue(ChronoField.YEAR, 4)
            .appendLiteral('-')
            .appendValue(ChronoField.MONTH_OF_YEAR, 2)
            .appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 2)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE);

    private Times() {}

    /** The instant of an RFC 3339 date-time, or empty if the text is not one (including impossible dates). */
    static Optional<Instant> rfc3339(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text, RFC_3339).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static boolean accepted(Instant instant) {
        return !instant.isBefore(EARLIEST) && instant.isBefore(END);
    }
}
