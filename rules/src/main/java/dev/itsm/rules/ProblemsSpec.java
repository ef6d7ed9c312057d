package dev.itsm.rules;

import dev.itsm.rules.ProblemPattern.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code problems.yaml}: the patterns by which the problem job turns recurring incidents into ITIL problems, and how
 * long a problem stays open without a new incident.
 *
 * @param quietPeriod a problem resolves after this long without a matching incident, and is forgotten after as long
 *                    again
 * @param patterns    in the order of the file
 */
record ProblemsSpec(Duration quietPeriod, List<ProblemPattern> patterns, List<KnownError> knownErrors) {
    static final String FILE = "problems.yaml";
    static final List<String> KEYS = List.of("quiet-period", "patterns", "known-errors");
    static final List<String> KNOWN_ERROR_KEYS = List.of("id", "pattern", "signature", "workaround");
    static final List<String> PATTERN_KEYS = List.of("id", "kind", "signature", "min-incidents", "window",
            "tolerance", "min-reopens");

    /** The most incidents a pattern may ask for: the problem job keeps that many per signature in its state. */
    static final int MAX_INCIDENTS = 1000;

    static final Duration DEFAULT_QUIET_PERIOD = Duration.ofDays(7);
    static final List<ProblemPattern> DEFAULT_PATTERNS = List.of(
            new ProblemPattern("recurring-failure", Kind.RECURRENCE,
                    List.of(ProblemPattern.ROOT_CAUSE_CI, ProblemPattern.ALERT_NAME), 3, Duration.ofHours(24),
                    Duration.ZERO, 0),
            new ProblemPattern("daily-failure", Kind.PERIODICITY,
                    List.of(ProblemPattern.ROOT_CAUSE_CI, ProblemPattern.ALERT_NAME), 3, Duration.ofDays(8),
                    Duration.ofMinutes(30), 0),
            new ProblemPattern("service-repeatedly-impacted", Kind.SERVICE_IMPACT, List.of(ProblemPattern.SERVICE), 5,
                    Duration.ofHours(24), Duration.ZERO, 0),
            new ProblemPattern("chronic-flapping", Kind.CHRONIC_FLAPPING,
                    List.of(ProblemPattern.ROOT_CAUSE_CI, ProblemPattern.ALERT_NAME), 0, Duration.ZERO,
                    Duration.ZERO, 3));

    private static final String KINDS = Arrays.stream(Kind.values()).map(Kind::yamlName)
            .collect(Collectors.joining(", "));
    private static final String FIELDS = String.join(", ", ProblemPattern.SIGNATURE_FIELDS) + " or "
            + ProblemPattern.LABEL_PREFIX + "<name>";

    static ProblemsSpec read(Section root) {
        var fields = root.mapping("a mapping of settings", KEYS);
        Duration quietPeriod = fields.flatMap(f -> f.optional("quiet-period"))
                .map(section -> section.scalar("a duration", ProblemsSpec::positive))
                .orElse(Optional.of(DEFAULT_QUIET_PERIOD))
                .orElse(DEFAULT_QUIET_PERIOD);
        Optional<Section> listed = fields.flatMap(f -> f.optional("patterns"));
        List<ProblemPattern> patterns = DEFAULT_PATTERNS;
        if (listed.isPresent()) {
            var read = new ArrayList<ProblemPattern>();
            listed.get().list("a list of problem patterns").ifPresent(items -> {
                var ids = new HashMap<String, String>();
                for (Section item : items) {
                    pattern(item, ids).ifPresent(read::add);
                }
            });
            patterns = List.copyOf(read);
        }
        var knownErrors = new ArrayList<KnownError>();
        List<ProblemPattern> known = patterns;
        fields.flatMap(f -> f.optional("known-errors")).flatMap(section -> section.list("a list of known errors"))
                .ifPresent(items -> {
                    var ids = new HashMap<String, String>();
                    for (Section item : items) {
                        knownError(item, ids, known).ifPresent(knownErrors::add);
                    }
                });
        return new ProblemsSpec(quietPeriod, patterns, List.copyOf(knownErrors));
    }

