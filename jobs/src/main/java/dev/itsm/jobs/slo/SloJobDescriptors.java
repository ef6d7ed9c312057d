package dev.itsm.jobs.slo;

import dev.itsm.connectors.kafka.RawRecord;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

/** The SLO functions' state descriptors, side output and operator ids, in one place. */
public final class SloJobDescriptors {

    /** Burn-rate alerts (generic JSON, header {@code itsm.format: slo}) for the raw alerts topic. */
    public static final OutputTag<RawRecord> BURN_RATE_ALERTS =
            new OutputTag<>("burn-rate-alerts", TypeInformation.of(RawRecord.class));

    /** Operator uids: stable, so savepoints survive upgrades. */
    public static final String UID_SERVICE_IMPACT = "slo-service-impact";
    public static final String UID_SLO = "slo-budgets";

    /** {@link ServiceImpactFunction}: the incident's latest revision and the services it makes unavailable. */
    static ValueStateDescriptor<IncidentImpact> incidentImpact() {
        return new ValueStateDescriptor<>("incident-impact", TypeInformation.of(IncidentImpact.class));
    }

    /** {@link SloFunction}: the incidents that make the service unavailable now, to since when (epoch ms). */
    static MapStateDescriptor<String, Long> impacts() {
        return new MapStateDescriptor<>("impacts", Types.STRING, Types.LONG);
    }

    /** {@link SloFunction}: the service's slices, bad runs and firing pairs. */
    static ValueStateDescriptor<SloTrack> track() {
        return new ValueStateDescriptor<>("slo-track", TypeInformation.of(SloTrack.class));
    }

    /** {@link SloFunction}: inputs ahead of the watermark, applied when it passes them. */
    static ListStateDescriptor<ServiceImpact> pending() {
        return new ListStateDescriptor<>("pending-impacts", TypeInformation.of(ServiceImpact.class));
    }

    /** {@link SloFunction}: the last revision and decided slice; kept when the rest is cleared (see there). */
    static ValueStateDescriptor<SloMemory> memory() {
        return new ValueStateDescriptor<>("slo-memory", TypeInformation.of(SloMemory.class));
    }

    /** {@link SloFunction}: when the key's one event-time timer fires. */
    static ValueStateDescriptor<Long> timer() {
        return new ValueStateDescriptor<>("timer", Types.LONG);
    }

    private SloJobDescriptors() {
    }
}
