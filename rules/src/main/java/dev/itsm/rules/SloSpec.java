package dev.itsm.rules;

import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Severity;
import dev.itsm.rules.SloDefinition.UnavailableWhen;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code slo.yaml}: the availability objectives of business services. Time-slice budgeting as in OpenSLO: each SLO's
 * window is cut into slices, a slice is bad when the service was unavailable (an incident matching
 * {@code unavailable-when} impacted it) for more than {@code 1 - time-slice-target} of it, and the burn-rate alerts
 * (the SRE workbook's multi-window pairs) fire when the bad slices spend the error budget too fast.
 *
 * @param slos          in the order of the file; the {@code "*"} SLO, if any, last
 * @param burnRateRules in the order of the file
 */
record SloSpec(List<SloDefinition> slos, List<BurnRateRule> burnRateRules) {
    static final String FILE = "slo.yaml";
    static final List<String> KEYS = List.of("time-slice", "time-slice-target", "unavailable-when",
            "burn-rate-alerts", "slos");
    static final List<String> UNAVAILABLE_KEYS = List.of("priority", "impact");
    static final List<String> BURN_RATE_KEYS = List.of("id", "long", "short", "factor", "severity");
    static final List<String> SLO_KEYS = List.of("id", "service", "objective", "window", "time-slice",
            "time-slice-target", "unavailable-when");

    static final Duration DEFAULT_TIME_SLICE = Duration.ofMinutes(1);
    static final double DEFAULT_TIME_SLICE_TARGET = 0.5;
    static final UnavailableWhen DEFAULT_UNAVAILABLE_WHEN = new UnavailableWhen(Priority.P2, null);
    static final Severity DEFAULT_SEVERITY = Severity.CRITICAL;
    static final List<BurnRateRule> DEFAULT_BURN_RATE_RULES = List.of(
            new BurnRateRule("fast-burn", Duration.ofHours(1), Duration.ofMinutes(5), 14.4, Severity.CRITICAL),
            new BurnRateRule("medium-burn", Duration.ofHours(6), Duration.ofMinutes(30), 6, Severity.CRITICAL),
            new BurnRateRule("slow-burn", Duration.ofDays(3), Duration.ofHours(6), 1, Severity.WARNING));
    /** Without {@code slos}: every impacted business service has 99.5 % over 30 days. */
    static final List<SloDefinition> DEFAULT_SLOS = List.of(new SloDefinition("default", SloDefinition.ANY_SERVICE,
            0.995, Duration.ofDays(30), DEFAULT_TIME_SLICE, DEFAULT_TIME_SLICE_TARGET, DEFAULT_UNAVAILABLE_WHEN));

    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");

    /** The pack-wide settings an SLO may override. */
    private record Shared(Optional<Duration> timeSlice, Optional<Double> target, Optional<UnavailableWhen> when) {}

    static SloSpec read(Section root) {
        var mapping = root.mapping("a mapping of settings", KEYS);
        if (mapping.isEmpty()) {
            return new SloSpec(DEFAULT_SLOS, DEFAULT_BURN_RATE_RULES);
        }
        Section.Fields fields = mapping.get();
        Optional<Duration> timeSlice = fields.optional("time-slice")
                .map(section -> section.scalar("a duration", SloSpec::positive))
                .orElse(Optional.of(DEFAULT_TIME_SLICE));
        Optional<Double> target = fields.optional("time-slice-target")
                .map(section -> section.scalar("a number", SloSpec::sliceTarget))
                .orElse(Optional.of(DEFAULT_TIME_SLICE_TARGET));
        Optional<UnavailableWhen> when = fields.optional("unavailable-when")
                .map(SloSpec::unavailableWhen)
                .orElse(Optional.of(DEFAULT_UNAVAILABLE_WHEN));
        var shared = new Shared(timeSlice, target, when);

        List<Optional<BurnRateRule>> rules = fields.optional("burn-rate-alerts")
                .map(section -> burnRateRules(section, timeSlice))
                .orElse(DEFAULT_BURN_RATE_RULES.stream().map(Optional::of).toList());
        List<BurnRateRule> valid = rules.stream().flatMap(Optional::stream).toList();
        List<SloDefinition> slos = fields.optional("slos")
                .map(section -> slos(section, shared, rules))
                .orElseGet(() -> defaultSlos(fields, shared));
        if (timeSlice.isPresent() && fields.optional("burn-rate-alerts").isEmpty()) {
            for (BurnRateRule rule : DEFAULT_BURN_RATE_RULES) {
                if (rule.shortWindow().toMillis() % timeSlice.get().toMillis() != 0
                        || rule.longWindow().toMillis() % timeSlice.get().toMillis() != 0) {
                    fields.all().get("time-slice").problem(Values.format(timeSlice.get()) + " does not divide the "
                            + "windows of the default burn-rate alert " + rule.name() + "; choose a slice that "
                            + "does, or list burn-rate-alerts of your own");
                }
            }
        }
        return new SloSpec(slos, valid);
    }

    /** The default {@code "*"} SLO with the file's shared settings. */
    private static List<SloDefinition> defaultSlos(Section.Fields fields, Shared shared) {
        if (shared.timeSlice().isEmpty() || shared.target().isEmpty() || shared.when().isEmpty()) {
            return List.of();
        }
        SloDefinition fallback = DEFAULT_SLOS.get(0);
        Duration slice = shared.timeSlice().get();
        if (fallback.window().toMillis() % slice.toMillis() != 0) {
            fields.all().get("time-slice").problem(Values.format(slice) + " does not divide the window of the "
                    + "default SLO (" + fallback.windowName() + "); choose a slice that does, or list slos of your own");
            return List.of();
        }
        return List.of(new SloDefinition(fallback.id(), fallback.service(), fallback.objective(), fallback.window(),
                slice, shared.target().get(), shared.when().get()));
    }

    private static Optional<UnavailableWhen> unavailableWhen(Section section) {
        var mapping = section.mapping("a mapping with priority, impact or both", UNAVAILABLE_KEYS);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        Optional<Section> prioritySection = mapping.get().optional("priority");
        Optional<Section> impactSection = mapping.get().optional("impact");
        if (prioritySection.isEmpty() && impactSection.isEmpty()) {
            section.problem("needs priority, impact or both; without either no incident would make a service "
                    + "unavailable");
            return Optional.empty();
        }
        Priority priority = null;
        Impact impact = null;
        boolean ok = true;
        if (prioritySection.isPresent()) {
            Optional<Priority> value = prioritySection.get().scalar("a priority", Values::priority);
            ok &= value.isPresent();
            priority = value.orElse(null);
        }
        if (impactSection.isPresent()) {
            Optional<Impact> value = impactSection.get().scalar("an impact", Values::impact);
            ok &= value.isPresent();
            impact = value.orElse(null);
        }
        return ok ? Optional.of(new UnavailableWhen(priority, impact)) : Optional.empty();
    }

    /** The rules, each empty where it had problems (so that an SLO is not checked against it). */
    private static List<Optional<BurnRateRule>> burnRateRules(Section section, Optional<Duration> timeSlice) {
        Optional<List<Section>> items = section.list("a list of burn-rate alerts");
        if (items.isEmpty()) {
            return List.of();
        }
        var rules = new ArrayList<Optional<BurnRateRule>>();
        var ids = new HashMap<String, String>();
        var names = new HashMap<String, String>();
        for (Section item : items.get()) {
            rules.add(burnRateRule(item, timeSlice, ids, names));
        }
        return rules;
    }

    /**
     * @param ids   the ids so far, to the path of the alert that has it
     * @param names the pairs of windows so far, to the path of the alert that has it
     */
    private static Optional<BurnRateRule> burnRateRule(Section item, Optional<Duration> timeSlice,
                                                       Map<String, String> ids, Map<String, String> names) {
        var mapping = item.mapping("a burn-rate alert (a mapping with " + String.join(", ", BURN_RATE_KEYS) + ")",
                BURN_RATE_KEYS);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        Section.Fields fields = mapping.get();
        Optional<String> id = fields.required("id", null).flatMap(section -> NoiseSpec.uniqueId(section, ids));
        Optional<Duration> longWindow = fields.required("long", "the long window, e.g. 1h")
                .flatMap(section -> section.scalar("a duration", SloSpec::positive));
        Optional<Duration> shortWindow = fields.required("short", "the short window, e.g. 5m")
                .flatMap(section -> section.scalar("a duration", SloSpec::positive));
        Optional<Double> factor = fields.required("factor", "the burn rate at which it fires, e.g. 14.4")
                .flatMap(section -> section.scalar("a number", SloSpec::factor));
        Optional<Severity> severity = fields.optional("severity")
                .map(section -> section.scalar("a severity", Values::severity))
                .orElse(Optional.of(DEFAULT_SEVERITY));
        boolean ok = id.isPresent() && longWindow.isPresent() && shortWindow.isPresent() && factor.isPresent()
                && severity.isPresent();
        if (longWindow.isPresent() && shortWindow.isPresent()
                && longWindow.get().compareTo(shortWindow.get()) <= 0) {
            fields.all().get("long").problem(Values.format(longWindow.get()) + " is not longer than short ("
                    + Values.format(shortWindow.get()) + ")");
            ok = false;
        }
        if (timeSlice.isPresent()) {
            for (String key : List.of("long", "short")) {
                Optional<Duration> window = key.equals("long") ? longWindow : shortWindow;
                if (window.isPresent() && window.get().toMillis() % timeSlice.get().toMillis() != 0) {
                    fields.all().get(key).problem(Values.format(window.get()) + " is not a multiple of time-slice ("
                            + Values.format(timeSlice.get()) + ")");
                    ok = false;
                }
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        var rule = new BurnRateRule(id.get(), longWindow.get(), shortWindow.get(), factor.get(), severity.get());
        String first = names.putIfAbsent(rule.name(), item.path());
        if (first != null) {
            item.problem(rule.name() + " is already the windows of " + first
                    + "; each pair of windows alerts once");
            return Optional.empty();
        }
        return Optional.of(rule);
    }

    private static List<SloDefinition> slos(Section section, Shared shared, List<Optional<BurnRateRule>> rules) {
        Optional<List<Section>> items = section.list("a list of SLOs");
        if (items.isEmpty()) {
            return List.of();
        }
        var slos = new ArrayList<SloDefinition>();
        var ids = new HashMap<String, String>();
        var services = new HashMap<String, String>();
        List<Section> list = items.get();
        for (int i = 0; i < list.size(); i++) {
            slo(list.get(i), shared, rules, ids, services, i == list.size() - 1).ifPresent(slos::add);
        }
        return List.copyOf(slos);
    }

    /**
     * @param services the services so far, to the path of the SLO that has it; this one's is added
     * @param last     whether it is the last of the list (where the {@code "*"} SLO must be)
     */
    private static Optional<SloDefinition> slo(Section item, Shared shared, List<Optional<BurnRateRule>> rules,
                                               Map<String, String> ids, Map<String, String> services,
                                               boolean last) {
        var mapping = item.mapping("an SLO (a mapping with " + String.join(", ", SLO_KEYS) + ")", SLO_KEYS);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        Section.Fields fields = mapping.get();
        Optional<String> id = fields.required("id", null).flatMap(s -> NoiseSpec.uniqueId(s, ids));
        Optional<String> service = fields.required("service", "a business service CI id, or \"*\" for any other")
                .flatMap(s -> s.text("a business service CI id").flatMap(name -> {
                    String first = services.putIfAbsent(name, s.path().substring(0, s.path().lastIndexOf('.')));
                    if (first != null) {
                        s.problem("'" + name + "' already has the SLO " + first + "; a service has one SLO");
                        return Optional.empty();
                    }
                    if (name.equals(SloDefinition.ANY_SERVICE) && !last) {
                        s.problem("'*' (any other service) must be the last SLO; the SLOs after it would never be "
                                + "the one of their service otherwise");
                        return Optional.empty();
                    }
                    return Optional.of(name);
                }));
        Optional<Double> objective = fields.required("objective", "the availability objective in percent, e.g. 99.9")
                .flatMap(s -> s.scalar("a percentage", SloSpec::objective));
        Optional<Duration> window = fields.required("window", "the rolling window, e.g. 30d")
                .flatMap(s -> s.scalar("a duration", SloSpec::positive));
        Optional<Duration> timeSlice = fields.optional("time-slice")
                .map(s -> s.scalar("a duration", SloSpec::positive))
                .orElse(shared.timeSlice());
        Optional<Double> target = fields.optional("time-slice-target")
                .map(s -> s.scalar("a number", SloSpec::sliceTarget))
                .orElse(shared.target());
        Optional<UnavailableWhen> when = fields.optional("unavailable-when")
                .map(SloSpec::unavailableWhen)
                .orElse(shared.when());
        boolean ok = id.isPresent() && service.isPresent() && objective.isPresent() && window.isPresent()
                && timeSlice.isPresent() && target.isPresent() && when.isPresent();
        if (window.isPresent() && timeSlice.isPresent()
                && window.get().toMillis() % timeSlice.get().toMillis() != 0) {
            fields.all().get("window").problem(Values.format(window.get()) + " is not a multiple of time-slice ("
                    + Values.format(timeSlice.get()) + ")");
            ok = false;
        }
        Optional<Section> ownSlice = fields.optional("time-slice");
        if (ownSlice.isPresent() && timeSlice.isPresent()) {
            for (Optional<BurnRateRule> rule : rules) {
                if (rule.isEmpty()) {
                    continue;
                }
                for (Duration w : List.of(rule.get().longWindow(), rule.get().shortWindow())) {
                    if (w.toMillis() % timeSlice.get().toMillis() != 0) {
                        ownSlice.get().problem(Values.format(timeSlice.get()) + " does not divide the burn-rate "
                                + "window " + Values.format(w) + " (" + rule.get().name() + ")");
                        ok = false;
                        break;
                    }
                }
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new SloDefinition(id.get(), service.get(), objective.get(), window.get(), timeSlice.get(),
                target.get(), when.get()));
    }

    private static Duration positive(String text) {
        Duration duration = Values.duration(text);
        if (duration.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is out of range (more than 0)");
        }
        return duration;
    }

    private static BigDecimal decimal(String text) {
        if (!DECIMAL.matcher(text.strip()).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a number (e.g. 0.5, 14.4, 99.9)");
        }
        return new BigDecimal(text.strip());
    }

    private static double sliceTarget(String text) {
        BigDecimal value = decimal(text);
        if (value.signum() <= 0 || value.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("'" + text + "' is out of range (more than 0, at most 1)");
        }
        return value.doubleValue();
    }

    private static double factor(String text) {
        BigDecimal value = decimal(text);
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("'" + text + "' is out of range (more than 0)");
        }
        return value.doubleValue();
    }

    /** Percent in the file, a fraction in the SLO: 99.9 is 0.999 exactly as a double reads it. */
    private static double objective(String text) {
        BigDecimal value = decimal(text);
        if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(100)) >= 0) {
            throw new IllegalArgumentException("'" + text + "' is out of range (more than 0 and less than 100, "
                    + "a percentage)");
        }
        return value.movePointLeft(2).doubleValue();
    }
}
