package dev.itsm.jobs.incident;

import dev.itsm.connectors.alerts.ParserSettings;
import dev.itsm.connectors.alerts.SeverityWords;
import dev.itsm.connectors.cmdb.CmdbChange;
import dev.itsm.connectors.cmdb.CmdbRecord;
import dev.itsm.connectors.cmdb.CmdbSnapshot;
import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.core.model.SloStatus;
import dev.itsm.jobs.JobOptions;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.jobs.EitherStreams;
import dev.itsm.jobs.IncidentFacts;
import dev.itsm.jobs.NeverIdle;
import dev.itsm.jobs.RulePackChecker;
import dev.itsm.jobs.problem.ProblemLink;
import dev.itsm.jobs.sla.SlaStage;
import dev.itsm.jobs.slo.SloJobDescriptors;
import dev.itsm.jobs.slo.SloStage;
import dev.itsm.rules.RulePack;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Either;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.itsm.jobs.incident.IncidentJobDescriptors.*;

/**
 * The incident job's graph: raw payloads → parse (bad input to the dead-letter sink) → per fingerprint: deduplicate,
 * detect flapping, apply maintenance windows and silences, enrich from the CMDB (broadcast; late alerts to the
 * dead-letter sink) → per correlation key (topology region): correlate into incidents → per incident: what people
 * did to it and the problem job's links ({@link IncidentActionsFunction}: acknowledged, on hold, resolved;
 * {@code problem.id}) → the incidents and alerts changelog topics; and, in the same
 * graph so that they share its event time, the incidents and the incident actions → per incident: the SLA clocks
 * ({@link SlaStage}) → the SLA changelog topic, and the incidents → per business service:
 * availability SLOs ({@link SloStage}) → the SLO changelog topic, with burn-rate alerts back to the raw alerts topic.
 * Elasticsearch is fed from those topics by {@code IndexerJob}, so a slow or unavailable Elasticsearch never slows
 * incident handling down.
 *
 * <p>Rule packs published while the job runs (the rules topic) are checked ({@link RulePackChecker}) and broadcast to
 * every operator that reads rules: parse, alert state, incidents, SLA clocks, service impact and SLOs; each switches
 * when the pack reaches it ({@link ActiveRulePack}). Only the watermarks' out-of-orderness stays the start-up pack's
 * (it is fixed when the sources start).
 *
 * <p>It takes its inputs and outputs from the caller, so tests hand it test sources and sinks and {@link
 * IncidentJobRunner} the real Kafka and Elasticsearch ones.
 *
 * <pre>{@code
 * IncidentJob job = new IncidentJob(RulePackLoader.loadDefault(), CmdbFiles.load(path).snapshot());
 * DataStream<RawRecord> raw = env.fromSource(kafkaRawSource, job.watermarks(), "raw alerts");
 * job.build(new IncidentJob.Inputs(raw, cmdbRecords, problemLinks, actions, rulePacks),
 *         new IncidentJob.Sinks(incidentsTopic, alertsTopic, deadLetters, slaTopic, sloTopic, rawAlertsTopic));
 * }</pre>
 */
public final class IncidentJob {

    /**
     * What the job reads.
     *
     * @param raw          raw alert payloads, with {@link #watermarks()} applied at their source
     * @param cmdbRecords  CMDB upserts and deletes, with {@link #idleForever()} watermarks
     * @param problemLinks which problem the problem job linked an incident to, with {@link #idleForever()} watermarks
     * @param actions      what people did to incidents (acknowledge, hold, resume, resolve), with
     *                     {@link SlaStage#actionWatermarks} applied at their source
     * @param rulePacks    the rules topic's records as read, with {@link #idleForever()} watermarks
     */
    public record Inputs(DataStream<RawRecord> raw, DataStream<CmdbRecord> cmdbRecords,
                         DataStream<ProblemLink> problemLinks, DataStream<IncidentAction> actions,
                         DataStream<RawRecord> rulePacks) {
    }

