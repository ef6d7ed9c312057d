package dev.itsm.jobs.slo;

import dev.itsm.jobs.IncidentFacts;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.rules.RulePack;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which business services an incident (the key: incident id) makes unavailable, as a stream of starts and stops per
 * service for {@link SloFunction}.
 *
 * <p>An incident makes a service unavailable while it is open (not resolved or closed), one of its alerts other than
 * a burn-rate alert (source {@code slo}) is firing, it lists the service among its impacted services, the service has
 * an SLO ({@link RulePack#sloFor}, its own or the {@code "*"} one) and the SLO's {@code unavailable-when} holds for
 * the incident's priority and impact. So the unavailability ends when the last real alert resolves, not after the
 * incident's resolve hold; and burn-rate alerts never count: a burn-rate alert that joined an incident, or made one
 * of its own, would otherwise keep burning the budget it warns about (and keep its incident open for good).
 *
 * <p>Each change computes the new set of services and emits a {@link ServiceImpact} for each difference (stops
 * first), at the change's {@code updated}. Revisions not newer than the latest seen are ignored (replays); the state
 * is cleared when the incident closes.
 *
 * <p><b>Rules.</b> A rule pack published while the job runs (the broadcast input, {@link ActiveRulePack}) decides, from
 * the moment it arrives, which services count for the incidents changed after it; an incident's services are not
 * recomputed until it changes.
 */
public final class ServiceImpactFunction extends KeyedBroadcastProcessFunction<String, IncidentFacts, RulePackRecord, ServiceImpact> {
    private final ActiveRulePack active;

    private transient RulePack rules;
    private transient ValueState<IncidentImpact> impact;

    /** @param rules the start-up pack, until one arrives on the broadcast input */
    public ServiceImpactFunction(RulePack rules) {
        this.active = new ActiveRulePack(rules);
        this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
        active.open(getRuntimeContext());
        impact = getRuntimeContext().getState(SloJobDescriptors.incidentImpact());
    }

    @Override
    public void processElement(IncidentFacts incident, ReadOnlyContext ctx, Collector<ServiceImpact> out) throws Exception {
        rules = active.get(ctx.getBroadcastState(ActiveRulePack.STATE));
        IncidentImpact seen = impact.value();
        if (seen != null && incident.revision() <= seen.revision()) {
            return; // a replayed or out-of-date revision
        }
        List<String> before = seen == null ? List.of() : seen.services();
        List<String> now = unavailable(incident);
        Instant at = incident.updated();
        for (String service : before) {
            if (!now.contains(service)) {
                out.collect(new ServiceImpact(service, incident.id(), false, at));
            }
        }
        for (String service : now) {
            if (!before.contains(service)) {
                out.collect(new ServiceImpact(service, incident.id(), true, at));
            }
        }
        if (incident.status() == IncidentStatus.CLOSED) {
            impact.clear();
        } else {
            impact.update(new IncidentImpact(incident.revision(), now));
        }
    }

    /** The services this revision of the incident makes unavailable, in its order. */
    List<String> unavailable(IncidentFacts incident) {
        if (incident.status() == IncidentStatus.RESOLVED || incident.status() == IncidentStatus.CLOSED
                || !incident.realAlertFiring()) {
            return List.of();
        }
        var services = new ArrayList<String>();
        for (String service : incident.impactedServices()) {
            if (!services.contains(service) && rules.sloFor(service)
                    .filter(slo -> slo.makesUnavailable(incident.priority(), incident.impact())).isPresent()) {
                services.add(service);
            }
        }
        return List.copyOf(services);
    }


    @Override
    public void processBroadcastElement(RulePackRecord pack, Context ctx, Collector<ServiceImpact> out) throws Exception {
        active.activate(pack, ctx.getBroadcastState(ActiveRulePack.STATE));
    }
}
