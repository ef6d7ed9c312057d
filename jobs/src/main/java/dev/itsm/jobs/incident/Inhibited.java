package dev.itsm.jobs.incident;

/**
 * An alert muted by an inhibit rule: it makes no incident while the source alert fires.
 *
 * @param alert the muted alert's latest state
 * @param by    {@code inhibited:<rule id>:<source alert id>}
 */
public record Inhibited(EnrichedAlert alert, String by) {
}
