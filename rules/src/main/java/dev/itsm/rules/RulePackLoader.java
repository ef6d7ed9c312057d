package dev.itsm.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads, validates and compiles rule packs.
 *
 * <p>A pack is a folder of YAML files, each required (a file may be empty, which gives every setting of that file
 * its default; only {@code pack.yaml}'s name and version and the three tables of {@code priority.yaml} have no
 * default): {@code pack.yaml}, {@code fingerprint.yaml}, {@code correlation.yaml}, {@code priority.yaml},
 * {@code routing.yaml}, {@code timing.yaml}, {@code ingest.yaml}, {@code noise.yaml}, {@code maintenance.yaml},
 * {@code problems.yaml}, {@code sla.yaml}, {@code slo.yaml} (see {@link #FILES}). Any other {@code .yaml} or {@code .yml} file is an
 * error, so that a misspelt file name is not silently ignored; files with other extensions (a README) are ignored.
 *
 * <p>Loading happens in two steps, as Alertmanager's configuration does: each file is read into a plain spec and
 * validated, and only when the whole pack is free of problems is it compiled into a {@link RulePack}. Every problem
 * is collected, as {@code FILE:LINE: PATH: WHAT}, and reported together in one {@link RuleValidationException}; an
 * invalid pack is never returned.
 *
 * <p>{@link RulePack#lineage()}'s hash is a SHA-256 over the files sorted by name, each as its name, a NUL, its
 * text and a NUL. Line endings are normalised to {@code \n} and a byte-order mark is dropped first, so a Windows
 * checkout of the same files has the same lineage.
 */
public final class RulePackLoader {
    /** Where {@link #loadDefault()} finds the default pack on the class path. */
    public static final String DEFAULT_RESOURCE_DIRECTORY = "itsm/rules/default/";

    /** The files of a pack, in the order problems are reported. */
    public static final List<String> FILES = List.of(PackSpec.FILE, FingerprintSpec.FILE, CorrelationSpec.FILE,
            PrioritySpec.FILE, RoutingSpec.FILE, TimingSpec.FILE, IngestSpec.FILE, NoiseSpec.FILE,
            MaintenanceSpec.FILE, ProblemsSpec.FILE, SlaSpec.FILE, SloSpec.FILE);

    private static final int HASH_HEX_DIGITS = 12;

    private static volatile RulePack defaultPack;

    private RulePackLoader() {}

    /** The default pack shipped in this jar (the module's {@code pack/} folder). */
    public static RulePack loadDefault() {
        RulePack pack = defaultPack;
        if (pack == null) {
            // a race parses twice and keeps either: both are equal
            pack = parse(defaultFiles(), "default");
            defaultPack = pack;
        }
        return pack;
    }

    /**
     * The pack in this folder.
     *
     * @throws RuleValidationException with every problem, naming the pack by {@code pack.yaml} or else by the
     *                                 folder's name
     * @throws UncheckedIOException    when the folder does not exist or a file cannot be read
     */
    public static RulePack load(Path directory) {
        Path name = directory.toAbsolutePath().normalize().getFileName();
        return parse(readFiles(directory), name == null ? directory.toString() : name.toString());
    }

    /**
     * The pack made of these files.
     *
     * @param filesByName file name (e.g. {@code priority.yaml}) to its YAML text
     * @throws RuleValidationException with every problem
     */
    public static RulePack parse(Map<String, String> filesByName) {
        return parse(filesByName, "unnamed");
    }

    /** The default pack's files as shipped in the jar, by name: what {@link #loadDefault()} reads. */
    public static Map<String, String> defaultFiles() {
        var files = new TreeMap<String, String>();
        ClassLoader loader = RulePackLoader.class.getClassLoader();
        for (String file : FILES) {
            try (InputStream in = loader.getResourceAsStream(DEFAULT_RESOURCE_DIRECTORY + file)) {
                if (in != null) {
                    files.put(file, decode(file, in.readAllBytes()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the default rule pack's " + file, e);
            }
        }
        return files;
    }

    /**
     * The {@code .yaml} and {@code .yml} files of a pack folder, by name (not recursive): what {@link #load(Path)}
     * parses, and what a tool publishes to the rules topic.
     *
     * @throws UncheckedIOException when the folder does not exist or a file cannot be read
     */
    public static Map<String, String> readFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new UncheckedIOException("no rule pack folder at " + directory,
                    new NotDirectoryException(directory.toString()));
        }
        var files = new TreeMap<String, String>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path file : entries.sorted().toList()) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
                    files.put(name, decode(file.toString(), Files.readAllBytes(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rule pack in " + directory, e);
        }
        return files;
    }

    static RulePack parse(Map<String, String> filesByName, String fallbackName) {
        var problems = new Problems();
        // File by file, in the order of FILES, so that problems are listed in that order.
        Optional<PackSpec> pack = read(filesByName, PackSpec.FILE, problems).map(PackSpec::read);
        Optional<FingerprintSpec> fingerprint =
                read(filesByName, FingerprintSpec.FILE, problems).map(FingerprintSpec::read);
        Optional<CorrelationSpec> correlation =
                read(filesByName, CorrelationSpec.FILE, problems).map(CorrelationSpec::read);
        Optional<PrioritySpec> priority = read(filesByName, PrioritySpec.FILE, problems).flatMap(PrioritySpec::read);
        Optional<RoutingSpec> routing = read(filesByName, RoutingSpec.FILE, problems).map(RoutingSpec::read);
        Optional<TimingSpec> timing = read(filesByName, TimingSpec.FILE, problems).map(TimingSpec::read);
        Optional<IngestSpec> ingest = read(filesByName, IngestSpec.FILE, problems).map(IngestSpec::read);
        Optional<NoiseSpec> noise = read(filesByName, NoiseSpec.FILE, problems).map(NoiseSpec::read);
        Optional<MaintenanceSpec> maintenance =
                read(filesByName, MaintenanceSpec.FILE, problems).map(MaintenanceSpec::read);
        Optional<ProblemsSpec> problemPatterns =
                read(filesByName, ProblemsSpec.FILE, problems).map(ProblemsSpec::read);
        Optional<SlaSpec> sla = read(filesByName, SlaSpec.FILE, problems).map(SlaSpec::read);
        Optional<SloSpec> slo = read(filesByName, SloSpec.FILE, problems).map(SloSpec::read);
        new TreeMap<>(filesByName).keySet().stream().filter(file -> !FILES.contains(file)).forEach(file ->
                top(file, problems).problem("is not a rule file (a pack has " + String.join(", ", FILES) + ")"));

        String packName = pack.map(PackSpec::name).orElse(fallbackName);
        if (!problems.isEmpty()) {
            throw new RuleValidationException(packName, problems.list());
        }
        String lineage = packName + "@" + pack.orElseThrow().version() + "#" + hash(filesByName);
        return new RulePack(pack.get(), fingerprint.orElseThrow(), correlation.orElseThrow(), priority.orElseThrow(),
                routing.orElseThrow(), timing.orElseThrow(), ingest.orElseThrow(), noise.orElseThrow(),
                maintenance.orElseThrow(), problemPatterns.orElseThrow(), sla.orElseThrow(), slo.orElseThrow(),
                lineage);
    }

    /** The top of a file, ready for its spec to read; empty when the file is missing or is not one YAML mapping. */
    private static Optional<Section> read(Map<String, String> filesByName, String file, Problems problems) {
        String text = filesByName.get(file);
        if (text == null) {
            top(file, problems).problem("is missing (a pack has " + String.join(", ", FILES) + ")");
            return Optional.empty();
        }
        return YamlFiles.parse(file, withoutByteOrderMark(text), problems)
                .map(mapping -> Section.root(file, mapping, problems));
    }

    /** The file as a whole (line 0): for a file that is missing or should not be there. */
    private static Section top(String file, Problems problems) {
        return Section.root(file, new YamlNode.Empty(0), problems);
    }

    /** The first {@value #HASH_HEX_DIGITS} hex digits of the SHA-256 over the files, as the class comment says. */
    static String hash(Map<String, String> filesByName) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        new TreeMap<>(filesByName).forEach((name, text) -> {
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(normalise(text).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        });
        return HexFormat.of().formatHex(sha256.digest()).substring(0, HASH_HEX_DIGITS);
    }

    private static String normalise(String text) {
        return withoutByteOrderMark(text).replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String decode(String where, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UncheckedIOException(where + " is not UTF-8 text", e);
        }
    }
}
