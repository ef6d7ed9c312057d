package dev.itsm.jobs.sla;

import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.jobs.IncidentFacts;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.jobs.EitherStreams;
import dev.itsm.rules.RulePack;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.time.Duration;

import static dev.itsm.jobs.sla.SlaJobDescriptors.UID_CLOCKS;

/**
 * The SLA clocks as a stage of the incident job's graph: incident changes (straight from the incident lifecycle
 * operator, not through Kafka) and incident actions → keyed by incident id → the response and resolution clocks of
 * each incident ({@link SlaFunction}).
 *
 * <p>Why inside the incident job: the incident job emits a change its timers make (a resolve after the resolve hold)
 * just before its watermark passes the change's time. Downstream in the same graph, the clocks see that change before
 * that watermark, so a threshold never fires before a change that would have stopped it. A separate job reading the
 * incidents topic re-derives event time from the newest change it read, which can run ahead of those late-emitted
 * changes: an incident resolved five seconds before its target then breached.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<SlaStatus> statuses = SlaStage.build(rules, incidents, actions, rulePacks);
 * statuses.sinkTo(slaTopicSink);
 * }</pre>
 */
public final class SlaStage {

    /** How long an actions partition may be silent before event time moves on without it. */
    static final Duration ACTIONS_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private SlaStage() {
    }

    /**
     * Event time of actions: their {@code at}, with the pack's bounded out-of-orderness. An actions partition that
     * has records holds the clocks' event time back until they are read, so an action is never read after a
     * threshold it would have changed; one that has been silent for {@link #ACTIONS_IDLE_TIMEOUT} does not hold it
     * back (people act rarely). An action read after the clocks' event time passed it (it was sent late, or its
     * partition had gone idle) applies at the clock's last change (see {@link SlaFunction}).
     */
    public static WatermarkStrategy<IncidentAction> actionWatermarks(RulePack rules) {
        return WatermarkStrategy.<IncidentAction>forBoundedOutOfOrderness(rules.outOfOrderness())
                .withTimestampAssigner((action, previous) -> action.at().toEpochMilli())
                .withIdleness(ACTIONS_IDLE_TIMEOUT);
    }

    /**
     * Adds the clocks to the graph.
     *
     * @param incidents the incident lifecycle operator's output, with its timestamps and watermarks
     * @param actions   incident actions with {@link #actionWatermarks} applied at their source
     * @param rulePacks the checked rule packs published while the job runs (see {@code ActiveRulePack})
     * @return the SLA changelog: every change of a clock as its whole status
     */
    public static SingleOutputStreamOperator<SlaStatus> build(RulePack rules, DataStream<IncidentFacts> incidents,
                                                              DataStream<IncidentAction> actions,
                                                              BroadcastStream<RulePackRecord> rulePacks) {
        return EitherStreams.union(incidents, actions)
                .keyBy(SlaFunction::incidentId)
                .connect(rulePacks)
                .process(new SlaFunction(rules)).uid(UID_CLOCKS).name("sla clocks");
    }
}