    /**
     * Where the job's results go: changelog topics (Elasticsearch is fed from them by {@code IndexerJob}).
     *
     * @param burnRateAlerts the raw alerts topic, where SLO burn-rate alerts go to come back as alerts; {@code null}
     *                       keeps them out ({@link IncidentJobOptions#SLO_BURN_RATE_ALERTS})
     */
    public record Sinks(Sink<Incident> incidents, Sink<AlertUpdate> alerts, Sink<DeadLetter> deadLetters,
                        Sink<SlaStatus> sla, Sink<SloStatus> slo, Sink<RawRecord> burnRateAlerts) {
    }

    /** How long a source subtask of the CMDB, problem-link and rule-pack streams may be silent ({@link #idleForever()}). */
    static final Duration SOURCE_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final RulePack rules;
    private final CmdbSnapshot cmdb;
    private final IncidentJobOptions.CorrelationOrder order;
    private final Duration maxClockSkew;
    private final Duration sourceIdleTimeout;

    public IncidentJob(RulePack rules, CmdbSnapshot bootstrapCmdb) {
        this(rules, bootstrapCmdb, IncidentJobOptions.CORRELATION_ORDER.defaultValue(),
                IncidentJobOptions.MAX_CLOCK_SKEW.defaultValue(), JobOptions.SOURCE_IDLE_TIMEOUT.defaultValue());
    }

    /**
     * @param maxClockSkew      how far ahead of the job's clock a raw record's timestamp may be ({@link ClockSkew})
     * @param sourceIdleTimeout how long a raw alerts partition may be silent before event time moves on without it
     *                          ({@link IncidentJobOptions#SOURCE_IDLE_TIMEOUT})
     */
    public IncidentJob(RulePack rules, CmdbSnapshot bootstrapCmdb, IncidentJobOptions.CorrelationOrder order,
                       Duration maxClockSkew, Duration sourceIdleTimeout) {
        this.rules = rules;
        this.cmdb = bootstrapCmdb;
        this.order = order;
        this.maxClockSkew = maxClockSkew;
        this.sourceIdleTimeout = sourceIdleTimeout;
    }

    /**
     * Event time of raw records: their Kafka timestamp (when the sender sent them), with the rule pack's bounded
     * out-of-orderness; a timestamp too far ahead of the clock moves nothing ({@link ClockSkew}). Apply it at the
     * source, so each Kafka partition has its own watermark.
     */
    public WatermarkStrategy<RawRecord> watermarks() {
        ClockSkew skew = ClockSkew.of(maxClockSkew);
        Duration outOfOrderness = rules.outOfOrderness();
        return WatermarkStrategy.<RawRecord>forGenerator(context -> skew.watermarks(outOfOrderness))
                .withTimestampAssigner((raw, previous) -> raw.timestamp())
                // a source subtask without a partition, or a partition nobody sends to, must not hold event time back
                .withIdleness(sourceIdleTimeout);
    }

