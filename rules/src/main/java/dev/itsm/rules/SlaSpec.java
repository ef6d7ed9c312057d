package dev.itsm.rules;

import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.rules.BusinessCalendar.TimeRange;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code sla.yaml}: the service-level targets of incidents. Calendars say when the clocks run, policies (first match
 * wins) give each incident its response and resolution targets in the business time of a calendar, {@code pause-on}
 * the incident statuses that stop the clocks for a while, {@code warnings} the percentages of a target at which the
 * SLA clocks warn.
 *
 * @param policies in the order of the file
 * @param pauseOn  statuses during which the clocks pause
 * @param warnings percentages of a target, ascending
 */
record SlaSpec(List<SlaPolicy> policies, Set<IncidentStatus> pauseOn, List<Integer> warnings) {
    static final String FILE = "sla.yaml";
    static final List<String> KEYS = List.of("calendars", "policies", "pause-on", "warnings");
    static final List<String> CALENDAR_KEYS = List.of("id", "time-zone", "hours", "holidays");
    static final List<String> POLICY_KEYS = List.of("id", "priorities", "services", "support-groups", "calendar",
            "response", "resolution");

    /** The calendar of the default policies for P3 to P5: German office hours with the nationwide holidays. */
    static final BusinessCalendar OFFICE_DE = officeDe();

    static final List<BusinessCalendar> DEFAULT_CALENDARS = List.of(OFFICE_DE);

    /** The default policies, each naming its calendar by id so that a pack's own {@code office-de} counts. */
    static final List<PolicySpec> DEFAULT_POLICIES = List.of(
            new PolicySpec("p1", List.of(Priority.P1), BusinessCalendar.ALWAYS_OPEN_ID, Duration.ofMinutes(15),
                    Duration.ofHours(4)),
            new PolicySpec("p2", List.of(Priority.P2), BusinessCalendar.ALWAYS_OPEN_ID, Duration.ofMinutes(30),
                    Duration.ofHours(8)),
            new PolicySpec("p3", List.of(Priority.P3), OFFICE_DE.id(), Duration.ofHours(4), Duration.ofHours(30)),
            new PolicySpec("p4", List.of(Priority.P4), OFFICE_DE.id(), Duration.ofHours(10), Duration.ofHours(50)),
            new PolicySpec("p5", List.of(Priority.P5), OFFICE_DE.id(), Duration.ofHours(20), Duration.ofHours(100)));

    static final Set<IncidentStatus> DEFAULT_PAUSE_ON = Collections.unmodifiableSet(
            EnumSet.of(IncidentStatus.ON_HOLD));
    static final List<Integer> DEFAULT_WARNINGS = List.of(50, 75);

    private static final String STATUSES = Arrays.stream(IncidentStatus.values()).map(IncidentStatus::json)
            .collect(Collectors.joining(", "));

    /** A default policy: priorities only, its calendar by id. */
    record PolicySpec(String id, List<Priority> priorities, String calendar, Duration response,
                      Duration resolution) {}

    /**
     * The calendars policies may name. {@code ids} holds, in file order, every id a calendar was given, also of
     * calendars that had problems (reported already, so a policy naming one is not reported again); {@code readable}
     * is false when the list itself could not be read, and then no reference is reported as unknown.
     */
    private record Calendars(Map<String, BusinessCalendar> valid, Set<String> ids, boolean readable) {
        Optional<BusinessCalendar> find(String id) {
            if (id.equals(BusinessCalendar.ALWAYS_OPEN_ID)) {
                return Optional.of(BusinessCalendar.ALWAYS_OPEN);
            }
            return Optional.ofNullable(valid.get(id));
        }

        boolean knows(String id) {
            return !readable || id.equals(BusinessCalendar.ALWAYS_OPEN_ID) || ids.contains(id);
        }

        String names() {
            var names = new ArrayList<String>();
            names.add(BusinessCalendar.ALWAYS_OPEN_ID);
            names.addAll(ids);
            return String.join(", ", names);
        }
    }

    /** The conditions of a policy; an empty list states none. */
    private record Conditions(List<Priority> priorities, List<String> services, List<String> supportGroups) {
        boolean none() {
            return priorities.isEmpty() && services.isEmpty() && supportGroups.isEmpty();
        }

        /** Whether every incident that {@code later} matches is matched by this policy. */
        boolean covers(Conditions later) {
            return covers(priorities, later.priorities) && covers(services, later.services)
                    && covers(supportGroups, later.supportGroups);
        }

        private static <T> boolean covers(List<T> mine, List<T> theirs) {
            return mine.isEmpty() || (!theirs.isEmpty() && mine.containsAll(theirs));
        }

