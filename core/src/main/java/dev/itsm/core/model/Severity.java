package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Normalised alert severity, most severe first. {@link #code()} is 1 (critical) to 5 (info), the same direction
 * as {@link Priority}; it is what alerts carry as the ECS numeric {@code event.severity}. JSON value: the lowercase
 * name.
 */
public enum Severity {
    CRITICAL, MAJOR, MINOR, WARNING, INFO;

    // The words the sources we ingest actually send: Alertmanager/Prometheus conventions (page, ticket),
    // Grafana, Zabbix (not classified .. disaster), syslog levels, PagerDuty-style sevN.
    private static final Map<String, Severity> ALIASES = Map.ofEntries(
            Map.entry("critical", CRITICAL), Map.entry("crit", CRITICAL), Map.entry("disaster", CRITICAL),
            Map.entry("emergency", CRITICAL), Map.entry("emerg", CRITICAL), Map.entry("alert", CRITICAL),
            Map.entry("fatal", CRITICAL), Map.entry("page", CRITICAL), Map.entry("sev1", CRITICAL),
            Map.entry("major", MAJOR), Map.entry("high", MAJOR), Map.entry("error", MAJOR), Map.entry("err", MAJOR),
            Map.entry("severe", MAJOR), Map.entry("sev2", MAJOR),
            Map.entry("minor", MINOR), Map.entry("average", MINOR), Map.entry("medium", MINOR),
            Map.entry("moderate", MINOR), Map.entry("ticket", MINOR), Map.entry("sev3", MINOR),
            Map.entry("warning", WARNING), Map.entry("warn", WARNING), Map.entry("low", WARNING),
            Map.entry("sev4", WARNING),
            Map.entry("info", INFO), Map.entry("information", INFO), Map.entry("informational", INFO),
            Map.entry("notice", INFO), Map.entry("debug", INFO), Map.entry("not_classified", INFO),
            Map.entry("none", INFO), Map.entry("sev5", INFO));

    /** 1 (critical) .. 5 (info). */
    public int code() {
        return ordinal() + 1;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity with this {@link #code()}; throws for anything outside 1..5. */
    public static Severity ofCode(int code) {
        if (code < 1 || code > 5) {
            throw new IllegalArgumentException("severity code must be 1..5, was " + code);
        }
        return values()[code - 1];
    }

    /**
     * Lenient parse of a source's severity word, ignoring case, surrounding blanks and {@code -}/space vs {@code _}:
     * {@code "crit"}, {@code "Disaster"} (Zabbix), {@code "page"}, {@code "error"}, {@code "warn"}, ... Numbers are not
     * accepted because their scale differs per source (Zabbix 5 is the worst, ours 1): map those in the adapter.
     *
     * @return empty for {@code null}, blank or unknown words
     */
    public static Optional<Severity> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String key = text.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Optional.ofNullable(ALIASES.get(key));
    }
}
