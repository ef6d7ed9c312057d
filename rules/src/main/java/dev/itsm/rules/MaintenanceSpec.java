package dev.itsm.rules;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code maintenance.yaml}: when alerts are expected and suppressed, by planned maintenance windows (one-off,
 * weekly or cron, scoped by CI, business service and matchers) and by silences (one-off, scoped by matchers, as in
 * Alertmanager).
 *
 * @param windows  in the order of the file
 * @param silences in the order of the file
 */
record MaintenanceSpec(List<WindowSpec> windows, List<SilenceSpec> silences) {
    static final String FILE = "maintenance.yaml";
    static final List<String> KEYS = List.of("maintenance-windows", "silences");
    static final List<String> SCHEDULE_KEYS = List.of("start", "end", "weekly", "cron", "duration", "time-zone");
    static final List<String> WEEKLY_KEYS = List.of("days", "at", "duration");
    static final Duration LONGEST_OCCURRENCE = Duration.ofDays(7);

    private static final String SCHEDULE_FORMS = "one-off start and end, weekly or cron";

    /**
     * A planned maintenance window. Its scope is (cis or services, when either is given) and matchers.
     *
     * @param cis      CI ids; empty = not scoped by CI
     * @param services business service CI ids; empty = not scoped by service
     * @param matchers all must match; empty = any labels
     */
    record WindowSpec(String id, String comment, List<String> cis, List<String> services,
                      List<LabelMatcher> matchers, Schedule schedule) {
        static final List<String> KEYS = List.of("id", "comment", "cis", "services", "matchers", "schedule");
    }

    /** A silence, as in Alertmanager: matchers (all must match) from {@code startsAt} until {@code endsAt}. */
    record SilenceSpec(String id, List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                       String comment) {
        static final List<String> KEYS = List.of("id", "matchers", "starts-at", "ends-at", "created-by", "comment");
    }

    static MaintenanceSpec read(Section root) {
        var fields = root.mapping("a mapping of settings", KEYS);
        var ids = new HashMap<String, String>(); // across both lists
        var windows = new ArrayList<WindowSpec>();
        fields.flatMap(f -> f.optional("maintenance-windows"))
                .flatMap(section -> section.list("a list of maintenance windows"))
                .ifPresent(items -> items.forEach(item -> window(item, ids).ifPresent(windows::add)));
        var silences = new ArrayList<SilenceSpec>();
        fields.flatMap(f -> f.optional("silences"))
                .flatMap(section -> section.list("a list of silences"))
                .ifPresent(items -> items.forEach(item -> silence(item, ids).ifPresent(silences::add)));
        return new MaintenanceSpec(List.copyOf(windows), List.copyOf(silences));
    }