    private static Optional<KnownError> knownError(Section item, Map<String, String> ids, List<ProblemPattern> patterns) {
        var mapping = item.mapping("a known error (a mapping with " + String.join(", ", KNOWN_ERROR_KEYS) + ")", KNOWN_ERROR_KEYS);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        Section.Fields fields = mapping.get();
        Optional<String> id = fields.required("id", null).flatMap(section -> NoiseSpec.uniqueId(section, ids));
        Optional<String> pattern = Optional.empty();
        boolean ok = true;
        Optional<Section> patternSection = fields.optional("pattern");
        if (patternSection.isPresent()) {
            pattern = patternSection.get().text("a pattern id");
            String named = pattern.orElse(null);
            if (named != null && patterns.stream().noneMatch(p -> p.id().equals(named))) {
                patternSection.get().problem("no pattern '" + named + "' (the patterns: "
                        + patterns.stream().map(ProblemPattern::id).collect(Collectors.joining(", ")) + ")");
                ok = false;
            }
            ok &= pattern.isPresent();
        }
        var signature = new java.util.LinkedHashMap<String, String>();
        Optional<Section> signatureSection = fields.required("signature", "a known error names the signature it is");
        signatureSection.flatMap(section -> section.mapping("a mapping of signature field to value", null)).ifPresent(values -> {
            if (values.all().isEmpty()) {
                signatureSection.get().problem("names no signature field (" + FIELDS + ", " + ProblemPattern.SERVICE + ")");
            }
            values.all().forEach((field, value) -> {
                if (!ProblemPattern.SIGNATURE_FIELDS.contains(field) && !field.equals(ProblemPattern.SERVICE)
                        && !(field.startsWith(ProblemPattern.LABEL_PREFIX) && field.length() > ProblemPattern.LABEL_PREFIX.length())) {
                    value.problem("is not a signature field (" + FIELDS + ", " + ProblemPattern.SERVICE + ")");
                } else {
                    value.text("a value").ifPresent(text -> signature.put(field, text));
                }
            });
        });
        Optional<String> workaround = fields.required("workaround", "a known error says what to do about it")
                .flatMap(section -> section.text("the workaround"));
        if (!ok || id.isEmpty() || workaround.isEmpty() || signature.isEmpty() || signatureSection.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new KnownError(id.get(), pattern.orElse(null), signature, workaround.get()));
    }

    /** @param ids the ids so far, to the path of the pattern that has it */
    private static Optional<ProblemPattern> pattern(Section item, Map<String, String> ids) {
        var mapping = item.mapping("a problem pattern (a mapping with " + String.join(", ", PATTERN_KEYS) + ")",
                PATTERN_KEYS);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        Section.Fields fields = mapping.get();
        Optional<String> id = fields.required("id", null).flatMap(section -> NoiseSpec.uniqueId(section, ids));
        Optional<Kind> kind = fields.required("kind", KINDS)
                .flatMap(section -> section.scalar("a pattern kind", ProblemsSpec::kind));
        boolean ok = id.isPresent() && kind.isPresent();
        // each setting in the order of PATTERN_KEYS, so that its problems are listed in that order
        Optional<List<String>> signature = setting(fields, kind, "signature", ProblemsSpec::signature);
        Optional<Integer> minIncidents = setting(fields, kind, "min-incidents", section -> section.scalar("a number "
                + "of incidents", text -> kind.orElse(null) == Kind.PERIODICITY
                ? Values.wholeNumber(text, 3, MAX_INCIDENTS, "3.." + MAX_INCIDENTS + "; a periodicity needs two "
                        + "intervals at least")
                : Values.wholeNumber(text, 2, MAX_INCIDENTS, "2.." + MAX_INCIDENTS)));
        Optional<Duration> window = setting(fields, kind, "window", section -> section.scalar("a duration",
                ProblemsSpec::positive));
        Optional<Duration> tolerance = setting(fields, kind, "tolerance", section -> section.scalar("a duration",
                ProblemsSpec::positive));
        Optional<Integer> minReopens = setting(fields, kind, "min-reopens", section -> section.scalar("a number of "
                + "reopens", text -> Values.wholeNumber(text, 1, Integer.MAX_VALUE, "1 or more")));
        if (fields.all().containsKey("tolerance") && fields.all().containsKey("window") && tolerance.isPresent()
                && window.isPresent() && tolerance.get().compareTo(window.get()) >= 0) {
            fields.all().get("tolerance").problem(Values.format(tolerance.get()) + " is not shorter than window ("
                    + Values.format(window.get()) + "); the intervals could then be anything");
            ok = false;
        }
        if (!ok || signature.isEmpty() || minIncidents.isEmpty() || window.isEmpty() || tolerance.isEmpty()
                || minReopens.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProblemPattern(id.get(), kind.get(),
                kind.get() == Kind.SERVICE_IMPACT ? List.of(ProblemPattern.SERVICE) : signature.get(),
                minIncidents.get(), window.get(), tolerance.get(), minReopens.get()));
    }

