package dev.itsm.rules;

import java.util.List;
import java.util.Map;

/**
 * A YAML value as a rule file holds it. Every scalar keeps its text as written ({@code 1.10} stays {@code "1.10"},
 * {@code yes} stays {@code "yes"}): the reader of a setting decides what the text means, not the YAML parser.
 */
sealed interface YamlNode {

    /**
     * 1-based line where the value starts (a block mapping or list: its first entry); 0 stands for the file as a
     * whole, for what has no line of its own (a file that is missing, or misnamed).
     */
    int line();

    /** How a problem names what was found: {@code a mapping}, {@code a list}, {@code 'text'}, {@code nothing}. */
    String describe();

    /**
     * A mapping; keys in the order they were written.
     *
     * @param keyLines the line of each key, where a problem with the key itself (an unknown key) is reported
     */
    record Mapping(Map<String, YamlNode> entries, Map<String, Integer> keyLines, int line) implements YamlNode {
        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    record Scalar(String text, int line) implements YamlNode {
        @Override
        public String describe() {
            return "'" + text + "'";
        }
    }

    /** A value that was already reported as wrong (an alias): readers skip it without a second message. */
    record Reported(int line) implements YamlNode {
        @Override
        public String describe() {
            return "nothing";
        }
    }

    /** {@code key:} with no value, {@code ~}, {@code null} or {@code ''}. */
    record Empty(int line) implements YamlNode {
        @Override
        public String describe() {
            return "nothing";
        }
    }
}
