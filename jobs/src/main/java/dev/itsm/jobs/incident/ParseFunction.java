package dev.itsm.jobs.incident;

import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.alerts.ParseResult;
import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.rules.RulePack;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
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
 *
 * <p>The parser's settings (size limit, severity words, identifying labels) come from the rule pack; a pack published
 * while the job runs (the broadcast input, see {@link ActiveRulePack}) applies to every payload parsed after it arrived.
 */
public final class ParseFunction extends BroadcastProcessFunction<RawRecord, RulePackRecord, Alert> {
    /** The format header value of a record that only advances event time. */
    public static final String HEARTBEAT = "heartbeat";

    private final ActiveRulePack active;
    private final ClockSkew skew;

    private transient RulePack parserRules;
    private transient AlertParser parser;
    private transient Counter payloadsIn;
    private transient Counter alertsIn;
    private transient Counter heartbeats;
    private transient MetricGroup rejectedGroup;
    private transient Map<String, Counter> rejectedByReason;

    /**
     * @param rules        the start-up pack, until one arrives on the broadcast input
     * @param maxClockSkew how far ahead of the job's clock a record may be stamped (see {@link ClockSkew})
     */
    public ParseFunction(RulePack rules, Duration maxClockSkew) {
        this.active = new ActiveRulePack(rules);
        this.skew = ClockSkew.of(maxClockSkew);
    }

    @Override
    public void open(OpenContext openContext) {
        active.open(getRuntimeContext());
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        payloadsIn = metrics.counter("payloadsIn");
        alertsIn = metrics.counter("alertsIn");
        heartbeats = metrics.counter("heartbeatsIn");
        rejectedGroup = metrics;
        rejectedByReason = new HashMap<>();
    }

    @Override
    public void processElement(RawRecord raw, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        RulePack rules = active.get(ctx.getBroadcastState(ActiveRulePack.STATE));
        if (rules != parserRules) {
            parser = new AlertParser(IncidentJob.parserSettings(rules));
            parserRules = rules;
        }
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

    @Override
    public void processBroadcastElement(RulePackRecord pack, Context ctx, Collector<Alert> out) throws Exception {
        active.activate(pack, ctx.getBroadcastState(ActiveRulePack.STATE));
    }
}
