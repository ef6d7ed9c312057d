package dev.itsm.rules;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The example packs under {@code src/test/resources/packs/}, and variations of the default pack. */
final class TestingPacks {
    private TestingPacks() {}

    /** The folder of an example pack. */
    static Path folder(String name) {
        URL url = TestingPacks.class.getResource("/packs/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no example pack " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The default pack's files with one file's text replaced. */
    static Map<String, String> defaultWith(String file, String text) {
        var files = new TreeMap<>(RulePackLoader.defaultFiles());
        files.put(file, text);
        return files;
    }

    /** The default pack with this {@code routing.yaml}. */
    static RulePack withRouting(String routingYaml) {
        return RulePackLoader.parse(defaultWith("routing.yaml", routingYaml));
    }
}
