package dev.itsm.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A value in a rule file together with where it is ({@code priority.yaml}, line 14, {@code matrix.high.low}), so
 * that every reader reports problems as {@code FILE:LINE: PATH: WHAT} without passing locations around. The line is
 * the value's; a section of a key that is absent has the line of the mapping that lacks it.
 *
 * <p>Readers never throw for bad content: they report the problem and return empty, so that one run finds every
 * problem in the pack.
 */
final class Section {
    private final String file;
    private final String path;
    private final YamlNode node;
    private final Problems problems;

    private Section(String file, String path, YamlNode node, Problems problems) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.problems = problems;
    }

    static Section root(String file, YamlNode node, Problems problems) {
        return new Section(file, "", node, problems);
    }

    String path() {
        return path;
    }

    YamlNode node() {
        return node;
    }

    /** Reports {@code FILE:LINE: PATH: what} ({@code FILE:LINE: what} at the top level) at this value's line. */
    void problem(String what) {
        problemAt(node.line(), what);
    }

    /** Reports {@code FILE:LINE: PATH: what} at a line of its own, for what is not a value (a key, a syntax error). */
    void problemAt(int line, String what) {
        problems.add(file + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + what);
    }

    /** The section of a key below this one; its node is empty until it is given one. */
    Section child(String key) {
        return new Section(file, path.isEmpty() ? key : path + "." + key, new YamlNode.Empty(node.line()), problems);
    }

    Section item(int index) {
        return new Section(file, path + "[" + index + "]", new YamlNode.Empty(node.line()), problems);
    }

    private Section with(YamlNode value) {
        return new Section(file, path, value, problems);
    }

    /**
     * The entries of this mapping, each as a section. Keys outside {@code allowed} are reported as unknown and left
     * out ({@code null} allows any key). Empty if this is not a mapping ({@code expected}, e.g. "a mapping of
     * severity to urgency", names what it should be).
     */
    Optional<Fields> mapping(String expected, Collection<String> allowed) {
        if (node instanceof YamlNode.Reported) {
            return Optional.empty();
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            problem("expected " + expected + ", found " + node.describe());
            return Optional.empty();
        }
        var fields = new LinkedHashMap<String, Section>();
        mapping.entries().forEach((key, value) -> {
            if (allowed == null || allowed.contains(key)) {
                fields.put(key, child(key).with(value));
            } else {
                child(key).problemAt(mapping.keyLines().get(key),
                        "unknown key (allowed: " + String.join(", ", allowed) + ")");
            }
        });
        return Optional.of(new Fields(this, fields));
    }

    /** The items of this list, each as a section; empty if this is not a list. */
    Optional<List<Section>> list(String expected) {
        if (node instanceof YamlNode.Reported) {
            return Optional.empty();
        }
        if (node instanceof YamlNode.Empty) {
            problem("expected " + expected + ", found nothing (write [] for an empty list)");
            return Optional.empty();
        }
        if (!(node instanceof YamlNode.Sequence sequence)) {
            problem("expected " + expected + ", found " + node.describe());
            return Optional.empty();
        }
        var items = new ArrayList<Section>();
        for (YamlNode item : sequence.items()) {
            items.add(item(items.size()).with(item));
        }
        return Optional.of(items);
    }

    /**
     * This scalar's text converted by {@code parse}; the {@link IllegalArgumentException} message of {@code parse}
     * is the problem reported when the text is wrong ({@code '5 minutes' is not a duration (use e.g. 5m, 30s, 2h)}).
     *
     * @param expected what the value should be, e.g. {@code a duration}, for the message when it is not a scalar
     */
    <T> Optional<T> scalar(String expected, Function<String, T> parse) {
        if (node instanceof YamlNode.Reported) {
            return Optional.empty();
        }
        if (!(node instanceof YamlNode.Scalar scalar)) {
            problem("expected " + expected + ", found " + node.describe());
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(scalar.text()));
        } catch (IllegalArgumentException e) {
            problem(e.getMessage());
            return Optional.empty();
        }
    }

    /** This scalar's text, stripped; a blank text counts as nothing. */
    Optional<String> text(String expected) {
        if (node instanceof YamlNode.Scalar scalar && !scalar.text().isBlank()) {
            return Optional.of(scalar.text().strip());
        }
        if (node instanceof YamlNode.Reported) {
            return Optional.empty();
        }
        problem("expected " + expected + ", found " + (node instanceof YamlNode.Scalar ? "nothing" : node.describe()));
        return Optional.empty();
    }

    /**
     * A list of distinct label names; a name listed twice is reported at its second place. Empty when the list is
     * not usable.
     */
    Optional<List<String>> labelNames() {
        return distinct("a list of label names", "a label name", Values::labelName);
    }

    /**
     * A list of distinct values, each converted by {@code parse} (whose {@link IllegalArgumentException} message is
     * the problem); a value listed twice is reported at its second place. Empty when the list is not usable.
     */
    <T> Optional<List<T>> distinct(String expected, String itemExpected, Function<String, T> parse) {
        Optional<List<Section>> items = list(expected);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        var values = new ArrayList<T>();
        boolean ok = true;
        for (Section item : items.get()) {
            Optional<T> value = item.scalar(itemExpected, parse);
            if (value.isEmpty()) {
                ok = false;
            } else if (values.contains(value.get())) {
                item.problem("'" + ((YamlNode.Scalar) item.node).text() + "' is listed twice");
                ok = false;
            } else {
                values.add(value.get());
            }
        }
        return ok ? Optional.of(List.copyOf(values)) : Optional.empty();
    }

    /** A list of label matchers, each bad one reported at its place. Empty when the list is not usable. */
    Optional<List<LabelMatcher>> matchers() {
        Optional<List<Section>> items = list("a list of matchers");
        if (items.isEmpty()) {
            return Optional.empty();
        }
        var matchers = new ArrayList<LabelMatcher>();
        boolean ok = true;
        for (Section item : items.get()) {
            Optional<LabelMatcher> matcher = item.scalar("a matcher", LabelMatcher::parse);
            matcher.ifPresent(matchers::add);
            ok &= matcher.isPresent();
        }
        return ok ? Optional.of(List.copyOf(matchers)) : Optional.empty();
    }

    /** The keys of a mapping that were allowed, each as a section. */
    static final class Fields {
        private final Section owner;
        private final Map<String, Section> fields;

        private Fields(Section owner, Map<String, Section> fields) {
            this.owner = owner;
            this.fields = fields;
        }

        Optional<Section> optional(String key) {
            return Optional.ofNullable(fields.get(key));
        }

        /** Reports {@code PATH.key: is required} (with {@code why} in brackets when given) when the key is absent. */
        Optional<Section> required(String key, String why) {
            Section field = fields.get(key);
            if (field == null) {
                owner.child(key).problem("is required" + (why == null ? "" : " (" + why + ")"));
            }
            return Optional.ofNullable(field);
        }

        Map<String, Section> all() {
            return fields;
        }
    }
}
