package dev.itsm.rules;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one rule file into a {@link YamlNode} tree, reporting syntax errors with their line.
 *
 * <p>Built on Jackson's streaming YAML parser rather than its tree model, because the tree model silently turns an
 * alias ({@code *name}) into the text {@code "name"}, lets a duplicate key overwrite the first, and reads
 * {@code 1.10} as the number 1.1: all three would change a rule without a word. Here aliases and duplicate keys are
 * errors and scalars keep their text.
 */
final class YamlFiles {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlFiles() {}

    /**
     * The file's top-level mapping; an empty or comments-only file is an empty mapping. Empty when the file is not
     * usable (the reasons are in {@code problems}).
     */
    static Optional<YamlNode.Mapping> parse(String file, String text, Problems problems) {
        Section root = Section.root(file, new YamlNode.Empty(1), problems);
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.of(new YamlNode.Mapping(Map.of(), Map.of(), 1));
            }
            YamlNode tree = read(parser, root);
            JsonToken next = parser.nextToken();
            if (next != null) {
                root.problemAt(parser.currentTokenLocation().getLineNr(),
                        "holds a second YAML document; a rule file is one document");
                return Optional.empty();
            }
            if (tree instanceof YamlNode.Mapping mapping) {
                return Optional.of(mapping);
            }
            root.problemAt(tree.line(), "expected a mapping of settings at the top level, found " + tree.describe());
            return Optional.empty();
        } catch (JacksonException e) {
            syntaxError(e, root);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
    }

    private static YamlNode read(JsonParser parser, Section at) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                var entries = new LinkedHashMap<String, YamlNode>();
                var lines = new LinkedHashMap<String, Integer>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    parser.nextToken();
                    Section child = at.child(key);
                    YamlNode value = read(parser, child);
                    Integer firstLine = lines.putIfAbsent(key, keyLine);
                    if (firstLine != null) {
                        child.problemAt(keyLine, "duplicate key (first at line " + firstLine + ")");
                    } else {
                        // `key:` with nothing after it is reported where the key is
                        entries.put(key, value instanceof YamlNode.Empty ? new YamlNode.Empty(keyLine) : value);
                    }
                }
                return new YamlNode.Mapping(entries, lines, line);
            }
            case START_ARRAY: {
                var items = new ArrayList<YamlNode>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser, at.item(items.size())));
                }
                return new YamlNode.Sequence(items, line);
            }
            case VALUE_NULL:
                return new YamlNode.Empty(line);
            default: {
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    at.problemAt(line, "YAML aliases are not supported (*" + parser.getText()
                            + "); write the value out");
                    return new YamlNode.Reported(line);
                }
                String text = parser.getText();
                return text.isEmpty() ? new YamlNode.Empty(line) : new YamlNode.Scalar(text, line);
            }
        }
    }

    /** Reports {@code not valid YAML at column 5: mapping values are not allowed here} at its line. */
    private static void syntaxError(JacksonException e, Section root) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Mark mark = yaml.getProblemMark();
            var message = new StringBuilder("not valid YAML at column ").append(mark.getColumn() + 1).append(": ")
                    .append(yaml.getProblem());
            if (yaml.getContext() != null && yaml.getContextMark() != null) {
                message.append(" (").append(yaml.getContext()).append(" from line ")
                        .append(yaml.getContextMark().getLine() + 1).append(')');
            }
            root.problemAt(mark.getLine() + 1, message.toString());
            return;
        }
        var location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            root.problemAt(location.getLineNr(), "not valid YAML at column " + location.getColumnNr() + ": "
                    + e.getOriginalMessage());
        } else {
            root.problemAt(0, "not valid YAML: " + e.getOriginalMessage());
        }
    }
}
