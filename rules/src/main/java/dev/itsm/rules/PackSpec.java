package dev.itsm.rules;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code pack.yaml}: what the pack is.
 *
 * @param name        identifies the pack (the key on the rules topic, the start of the lineage); {@code null} only
 *                    while the file has problems
 * @param version     the pack's version, chosen by its authors
 * @param description free text, may be empty
 */
record PackSpec(String name, String version, String description) {
    static final String FILE = "pack.yaml";
    static final List<String> KEYS = List.of("name", "version", "description");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,62}");

    static PackSpec read(Section root) {
        var fields = root.mapping("a mapping of settings", KEYS);
        if (fields.isEmpty()) {
            return new PackSpec(null, null, "");
        }
        String name = fields.get().required("name", null)
                .flatMap(s -> s.scalar("a pack name", PackSpec::name)).orElse(null);
        String version = fields.get().required("version", null)
                .flatMap(s -> s.scalar("a version", PackSpec::version)).orElse(null);
        String description = fields.get().optional("description")
                .flatMap(s -> s.node() instanceof YamlNode.Empty ? Optional.of("") : s.text("a description"))
                .orElse("");
        return new PackSpec(name, version, description);
    }

    private static String name(String text) {
        if (!NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a pack name (lowercase letters, digits and "
                    + ". _ -, starting with a letter or digit, at most 63 characters)");
        }
        return text;
    }

    private static String version(String text) {
        if (!VERSION.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a version (letters, digits and . _ + -, "
                    + "starting with a letter or digit, at most 63 characters; e.g. 2026.11.1)");
        }
        return text;
    }
}
