package dev.itsm.jobs.incident;

import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.alerts.ParseResult;
import dev.itsm.connectors.alerts.ParserSettings;
import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns raw payloads into canonical alerts. A payload that cannot become alerts goes, with its original bytes and
 * the precise reason, to {@link IncidentJobDescriptors#DEAD_LETTERS}; nothing here can fail the job.
 * So does a record stamped further ahead of the job's clock than {@link ClockSkew} allows. Heartbeat records (header
 * {@code itsm.format: heartbeat}) carry no alert: they only advance event time.
 */
public final class ParseFunction extends ProcessFunction<RawRecord, Alert> {
    /** The format header value of a record that only advances event time. */
    public static final String HEARTBEAT = "heartbeat";

    private final ParserSettings settings;
    private final ClockSkew skew;

    private transient AlertParser parser;
    private transient Counter payloadsIn;
    private transient Counter alertsIn;
    private transient Counter heartbeats;
    private transient MetricGroup rejectedGroup;
    private transient Map<String, Counter> rejectedByReason;

    public ParseFunction(ParserSettings settings, Duration maxClockSkew) {
        this.settings = settings;
        this.skew = ClockSkew.of(maxClockSkew);
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new AlertParser(settings);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        payloadsIn = metrics.counter("payloadsIn");
        alertsIn = metrics.counter("alertsIn");
        heartbeats = metrics.counter("heartbeatsIn");
        rejectedGroup = metrics;
        rejectedByReason = new HashMap<>();
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Alert> out) {
        String format = raw.header(AlertParser.FORMAT_HEADER);
        if (HEARTBEAT.equals(format)) {
            heartbeats.inc();
            return;
        }
        payloadsIn.inc();
        long now = System.currentTimeMillis();
        ParseResult result = skew.isAhead(raw.timestamp(), now) ? ParseResult.rejected(skew.reject(raw, now))
                : parser.parse(raw.value(), format, Instant.ofEpochMilli(raw.timestamp()));
        if (result.isRejected()) {
            DeadLetter letter = result.rejected().withOrigin(raw.topic(), raw.partition(), raw.offset());
            rejectedByReason.computeIfAbsent(letter.errorType(),
                    type -> rejectedGroup.addGroup("reason", type).counter("alertsRejected")).inc();
            ctx.output(IncidentJobDescriptors.DEAD_LETTERS, letter);
            return;
        }
        for (Alert alert : result.alerts()) {
            alertsIn.inc();
            out.collect(alert);
        }
    }
}
