package dev.itsm.jobs.incident;

import dev.itsm.core.model.Alert;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Incident;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The incident job's side outputs, state descriptors and operator ids, in one place. */
public final class IncidentJobDescriptors {

    /** Input that could not become an alert: it goes to the dead-letter topic with the original bytes. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** Alerts later than the allowed lateness: kept (to the dead-letter topic as error type {@code late}), counted. */
    public static final OutputTag<Alert> LATE_ALERTS = new OutputTag<>("late-alerts", TypeInformation.of(Alert.class));

    /** Each alert occurrence's new state with its incident id, for the alerts index. */
    public static final OutputTag<AlertUpdate> ALERT_UPDATES = new OutputTag<>("alert-updates", TypeInformation.of(AlertUpdate.class));

    static ValueStateDescriptor<Alert> occurrence() {
        return new ValueStateDescriptor<>("occurrence", TypeInformation.of(Alert.class));
    }

    static ValueStateDescriptor<Long> clearTimer() {
        return new ValueStateDescriptor<>("clear-timer", TypeInformation.of(Long.class));
    }

    static ValueStateDescriptor<Incident> incident() {
        return new ValueStateDescriptor<>("incident", TypeInformation.of(Incident.class));
    }

    static ValueStateDescriptor<Long> resolveTimer() {
        return new ValueStateDescriptor<>("resolve-timer", TypeInformation.of(Long.class));
    }

    static ValueStateDescriptor<Long> closeTimer() {
        return new ValueStateDescriptor<>("close-timer", TypeInformation.of(Long.class));
    }

    /** Operator uids: stable, so savepoints survive upgrades. */
    public static final String UID_RAW_SOURCE = "raw-alerts-source";
    public static final String UID_CMDB_SOURCE = "cmdb-source";
    public static final String UID_PARSE = "parse-alerts";
    public static final String UID_CMDB_SPLIT = "cmdb-records";
    public static final String UID_ALERT_STATE = "alert-state";
    public static final String UID_ENRICH = "cmdb-enrichment";
    public static final String UID_INCIDENTS = "incident-lifecycle";

    private IncidentJobDescriptors() {
    }
}
