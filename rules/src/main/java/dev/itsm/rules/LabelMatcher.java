package dev.itsm.rules;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label condition, written as Alertmanager writes matchers: {@code team=db}, {@code env!=test},
 * {@code team=~db|storage}, {@code instance!~"test-.*"}.
 *
 * <p>Semantics follow Alertmanager: a regex must match the whole value (it is anchored at both ends), and an absent
 * label has the empty value, so {@code team=""} matches alerts without a {@code team} label and {@code team!=""}
 * those that have one. A value may be written in double quotes, where {@code \"} and {@code \\} stand for {@code "}
 * and {@code \}. Regexes use Java syntax, which agrees with Go's RE2 for what matchers use in practice.
 *
 * <p>Immutable and {@link Serializable} (a {@link Pattern} serialises as its source and is recompiled).
 */
public final class LabelMatcher implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*(" + Values.LABEL_NAME.pattern() + ")\\s*(=~|!~|!=|=)\\s*(.*?)\\s*", Pattern.DOTALL);

    /** The comparison a matcher makes. */
    public enum Type {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String operator;

        Type(String operator) {
            this.operator = operator;
        }

        public String operator() {
            return operator;
        }

        static Type of(String operator) {
            for (Type type : values()) {
                if (type.operator.equals(operator)) {
                    return type;
                }
            }
            throw new IllegalArgumentException(operator);
        }
    }

    private final String label;
    private final Type type;
    private final String value;
    private final Pattern regex; // null for EQUAL and NOT_EQUAL

    private LabelMatcher(String label, Type type, String value, Pattern regex) {
        this.label = label;
        this.type = type;
        this.value = value;
        this.regex = regex;
    }

    /**
     * Parses {@code label<op>value}.
     *
     * @throws IllegalArgumentException with a message for a rule file, e.g.
     *     {@code 'team' is not a matcher (use label=value, label!=value, label=~regex or label!~regex)} or
     *     {@code 'team=~(db' has an invalid regex: Unclosed group near index 3}
     */
    public static LabelMatcher parse(String text) {
        Objects.requireNonNull(text, "matcher text must not be null");
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a matcher "
                    + "(use label=value, label!=value, label=~regex or label!~regex)");
        }
        Type type = Type.of(m.group(2));
        String value = m.group(3);
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = unquote(value.substring(1, value.length() - 1));
        }
        return of(m.group(1), type, value, text);
    }

    /** A matcher from its parts; the message of a bad regex quotes the matcher as {@link #toString()} gives it. */
    public static LabelMatcher of(String label, Type type, String value) {
        return of(label, type, value, null);
    }

    private static LabelMatcher of(String label, Type type, String value, String written) {
        Objects.requireNonNull(label, "label must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(value, "value must not be null");
        if (!Values.LABEL_NAME.matcher(label).matches()) {
            throw new IllegalArgumentException(Values.labelNameProblem(label));
        }
        Pattern regex = null;
        if (type == Type.REGEX || type == Type.NOT_REGEX) {
            try {
                regex = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                String shown = written != null ? written : label + type.operator + value;
                throw new IllegalArgumentException("'" + shown + "' has an invalid regex: " + e.getDescription()
                        + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
            }
        }
        return new LabelMatcher(label, type, value, regex);
    }

    private static String unquote(String quoted) {
        var text = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() && (quoted.charAt(i + 1) == '"' || quoted.charAt(i + 1) == '\\')) {
                c = quoted.charAt(++i);
            }
            text.append(c);
        }
        return text.toString();
    }

    /** Whether the labels satisfy this matcher; an absent label counts as the empty value. */
    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(label, "");
        if (actual == null) {
            actual = "";
        }
        return switch (type) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> regex.matcher(actual).matches();
            case NOT_REGEX -> !regex.matcher(actual).matches();
        };
    }

    public String label() {
        return label;
    }

    public Type type() {
        return type;
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher other
                && label.equals(other.label) && type == other.type && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, type, value);
    }

    /** The matcher as Alertmanager prints it: {@code team=~"db|storage"}. */
    @Override
    public String toString() {
        return label + type.operator + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