        /** Whether this policy matches every incident of the priority, whatever its services and support group. */
        boolean coversAll(Priority priority) {
            return services.isEmpty() && supportGroups.isEmpty()
                    && (priorities.isEmpty() || priorities.contains(priority));
        }
    }

    static SlaSpec read(Section root) {
        var fields = root.mapping("a mapping of settings", KEYS);
        Calendars calendars = fields.flatMap(f -> f.optional("calendars"))
                .map(SlaSpec::calendars)
                .orElseGet(() -> new Calendars(byId(DEFAULT_CALENDARS), byId(DEFAULT_CALENDARS).keySet(), true));
        List<SlaPolicy> policies = fields.flatMap(f -> f.optional("policies"))
                .map(section -> policies(section, calendars))
                .orElseGet(() -> defaultPolicies(root.child("policies"), calendars));
        Set<IncidentStatus> pauseOn = fields.flatMap(f -> f.optional("pause-on"))
                .map(section -> section.distinct("a list of incident statuses", "an incident status",
                                SlaSpec::status)
                        .map(statuses -> statuses.isEmpty() ? Set.<IncidentStatus>of()
                                : Collections.unmodifiableSet(EnumSet.copyOf(statuses)))
                        .orElse(DEFAULT_PAUSE_ON))
                .orElse(DEFAULT_PAUSE_ON);
        List<Integer> warnings = fields.flatMap(f -> f.optional("warnings"))
                .map(SlaSpec::warnings)
                .orElse(DEFAULT_WARNINGS);
        return new SlaSpec(policies, pauseOn, warnings);
    }

    private static Map<String, BusinessCalendar> byId(List<BusinessCalendar> calendars) {
        var byId = new LinkedHashMap<String, BusinessCalendar>();
        calendars.forEach(calendar -> byId.put(calendar.id(), calendar));
        return byId;
    }

    private static Calendars calendars(Section section) {
        Optional<List<Section>> items = section.list("a list of calendars");
        if (items.isEmpty()) {
            return new Calendars(Map.of(), Set.of(), false);
        }
        var valid = new LinkedHashMap<String, BusinessCalendar>();
        var ids = new LinkedHashSet<String>();
        var paths = new HashMap<String, String>();
        for (Section item : items.get()) {
            calendar(item, paths, ids).ifPresent(calendar -> valid.put(calendar.id(), calendar));
        }
        return new Calendars(valid, ids, true);
    }

    /**
     * @param paths the ids so far, to the path of the calendar that has it
     * @param ids   every id given so far, also of calendars with problems; this one's is added
     */
    private static Optional<BusinessCalendar> calendar(Section item, Map<String, String> paths, Set<String> ids) {
        var mapping = item.mapping("a calendar (a mapping with " + String.join(", ", CALENDAR_KEYS) + ")",
                CALENDAR_KEYS);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        Section.Fields fields = mapping.get();
        Optional<String> id = fields.required("id", null).flatMap(section -> {
            if (section.node() instanceof YamlNode.Scalar scalar
                    && scalar.text().strip().equals(BusinessCalendar.ALWAYS_OPEN_ID)) {
                section.problem("'" + BusinessCalendar.ALWAYS_OPEN_ID + "' is the built-in calendar that is always "
                        + "open; use it without defining it");
                return Optional.empty();
            }
            Optional<String> unique = NoiseSpec.uniqueId(section, paths);
            unique.ifPresent(ids::add);
            return unique;
        });
        Optional<ZoneId> zone = fields.required("time-zone", "open hours are local times, e.g. Europe/Berlin")
                .flatMap(section -> section.scalar("a time zone", Values::zone));
        Optional<Map<DayOfWeek, List<TimeRange>>> hours = fields
                .required("hours", "the open ranges of each weekday, e.g. mon: [\"08:00-18:00\"]")
                .flatMap(SlaSpec::hours);
        Optional<List<LocalDate>> holidays = fields.optional("holidays")
                .map(section -> section.distinct("a list of dates", "a date", SlaSpec::date))
                .orElse(Optional.of(List.of()));
        if (id.isEmpty() || zone.isEmpty() || hours.isEmpty() || holidays.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BusinessCalendar(id.get(), zone.get(), hours.get(), holidays.get()));
    }

