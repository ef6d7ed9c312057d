package dev.itsm.connectors.alerts;

import dev.itsm.core.model.Severity;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A source's severity word to our {@link Severity}, as the rule pack defines it; consulted before
 * {@link Severity#parse}. Serializable because it travels inside {@link ParserSettings} to the Flink task managers.
 * Returning empty (or {@code null}) means "no opinion".
 */
@FunctionalInterface
public interface SeverityWords extends Function<String, Optional<Severity>>, Serializable {

    /** No words of its own: every word goes to {@link Severity#parse}. */
    static SeverityWords none() {
        return word -> Optional.empty();
    }

    /**
     * A fixed table, matched the way {@link Severity#parse} matches: ignoring case, surrounding blanks and
     * {@code -}/space vs {@code _}. {@code of(Map.of("p1", Severity.CRITICAL, "Not classified", Severity.INFO))}.
     */
    static SeverityWords of(Map<String, Severity> words) {
        HashMap<String, Severity> table = new HashMap<>();
        words.forEach((word, severity) -> table.put(normalise(word), severity));
        return word -> word == null ? Optional.empty() : Optional.ofNullable(table.get(normalise(word)));
    }

    private static String normalise(String word) {
        return word.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }
}
