package dev.itsm.connectors.alerts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The payload formats {@link AlertParser} understands. {@link #id()} is the value of the Kafka header
 * {@value AlertParser#FORMAT_HEADER} and the {@code source} of every alert parsed from that format.
 */
public enum AlertFormat {
    /** Prometheus Alertmanager's webhook, payload version 4: a group of alerts. */
    ALERTMANAGER("alertmanager"),
    /** Grafana unified alerting's webhook contact point: Alertmanager's group plus Grafana's fields. */
    GRAFANA("grafana"),
    /** A Zabbix webhook media type sending the parameters described in ALERT-FORMATS.md. */
    ZABBIX("zabbix"),
    /** This project's own JSON: one alert object, or an array of them. */
    GENERIC("generic"),
    /**
     * The burn-rate alerts of the SLO functions: the generic JSON, with source {@code slo}. Only ever chosen by the
     * header, never detected, and not offered to senders in messages: it is the pipeline's own.
     */
    SLO("slo");

    private final String id;

    AlertFormat(String id) {
        this.id = id;
    }

    /** The lowercase name used in the header and as the alert's {@code source}. */
    public String id() {
        return id;
    }

    /** The format with this id, ignoring case and surrounding blanks; empty for anything else. */
    public static Optional<AlertFormat> fromId(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String key = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.id.equals(key)).findFirst();
    }

    /** {@code "alertmanager, grafana, zabbix, generic"}: the formats senders use, for messages ({@link #SLO} is ours). */
    public static String knownIds() {
        return Arrays.stream(values()).filter(f -> f != SLO).map(AlertFormat::id).collect(Collectors.joining(", "));
    }
}