    /** Weekday to its ranges; a day left out, or with {@code []}, is closed. */
    private static Optional<Map<DayOfWeek, List<TimeRange>>> hours(Section section) {
        var days = section.mapping("a mapping of weekday to open hours", Values.DAYS);
        if (days.isEmpty()) {
            return Optional.empty();
        }
        var hours = new EnumMap<DayOfWeek, List<TimeRange>>(DayOfWeek.class);
        boolean ok = true;
        for (var entry : days.get().all().entrySet()) {
            Optional<List<Section>> items = entry.getValue().list("a list of ranges of times");
            if (items.isEmpty()) {
                ok = false;
                continue;
            }
            var ranges = new ArrayList<TimeRange>();
            var sections = new ArrayList<Section>();
            for (Section item : items.get()) {
                Optional<TimeRange> range = item.scalar("a range of times", TimeRange::parse);
                if (range.isEmpty()) {
                    ok = false;
                    continue;
                }
                for (int i = 0; i < ranges.size(); i++) {
                    if (ranges.get(i).overlaps(range.get())) {
                        item.problem(text(item) + " overlaps " + sections.get(i).path() + " ("
                                + text(sections.get(i)) + ")");
                        ok = false;
                        break;
                    }
                }
                ranges.add(range.get());
                sections.add(item);
            }
            hours.put(Values.day(entry.getKey()), List.copyOf(ranges));
        }
        if (ok && hours.values().stream().allMatch(List::isEmpty)) {
            section.problem("has no open hours; a calendar needs a range of times on one day at least (a calendar "
                    + "that is always open is " + BusinessCalendar.ALWAYS_OPEN_ID + ")");
            return Optional.empty();
        }
        return ok ? Optional.of(hours) : Optional.empty();
    }

    /** A scalar as written, in quotes. */
    private static String text(Section scalar) {
        return "'" + ((YamlNode.Scalar) scalar.node()).text() + "'";
    }

    private static List<SlaPolicy> policies(Section section, Calendars calendars) {
        Optional<List<Section>> items = section.list("a list of SLA policies");
        if (items.isEmpty()) {
            return List.of();
        }
        if (items.get().isEmpty()) {
            section.problem("is an empty list; every incident needs a policy (leave the key out for the default "
                    + "policies)");
            return List.of();
        }
        var policies = new ArrayList<SlaPolicy>();
        var ids = new HashMap<String, String>();
        var conditions = new ArrayList<Optional<Conditions>>();
        var paths = new ArrayList<String>();
        for (Section item : items.get()) {
            policy(item, ids, calendars, conditions, paths).ifPresent(policies::add);
        }
        if (conditions.stream().allMatch(Optional::isPresent)) {
            for (Priority priority : Priority.values()) {
                if (conditions.stream().noneMatch(c -> c.orElseThrow().coversAll(priority))) {
                    section.problem("no policy matches priority " + priority + " whatever its services and support "
                            + "group; add one for " + priority + " without services and support-groups, or end "
                            + "with a policy without conditions");
                }
            }
        }
        return List.copyOf(policies);
    }

    /**
     * @param earlier the conditions of the policies before this one (empty where they had problems); this one's is
     *                added
     * @param paths   the paths of the policies before this one; this one's is added
     */
    private static Optional<SlaPolicy> policy(Section item, Map<String, String> ids, Calendars calendars,
                                              List<Optional<Conditions>> earlier, List<String> paths) {
        var mapping = item.mapping("an SLA policy (a mapping with " + String.join(", ", POLICY_KEYS) + ")",
                POLICY_KEYS);
        if (mapping.isEmpty()) {
            earlier.add(Optional.empty());
            paths.add(item.path());
            return Optional.empty();
        }
        Section.Fields fields = mapping.get();
        Optional<String> id = fields.required("id", null).flatMap(section -> NoiseSpec.uniqueId(section, ids));
        Optional<List<Priority>> priorities = fields.optional("priorities").map(section -> {
            Optional<List<Priority>> list = section.distinct("a list of priorities", "a priority", Values::priority);
            if (list.isPresent() && list.get().isEmpty()) {
                section.problem("is an empty list; leave the key out to match any priority");
                return Optional.<List<Priority>>empty();
            }
            return list;
        }).orElse(Optional.of(List.of()));
        Optional<List<String>> services = MaintenanceSpec.nonEmpty(fields, "services",
                "a list of business service ids", "a service id", "service");
        Optional<List<String>> groups = MaintenanceSpec.nonEmpty(fields, "support-groups",
                "a list of support groups", "a support group", "support group");
        Optional<Conditions> conditions = priorities.isEmpty() || services.isEmpty() || groups.isEmpty()
                ? Optional.empty()
                : Optional.of(new Conditions(priorities.get(), services.get(), groups.get()));
        boolean reached = conditions.map(mine -> reached(item, mine, earlier, paths)).orElse(true);
        earlier.add(conditions);
        paths.add(item.path());

        Optional<BusinessCalendar> calendar = fields.optional("calendar")
                .map(section -> section.text("a calendar id").flatMap(name -> {
                    Optional<BusinessCalendar> found = calendars.find(name);
                    if (found.isEmpty() && !calendars.knows(name)) {
                        section.problem("'" + name + "' is not a calendar (" + calendars.names() + ")");
                    }
                    return found;
                }))
                .orElse(Optional.of(BusinessCalendar.ALWAYS_OPEN));
        Optional<Duration> response = fields.required("response", "how long until the incident is acknowledged")
                .flatMap(section -> section.scalar("a duration", SlaSpec::positive));
        Optional<Duration> resolution = fields.required("resolution", "how long until the incident is resolved")
                .flatMap(section -> section.scalar("a duration", SlaSpec::positive));
        if (response.isPresent() && resolution.isPresent() && response.get().compareTo(resolution.get()) >= 0) {
            fields.all().get("response").problem(Values.format(response.get()) + " is not shorter than resolution ("
                    + Values.format(resolution.get()) + "); an incident is acknowledged before it is resolved");
            return Optional.empty();
        }
        if (id.isEmpty() || conditions.isEmpty() || !reached || calendar.isEmpty() || response.isEmpty()
                || resolution.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SlaPolicy(id.get(), priorities.get(), services.get(), groups.get(), calendar.get(),
                response.get(), resolution.get()));
    }