    private static Optional<WindowSpec> window(Section item, Map<String, String> ids) {
        var fields = item.mapping("a maintenance window (a mapping with " + String.join(", ", WindowSpec.KEYS)
                + ")", WindowSpec.KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> id = fields.get().required("id", null).flatMap(section -> NoiseSpec.uniqueId(section, ids));
        Optional<String> comment = NoiseSpec.comment(fields.get());
        Optional<List<String>> cis = nonEmpty(fields.get(), "cis", "a list of CI ids", "a CI id", "CI");
        Optional<List<String>> services = nonEmpty(fields.get(), "services", "a list of business service ids",
                "a service id", "service");
        Optional<List<LabelMatcher>> matchers = fields.get().optional("matchers")
                .map(section -> nonEmptyMatchers(section, "leave the key out or give at least one matcher"))
                .orElse(Optional.of(List.of()));
        if (!fields.get().all().containsKey("cis") && !fields.get().all().containsKey("services")
                && !fields.get().all().containsKey("matchers")) {
            item.problem("needs a scope (cis, services or matchers); a window without one would suppress every "
                    + "alert");
        }
        Optional<Schedule> schedule = fields.get().required("schedule", SCHEDULE_FORMS)
                .flatMap(MaintenanceSpec::schedule);
        if (id.isEmpty() || comment.isEmpty() || cis.isEmpty() || services.isEmpty() || matchers.isEmpty()
                || schedule.isEmpty() || (cis.get().isEmpty() && services.get().isEmpty()
                        && matchers.get().isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new WindowSpec(id.get(), comment.get(), cis.get(), services.get(), matchers.get(),
                schedule.get()));
    }

    private static Optional<SilenceSpec> silence(Section item, Map<String, String> ids) {
        var fields = item.mapping("a silence (a mapping with " + String.join(", ", SilenceSpec.KEYS) + ")",
                SilenceSpec.KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> id = fields.get().required("id", null).flatMap(section -> NoiseSpec.uniqueId(section, ids));
        Optional<List<LabelMatcher>> matchers = fields.get().required("matchers", null)
                .flatMap(section -> nonEmptyMatchers(section, "a silence needs at least one matcher"));
        Optional<Instant> startsAt = fields.get().required("starts-at", null)
                .flatMap(section -> section.scalar("an RFC 3339 time", Values::time));
        Optional<Instant> endsAt = fields.get().required("ends-at", null)
                .flatMap(section -> section.scalar("an RFC 3339 time", Values::time));
        if (startsAt.isPresent() && endsAt.isPresent() && !endsAt.get().isAfter(startsAt.get())) {
            notAfter(fields.get().all().get("ends-at"), fields.get().all().get("starts-at"));
            endsAt = Optional.empty();
        }
        Optional<String> createdBy = fields.get().optional("created-by")
                .map(section -> section.text("a name"))
                .orElse(Optional.of(""));
        Optional<String> comment = fields.get().required("comment", "say why the alerts are silenced")
                .flatMap(section -> section.text("a comment"));
        if (id.isEmpty() || matchers.isEmpty() || startsAt.isEmpty() || endsAt.isEmpty() || createdBy.isEmpty()
                || comment.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SilenceSpec(id.get(), matchers.get(), startsAt.get(), endsAt.get(), createdBy.get(),
                comment.get()));
    }

    /** {@code 'END' is not after START ('START')}, at the end. */
    private static void notAfter(Section end, Section start) {
        String startKey = start.path().substring(start.path().lastIndexOf('.') + 1);
        end.problem("'" + ((YamlNode.Scalar) end.node()).text() + "' is not after " + startKey + " ('"
                + ((YamlNode.Scalar) start.node()).text() + "')");
    }

    /** An optional list of distinct non-blank texts; absent = the empty list, an empty list is a problem. */
    static Optional<List<String>> nonEmpty(Section.Fields fields, String key, String expected,
                                                   String itemExpected, String what) {
        Optional<Section> section = fields.optional(key);
        if (section.isEmpty()) {
            return Optional.of(List.of());
        }
        Optional<List<String>> values = section.get().distinct(expected, itemExpected, text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("expected " + itemExpected + ", found nothing");
            }
            return text.strip();
        });
        if (values.isPresent() && values.get().isEmpty()) {
            section.get().problem("is an empty list; leave the key out or name at least one " + what);
            return Optional.empty();
        }
        return values;
    }

    private static Optional<List<LabelMatcher>> nonEmptyMatchers(Section section, String remedy) {
        Optional<List<LabelMatcher>> matchers = section.matchers();
        if (matchers.isPresent() && matchers.get().isEmpty()) {
            section.problem("is an empty list; " + remedy);
            return Optional.empty();
        }
        return matchers;
    }

    /**
     * One of: {@code {start, end}}, {@code {weekly: {days, at, duration}, time-zone}},
     * {@code {cron, duration, time-zone}}.
     */
    private static Optional<Schedule> schedule(Section section) {
        var fields = section.mapping("a schedule (a mapping with " + SCHEDULE_FORMS + ")", SCHEDULE_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Section> given = fields.get().all();
        var forms = new ArrayList<String>();
        if (given.containsKey("start") || given.containsKey("end")) {
            forms.add("start/end");
        }
        if (given.containsKey("weekly")) {
            forms.add("weekly");
        }
        if (given.containsKey("cron")) {
            forms.add("cron");
        }
        if (forms.isEmpty()) {
            section.problem("needs " + SCHEDULE_FORMS);
            return Optional.empty();
        }
        if (forms.size() > 1) {
            section.problem("has " + String.join(" and ", forms) + "; a schedule is exactly one of "
                    + SCHEDULE_FORMS);
            return Optional.empty();
        }
        return switch (forms.get(0)) {
            case "start/end" -> oneOff(fields.get());
            case "weekly" -> weekly(fields.get());
            default -> cron(fields.get());
        };
    }

    private static Optional<Schedule> oneOff(Section.Fields fields) {
        fields.optional("duration").ifPresent(section ->
                section.problem("a one-off window runs from start to end; leave duration out"));
        fields.optional("time-zone").ifPresent(section ->
                section.problem("a one-off window's start and end carry their own offset; leave time-zone out"));
        String why = "a one-off window runs from start to end";
        Optional<Instant> start = fields.required("start", why)
                .flatMap(section -> section.scalar("an RFC 3339 time", Values::time));
        Optional<Instant> end = fields.required("end", why)
                .flatMap(section -> section.scalar("an RFC 3339 time", Values::time));
        if (start.isEmpty() || end.isEmpty()) {
            return Optional.empty();
        }
        if (!end.get().isAfter(start.get())) {
            notAfter(fields.all().get("end"), fields.all().get("start"));
            return Optional.empty();
        }
        if (fields.all().containsKey("duration") || fields.all().containsKey("time-zone")) {
            return Optional.empty();
        }
        return Optional.of(new Schedule.OneOff(start.get(), end.get()));
    }

    private static Optional<Schedule> weekly(Section.Fields fields) {
        fields.optional("duration").ifPresent(section ->
                section.problem("a weekly window's duration goes in weekly.duration"));
        Optional<ZoneId> zone = zone(fields);
        var weekly = fields.optional("weekly").orElseThrow()
                .mapping("a weekly schedule (a mapping with " + String.join(", ", WEEKLY_KEYS) + ")", WEEKLY_KEYS);
        if (weekly.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<DayOfWeek>> days = weekly.get().required("days", null).flatMap(section -> {
            Optional<List<DayOfWeek>> list = section.distinct("a list of days", "a day", Values::day);
            if (list.isPresent() && list.get().isEmpty()) {
                section.problem("is an empty list; name at least one day (" + String.join(", ", Values.DAYS) + ")");
                return Optional.empty();
            }
            return list;
        });
        Optional<LocalTime> at = weekly.get().required("at", null)
                .flatMap(section -> section.scalar("a time of day", Values::timeOfDay));
        Optional<Duration> duration = weekly.get().required("duration", null).flatMap(MaintenanceSpec::occurrence);
        if (days.isEmpty() || at.isEmpty() || duration.isEmpty() || zone.isEmpty()
                || fields.all().containsKey("duration")) {
            return Optional.empty();
        }
        return Optional.of(new Schedule.Recurring(CronExpression.weekly(days.get(), at.get()), duration.get(),
                zone.get()));
    }

    private static Optional<Schedule> cron(Section.Fields fields) {
        Optional<CronExpression> cron = fields.optional("cron").orElseThrow()
                .scalar("a cron expression", CronExpression::parse);
        Optional<Duration> duration = fields.required("duration", "how long each occurrence lasts")
                .flatMap(MaintenanceSpec::occurrence);
        Optional<ZoneId> zone = zone(fields);
        if (cron.isEmpty() || duration.isEmpty() || zone.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Schedule.Recurring(cron.get(), duration.get(), zone.get()));
    }

    private static Optional<ZoneId> zone(Section.Fields fields) {
        return fields.optional("time-zone")
                .map(section -> section.scalar("a time zone", Values::zone))
                .orElse(Optional.of(ZoneOffset.UTC));
    }

    /** The length of one occurrence of a recurring window: more than 0, at most a week. */
    private static Optional<Duration> occurrence(Section section) {
        return section.scalar("a duration", text -> {
            Duration duration = Values.duration(text);
            if (duration.isZero() || duration.compareTo(LONGEST_OCCURRENCE) > 0) {
                throw new IllegalArgumentException("'" + text + "' is out of range (more than 0, at most 7d)");
            }
            return duration;
        });
    }
}
