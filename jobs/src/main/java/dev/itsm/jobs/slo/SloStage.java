package dev.itsm.jobs.slo;

import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.jobs.IncidentFacts;
import dev.itsm.core.model.SloStatus;
import dev.itsm.rules.RulePack;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The SLO stage of the incident job's graph (beside the SLA clocks, on the same event time): incidents in, one {@link SloStatus} per service and window out, with the
 * burn-rate alerts as a side output.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<SloStatus> slos = SloStage.build(rules, incidents, rulePacks);
 * slos.sinkTo(sloSink);
 * slos.getSideOutput(SloJobDescriptors.BURN_RATE_ALERTS).sinkTo(KafkaConnectors.rawSink(kafka, Topics.ALERTS_RAW));
 * }</pre>
 */
public final class SloStage {

    private SloStage() {
    }

    /**
     * Incidents by id to the services they make unavailable, then by service to its SLO; both with the checked rule
     * packs published while the job runs (see {@code ActiveRulePack}).
     */
    public static SingleOutputStreamOperator<SloStatus> build(RulePack rules, DataStream<IncidentFacts> incidents,
                                                              BroadcastStream<RulePackRecord> rulePacks) {
        return incidents
                .keyBy(IncidentFacts::id)
                .connect(rulePacks)
                .process(new ServiceImpactFunction(rules))
                .uid(SloJobDescriptors.UID_SERVICE_IMPACT)
                .name("service impact")
                .keyBy(ServiceImpact::service)
                .connect(rulePacks)
                .process(new SloFunction(rules))
                .uid(SloJobDescriptors.UID_SLO)
                .name("slo budgets");
    }
}
