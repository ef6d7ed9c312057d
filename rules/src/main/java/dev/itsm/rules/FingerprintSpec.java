package dev.itsm.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code fingerprint.yaml}: which labels identify an alert, per source.
 *
 * @param identifyingLabels for {@code default} and every one of {@link RulePack#SOURCES}; an empty list means all
 *                          labels
 */
record FingerprintSpec(Map<String, List<String>> identifyingLabels) {
    static final String FILE = "fingerprint.yaml";
    static final List<String> KEYS = List.of("identifying-labels");
    static final String DEFAULT = "default";
    static final List<String> SOURCE_KEYS = Stream.concat(Stream.of(DEFAULT), RulePack.SOURCES.stream()).toList();

    static FingerprintSpec read(Section root) {
        var byKey = new LinkedHashMap<String, List<String>>();
        root.mapping("a mapping of settings", KEYS)
                .flatMap(fields -> fields.optional("identifying-labels"))
                .flatMap(section -> section.mapping("a mapping of source to label names", SOURCE_KEYS))
                .ifPresent(sources -> sources.all().forEach((source, section) ->
                        section.labelNames().ifPresent(names -> byKey.put(source, names))));
        List<String> fallback = byKey.getOrDefault(DEFAULT, List.of());
        var result = new LinkedHashMap<String, List<String>>();
        for (String key : SOURCE_KEYS) {
            result.put(key, byKey.getOrDefault(key, fallback));
        }
        return new FingerprintSpec(result);
    }
}