    /**
     * A setting of a pattern, read when the pattern's kind takes it. A key of another kind is reported (and not
     * read), a missing key the kind requires too; either gives empty. A key that is not given and not required
     * (also when the kind is unknown, which was reported already) gives the neutral value: no fields, 0 or
     * {@link Duration#ZERO}.
     */
    @SuppressWarnings("unchecked")
    private static <T> Optional<T> setting(Section.Fields fields, Optional<Kind> kind, String key,
                                           Function<Section, Optional<T>> read) {
        Optional<Section> given = fields.optional(key);
        if (kind.isPresent() && !kind.get().keys().contains(key)) {
            given.ifPresent(section -> section.problem(kind.get() == Kind.SERVICE_IMPACT && key.equals("signature")
                    ? "a service-impact pattern's signature is always [service]; leave it out"
                    : "is not a setting of a " + kind.get().yamlName() + " pattern (its settings are "
                            + and(kind.get().keys()) + "); leave it out"));
            if (given.isPresent()) {
                return Optional.empty();
            }
        } else if (kind.isPresent()) {
            return fields.required(key, "a " + kind.get().yamlName() + " pattern needs " + and(kind.get().keys()))
                    .flatMap(read);
        } else if (given.isPresent()) {
            return read.apply(given.get());
        }
        Object none = switch (key) {
            case "signature" -> List.of();
            case "window", "tolerance" -> Duration.ZERO;
            default -> 0;
        };
        return Optional.of((T) none);
    }

    private static Optional<List<String>> signature(Section section) {
        Optional<List<String>> fields = section.distinct("a list of signature fields", "a signature field",
                ProblemsSpec::signatureField);
        if (fields.isPresent() && fields.get().isEmpty()) {
            section.problem("is an empty list; name at least one field (" + FIELDS + ")");
            return Optional.empty();
        }
        return fields;
    }

    static String signatureField(String text) {
        if (ProblemPattern.SIGNATURE_FIELDS.contains(text)) {
            return text;
        }
        if (text.startsWith(ProblemPattern.LABEL_PREFIX)) {
            String label = text.substring(ProblemPattern.LABEL_PREFIX.length());
            if (!Values.LABEL_NAME.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a signature field: "
                        + Values.labelNameProblem(label));
            }
            return text;
        }
        throw new IllegalArgumentException("'" + text + "' is not a signature field (" + FIELDS + ")");
    }

    private static Kind kind(String text) {
        return Kind.ofYamlName(text).orElseThrow(() ->
                new IllegalArgumentException("'" + text + "' is not a pattern kind (" + KINDS + ")"));
    }

    private static Duration positive(String text) {
        Duration duration = Values.duration(text);
        if (duration.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is out of range (more than 0)");
        }
        return duration;
    }

    /** {@code a, b and c}. */
    private static String and(List<String> words) {
        return words.size() == 1 ? words.get(0)
                : String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
    }
}
