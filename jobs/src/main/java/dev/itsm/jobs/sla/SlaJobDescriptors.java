package dev.itsm.jobs.sla;

import dev.itsm.core.model.IncidentAction;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** The SLA clocks' state descriptors and operator ids, in one place. */
public final class SlaJobDescriptors {

    /** What the job knows of the key's incident; empty before its first change is seen and after it closed. */
    static ValueStateDescriptor<SlaIncident> incident() {
        return new ValueStateDescriptor<>("incident", TypeInformation.of(SlaIncident.class));
    }

    /** The response clock. */
    static ValueStateDescriptor<SlaClock> response() {
        return new ValueStateDescriptor<>("response-clock", TypeInformation.of(SlaClock.class));
    }

    /** The resolution clock. */
    static ValueStateDescriptor<SlaClock> resolution() {
        return new ValueStateDescriptor<>("resolution-clock", TypeInformation.of(SlaClock.class));
    }

    /** Actions that came before any change of their incident, applied when the first one comes. */
    static ListStateDescriptor<IncidentAction> pendingActions() {
        return new ListStateDescriptor<>("pending-actions", TypeInformation.of(IncidentAction.class));
    }

    /** When the key's one event-time timer fires. */
    static ValueStateDescriptor<Long> timer() {
        return new ValueStateDescriptor<>("timer", Types.LONG);
    }

    /** Operator uids: stable, so savepoints survive upgrades. */
    public static final String UID_ACTIONS_SOURCE = "incident-actions-source";
    public static final String UID_CLOCKS = "sla-clocks";

    private SlaJobDescriptors() {
    }
}