    /** Reports the policy as never reached when an earlier one matches every incident it matches. */
    private static boolean reached(Section item, Conditions mine, List<Optional<Conditions>> earlier,
                                   List<String> paths) {
        for (int i = 0; i < earlier.size(); i++) {
            Optional<Conditions> before = earlier.get(i);
            if (before.isPresent() && before.get().covers(mine)) {
                item.problem("is never reached: " + paths.get(i) + (before.get().none()
                        ? " has no conditions and matches every incident"
                        : " comes first and matches every incident this policy matches"));
                return false;
            }
        }
        return true;
    }

    private static List<SlaPolicy> defaultPolicies(Section policies, Calendars calendars) {
        var missing = new LinkedHashSet<String>();
        var resolved = new ArrayList<SlaPolicy>();
        for (PolicySpec spec : DEFAULT_POLICIES) {
            Optional<BusinessCalendar> calendar = calendars.find(spec.calendar());
            calendar.ifPresent(c -> resolved.add(new SlaPolicy(spec.id(), spec.priorities(), List.of(), List.of(), c,
                    spec.response(), spec.resolution())));
            if (calendar.isEmpty() && calendars.readable() && !calendars.ids().contains(spec.calendar())) {
                missing.add(spec.calendar());
            }
        }
        missing.forEach(id -> policies.problem("the default policies use calendar '" + id + "', which calendars "
                + "does not define; define it, or write policies of your own"));
        return List.copyOf(resolved);
    }

    private static List<Integer> warnings(Section section) {
        Optional<List<Integer>> warnings = section.distinct("a list of percentages", "a percentage",
                text -> Values.wholeNumber(text, 1, 99, "1..99, a percentage of the target"));
        if (warnings.isEmpty()) {
            return DEFAULT_WARNINGS;
        }
        List<Integer> values = warnings.get();
        List<Section> items = section.list("a list of percentages").orElseThrow();
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) < values.get(i - 1)) {
                items.get(i).problem(values.get(i) + " is below " + values.get(i - 1) + " at "
                        + items.get(i - 1).path() + "; list the thresholds in ascending order");
            }
        }
        return values;
    }

    private static IncidentStatus status(String text) {
        for (IncidentStatus status : IncidentStatus.values()) {
            if (status.json().equals(text)) {
                return status;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not an incident status (" + STATUSES + ")");
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date (YYYY-MM-DD, e.g. 2026-12-24)");
        }
    }

    private static Duration positive(String text) {
        Duration duration = Values.duration(text);
        if (duration.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is out of range (more than 0)");
        }
        return duration;
    }

    private static BusinessCalendar officeDe() {
        var office = List.of(new TimeRange(8 * 60, 18 * 60));
        var hours = new EnumMap<DayOfWeek, List<TimeRange>>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY)) {
            hours.put(day, office);
        }
        hours.put(DayOfWeek.FRIDAY, List.of(new TimeRange(8 * 60, 16 * 60)));
        var holidays = new HashSet<LocalDate>();
        for (String date : List.of(
                "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-25", "2026-10-03",
                "2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31",
                "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-17", "2027-10-03",
                "2027-12-24", "2027-12-25", "2027-12-26", "2027-12-31")) {
            holidays.add(LocalDate.parse(date));
        }
        return new BusinessCalendar("office-de", ZoneId.of("Europe/Berlin"), hours, holidays);
    }
}
