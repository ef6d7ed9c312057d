package dev.itsm.rules;

import dev.itsm.core.model.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ingest.yaml}: what the incident job accepts from the sources.
 *
 * @param maxPayloadBytes larger payloads go to the dead-letter topic
 * @param defaultSeverity for an alert without a severity or with a word nothing maps
 * @param severityAliases normalised word (see {@link Values#severityWord}) to severity, before the built-in words
 */
record IngestSpec(long maxPayloadBytes, Severity defaultSeverity, Map<String, Severity> severityAliases) {
    static final String FILE = "ingest.yaml";
    static final List<String> KEYS = List.of("max-payload-size", "default-severity", "severity-aliases");
    static final long DEFAULT_MAX_PAYLOAD_BYTES = 1L << 20;
    static final Severity DEFAULT_SEVERITY = Severity.WARNING;

    static IngestSpec read(Section root) {
        var fields = root.mapping("a mapping of settings", KEYS);
        if (fields.isEmpty()) {
            return new IngestSpec(DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_SEVERITY, Map.of());
        }
        long maxPayload = fields.get().optional("max-payload-size")
                .flatMap(section -> section.scalar("a size", IngestSpec::payloadSize))
                .orElse(DEFAULT_MAX_PAYLOAD_BYTES);
        Severity defaultSeverity = fields.get().optional("default-severity")
                .flatMap(section -> section.scalar("a severity", Values::severity))
                .orElse(DEFAULT_SEVERITY);
        var aliases = new LinkedHashMap<String, Severity>();
        fields.get().optional("severity-aliases")
                .flatMap(section -> section.mapping("a mapping of word to severity", null))
                .ifPresent(words -> {
                    var written = new LinkedHashMap<String, String>();
                    words.all().forEach((word, section) -> {
                        String normalised = Values.severityWord(word);
                        String first = written.putIfAbsent(normalised, word);
                        if (first != null) {
                            section.problem("is the same word as '" + first
                                    + "' (case, spaces, - and _ do not count)");
                        }
                        section.scalar("a severity", Values::severity)
                                .ifPresent(severity -> aliases.putIfAbsent(normalised, severity));
                    });
                });
        return new IngestSpec(maxPayload, defaultSeverity, Map.copyOf(aliases));
    }

    private static long payloadSize(String text) {
        long bytes = Values.size(text);
        if (bytes < 1 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is out of range (1B up to 2GiB - 1, the most one "
                    + "byte array holds)");
        }
        return bytes;
    }
}
