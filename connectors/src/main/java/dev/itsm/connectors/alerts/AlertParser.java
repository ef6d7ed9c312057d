package dev.itsm.connectors.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.core.model.DeadLetter;
import java.io.Serializable;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses one raw alert payload (a Kafka record value of {@code itsm.alerts.raw}) into canonical
 * {@link dev.itsm.core.model.Alert}s, or into a {@link DeadLetter} that says precisely what is wrong and where.
 * Formats: {@link AlertFormat}; field mapping, detection order and rejection reasons: ALERT-FORMATS.md.
 *
 * <p>Contract: {@link #parse} returns exactly one of a non-empty list of alerts or a dead letter, for any bytes
 * whatsoever (random, invalid UTF-8, truncated, 10,000 levels deep, oversized); it does not throw. Steps, each of
 * which can reject: size (before anything is read), the record's time (years 2000..2100), format header, UTF-8, JSON
 * (depth limit 64, no duplicate keys), format detection, the format's fields, each alert's size. A payload with several alerts (an Alertmanager or Grafana group, a generic
 * batch) is accepted or rejected as a whole.
 *
 * <p>The result depends only on the arguments (no clock, no randomness): a replay yields the same alerts with the
 * same ids. Thread-safe; serializable, so a Flink function can hold it.
 *
 * <pre>{@code
 * AlertParser parser = new AlertParser(ParserSettings.defaults());
 * ParseResult result = parser.parse(record.value(), record.header(AlertParser.FORMAT_HEADER),
 *         Instant.ofEpochMilli(record.timestamp()));
 * if (result.isRejected()) {
 *     ctx.output(deadLetters, result.rejected().withOrigin(record.topic(), record.partition(), record.offset()));
 * } else {
 *     result.alerts().forEach(out::collect);
 * }
 * }</pre>
 */
public final class AlertParser implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Kafka header naming the payload's format: {@code alertmanager}, {@code grafana}, {@code zabbix}, {@code generic},
     * or {@code slo} (the SLO functions' burn-rate alerts).
     */
    public static final String FORMAT_HEADER = "itsm.format";

    /** Most labels, and most annotations, one alert may carry; more is rejected. */
    public static final int MAX_LABELS = Fields.MAX_LABELS;

    /** Most characters of one alert's JSON (an element of a group or batch, or a whole single alert). */
    public static final int MAX_ALERT_CHARS = Fields.MAX_ALERT_CHARS;

    /**
     * Error type of a dead letter caused by a defect in this parser rather than in the payload; the payload still
     * goes to the dead-letter topic (not lost, replayable after a fix) instead of failing the job over and over.
     */
    public static final String PARSER_ERROR = "parser_error";

    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_QUOTED_HINT = 40;
    private static final Map<AlertFormat, FormatAdapter> ADAPTERS = new EnumMap<>(Map.of(
            AlertFormat.ALERTMANAGER, AlertGroupAdapter.ALERTMANAGER,
            AlertFormat.GRAFANA, AlertGroupAdapter.GRAFANA,
            AlertFormat.ZABBIX, ZabbixAdapter.INSTANCE,
            AlertFormat.GENERIC, GenericAdapter.INSTANCE,
            AlertFormat.SLO, GenericAdapter.SLO));

    private final ParserSettings settings;

    public AlertParser(ParserSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
    }

    public ParserSettings settings() {
        return settings;
    }

    /**
     * @param payload    the record value; {@code null} (a tombstone) is treated as empty and rejected
     * @param formatHint the {@value #FORMAT_HEADER} header, or {@code null}/blank to detect the format
     * @param sentAt     the record's timestamp: every alert's {@code timestamp}, the default start of a generic
     *                   alert, and the dead letter's time
     * @throws NullPointerException only for a {@code null} sentAt (a caller's bug, not bad input)
     */
    public ParseResult parse(byte[] payload, String formatHint, Instant sentAt) {
        Objects.requireNonNull(sentAt, "sentAt must not be null");
        byte[] bytes = payload == null ? EMPTY : payload;
        String hint = formatHint == null || formatHint.isBlank() ? null : formatHint.strip();
        Optional<AlertFormat> hinted = AlertFormat.fromId(hint);
        String source = hint == null ? null : hinted.map(AlertFormat::id).orElse(shorten(hint));
        try {
            if (bytes.length > settings.maxPayloadBytes()) {
                throw new Rejection(DeadLetter.TOO_LARGE, "payload of " + Describe.count(bytes.length)
                        + " bytes exceeds the limit of " + Describe.count(settings.maxPayloadBytes()) + " bytes");
            }
            if (!Times.accepted(sentAt)) {
                throw new Rejection(DeadLetter.CLOCK_SKEW, "record timestamp " + sentAt + " is outside the accepted years "
                        + Times.ACCEPTED_YEARS + " (the sender's clock is wrong, or it wrote seconds, not milliseconds)");
            }
            if (hint != null && hinted.isEmpty()) {
                throw new Rejection(DeadLetter.UNKNOWN_FORMAT, "unknown format " + Describe.quote(shorten(hint))
                        + " (known: " + AlertFormat.knownIds() + ")");
            }
            JsonNode root = JsonPayloads.parse(bytes);
            AlertFormat format = hinted.isPresent() ? hinted.get() : FormatDetector.detect(root);
            source = format.id();
            return ParseResult.ok(ADAPTERS.get(format).toAlerts(root, new AlertAssembler(settings, format, sentAt)));
        } catch (Rejection r) {
            return ParseResult.rejected(DeadLetter.of(bytes, r.errorType(), r.reason(), source, sentAt));
        } catch (RuntimeException e) {
            // A bug of ours (or of the rule pack's severity words): park the payload rather than fail the job on
            // it forever; the reason says it is not the sender's fault.
            String problem = (e.getClass().getSimpleName() + ": " + e.getMessage()).replace('\n', ' ');
            return ParseResult.rejected(DeadLetter.of(bytes, PARSER_ERROR,
                    "internal parser error (please report): " + problem, source, sentAt));
        }
    }

    private static String shorten(String text) {
        return text.length() <= MAX_QUOTED_HINT ? text : text.substring(0, MAX_QUOTED_HINT) + "...";
    }
}
