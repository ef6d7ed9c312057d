package dev.itsm.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The example packs under {@code src/test/resources/packs/}, and variations of the default pack. A {@code good-*}
 * pack is valid; a {@code bad-*} pack is not, and its {@code expected.txt} lists the exact problems it gives, one a
 * line, as {@code itsm rules check} prints them.
 */
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

    /** The names of the example packs whose folder name starts with {@code prefix}, sorted. */
    static List<String> examples(String prefix) {
        try (Stream<Path> folders = Files.list(folder(""))) {
            return folders.map(folder -> folder.getFileName().toString())
                    .filter(name -> name.startsWith(prefix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of a bad example pack's {@code expected.txt}. */
    static List<String> expectedProblems(String example) {
        try {
            return Files.readAllLines(folder(example).resolve("expected.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