    /**
     * For the CMDB, problem-link and rule-pack streams: they carry no event time, so they declare themselves idle;
     * otherwise, as an input of the enrichment (or of any operator with the rule packs as broadcast input), their
     * missing watermark would hold event time back for good and no timer would ever fire.
     */
    public static <T> WatermarkStrategy<T> idleForever() {
        return WatermarkStrategy.forGenerator(context -> new WatermarkGenerator<T>() {
            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.markIdle();
            }
        }).withIdleness(SOURCE_IDLE_TIMEOUT); // covers a source subtask that has no partition to read at all
    }

    /** Builds the graph on the given inputs and attaches the sinks. */
    public void build(Inputs inputs, Sinks sinks) {
        DataStream<RulePackRecord> packs = inputs.rulePacks()
                .process(new RulePackChecker(rules.name())).uid(UID_RULES_CHECK).name("check rule packs");
        BroadcastStream<RulePackRecord> rulePacks = packs.broadcast(ActiveRulePack.STATE);

        SingleOutputStreamOperator<Alert> alerts = inputs.raw()
                .connect(rulePacks)
                .process(new ParseFunction(rules, maxClockSkew)).uid(UID_PARSE).name("parse alerts");

        SingleOutputStreamOperator<CmdbChange> cmdbChanges = inputs.cmdbRecords()
                .process(new CmdbRecordSplitter()).uid(UID_CMDB_SPLIT).name("check CMDB records");
        BroadcastStream<Either<CmdbChange, RulePackRecord>> cmdbAndRules = EitherStreams.union(cmdbChanges, packs)
                .broadcast(AlertStateFunction.CHANGES, ActiveRulePack.STATE);
        SingleOutputStreamOperator<EnrichedAlert> enriched = alerts
                .keyBy(Alert::fingerprint)
                .connect(cmdbAndRules)
                .process(new AlertStateFunction(rules, this.cmdb))
                .uid(UID_ALERT_STATE).name("deduplicate, flapping, maintenance, CMDB");

        SingleOutputStreamOperator<Incident> incidents = NeverIdle.after(enriched, UID_ALERT_STATE + "-never-idle")
                .keyBy(EnrichedAlert::correlationKey)
                .connect(rulePacks)
                .process(new IncidentFunction(rules, order == IncidentJobOptions.CorrelationOrder.EVENT_TIME)).uid(UID_INCIDENTS).name("incidents");

        incidents.getSideOutput(ALERT_UPDATES).sinkTo(sinks.alerts()).uid("alerts-topic-sink").name("alerts to Kafka");
        // the SLA clocks and SLOs must see every change the lifecycle's timers make before the watermark that follows
        // the problem job's links join after the lifecycle, with the actions, so that when they come changes nothing in
        // the lifecycle (one operator: one copy of each incident in state, one shuffle of the incidents)
        DataStream<Incident> changes = NeverIdle.after(incidents, UID_INCIDENTS + "-never-idle")
                .keyBy(Incident::id)
                .connect(EitherStreams.union(inputs.actions(), inputs.problemLinks()).keyBy(IncidentActionsFunction::incidentId))
                .process(new IncidentActionsFunction()).uid(UID_INCIDENT_ACTIONS).name("apply incident actions and problem links");
        changes.sinkTo(sinks.incidents()).uid("incidents-topic-sink").name("incidents to Kafka");
        // chained to the actions operator: the key-bys below move these few fields, not whole incidents
        DataStream<IncidentFacts> facts = changes.map(IncidentFacts::of).uid(UID_INCIDENT_FACTS).name("incident facts");
        SlaStage.build(rules, facts, inputs.actions(), rulePacks).sinkTo(sinks.sla()).uid("sla-topic-sink").name("sla to Kafka");
        SingleOutputStreamOperator<SloStatus> slos = SloStage.build(rules, facts, rulePacks);
        slos.sinkTo(sinks.slo()).uid("slo-topic-sink").name("slo to Kafka");
        if (sinks.burnRateAlerts() != null) {
            slos.getSideOutput(SloJobDescriptors.BURN_RATE_ALERTS).sinkTo(sinks.burnRateAlerts())
                    .uid("burn-rate-alerts-sink").name("burn-rate alerts to the raw alerts topic");
        }

        DataStream<DeadLetter> late = enriched.getSideOutput(LATE_ALERTS).map(IncidentJob::lateLetter).name("late alerts");
        alerts.getSideOutput(DEAD_LETTERS).union(late, cmdbChanges.getSideOutput(DEAD_LETTERS))
                .sinkTo(sinks.deadLetters()).uid("dead-letter-sink").name("dead letters to Kafka");
    }

    /** The parser's settings from the rule pack: size limit, severities and identifying labels per source. */
    public static ParserSettings parserSettings(RulePack rules) {
        Map<String, List<String>> identifying = new LinkedHashMap<>();
        for (String source : RulePack.SOURCES) {
            identifying.put(source, rules.identifyingLabels(source));
        }
        return new ParserSettings(rules.maxPayloadBytes(), rules.defaultSeverity(), SeverityWords.of(rules.severityAliases()), identifying);
    }

    static DeadLetter lateLetter(Alert alert) {
        byte[] original = alert.raw() == null ? new byte[0] : alert.raw().getBytes(StandardCharsets.UTF_8);
        return DeadLetter.of(original, "late", "alert " + alert.name() + " (" + alert.fingerprint() + ") sent at " + alert.timestamp()
                + " arrived later than the allowed lateness behind the watermark", alert.source(), alert.timestamp());
    }
}
