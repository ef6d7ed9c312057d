package dev.itsm.jobs.sla;

import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.jobs.incident.IncidentJob;
import dev.itsm.rules.RulePack;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.time.Duration;

import static dev.itsm.jobs.sla.SlaJobDescriptors.UID_CLOCKS;

/**
 * The SLA job's graph: incident changes and incident actions → keyed by incident id → the response and resolution
 * clocks of each incident ({@link SlaFunction}) → the SLA changelog.
 *
 * <p>It takes its inputs and sink from the caller, so tests hand it test sources and sinks and {@link SlaJobRunner}
 * the real Kafka ones.
 *
 * <pre>{@code
 * SlaJob job = new SlaJob(RulePackLoader.loadDefault());
 * DataStream<Incident> incidents = env.fromSource(kafkaIncidentsSource, job.watermarks(), "incidents");
 * DataStream<IncidentAction> actions = env.fromSource(kafkaActionsSource, SlaJob.actionWatermarks(), "actions");
 * job.build(incidents, actions, slaTopicSink);
 * }</pre>
 */
public final class SlaJob {

    /** How long an incidents partition may be silent before event time moves on without it. */
    static final Duration SOURCE_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final RulePack rules;

    public SlaJob(RulePack rules) {
        this.rules = rules;
    }

    /**
     * Event time of incident changes: their {@code updated} timestamp, with the rule pack's bounded out-of-orderness.
     * The incidents drive event time, so the thresholds fire as the incident changelog moves on.
     */
    public WatermarkStrategy<Incident> watermarks() {
        return WatermarkStrategy.<Incident>forBoundedOutOfOrderness(rules.outOfOrderness())
                .withTimestampAssigner((incident, previous) -> incident.updated().toEpochMilli())
                .withIdleness(SOURCE_IDLE_TIMEOUT);
    }

    /**
     * Event time of actions, their {@code at}, but an input that never holds event time back (like the incident
     * job's CMDB input): people act rarely, and a quiet actions topic must not stop the clocks' timers. An action
     * that comes after the watermark passed its time applies at the clock's last change (see {@link SlaFunction}).
     */
    public static WatermarkStrategy<IncidentAction> actionWatermarks() {
        return IncidentJob.<IncidentAction>idleForever()
                .withTimestampAssigner((action, previous) -> action.at().toEpochMilli());
    }

    /** Builds the graph on the given inputs and attaches the sink. */
    public void build(DataStream<Incident> incidents, DataStream<IncidentAction> actions, Sink<SlaStatus> sink) {
        SingleOutputStreamOperator<SlaStatus> statuses = incidents
                .keyBy(Incident::id)
                .connect(actions.keyBy(IncidentAction::incidentId))
                .process(new SlaFunction(rules)).uid(UID_CLOCKS).name("sla clocks");
        statuses.sinkTo(sink).uid("sla-topic-sink").name("sla to Kafka");
    }
}
