package dev.itsm.jobs.incident;

import dev.itsm.core.model.Alert;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Incident;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

import java.util.List;

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

    static ValueStateDescriptor<Long> timer(String name) {
        return new ValueStateDescriptor<>(name, Types.LONG);
    }

    static ValueStateDescriptor<String> string(String name) {
        return new ValueStateDescriptor<>(name, Types.STRING);
    }

    static ValueStateDescriptor<List<Long>> stateChanges() {
        return new ValueStateDescriptor<>("state-changes", Types.LIST(Types.LONG));
    }

    /** Incident id → the incident (open, or resolved within its reopen window). */
    static MapStateDescriptor<String, Incident> incidents() {
        return new MapStateDescriptor<>("incidents", Types.STRING, TypeInformation.of(Incident.class));
    }

    /** Alert occurrence id → its membership in an incident. */
    static MapStateDescriptor<String, Member> members() {
        return new MapStateDescriptor<>("members", Types.STRING, TypeInformation.of(Member.class));
    }

    /** CI id → ids of the incidents that have an alert on it, or (the second) on a CI depending on it. */
    static MapStateDescriptor<String, List<String>> incidentIndex(String name) {
        return new MapStateDescriptor<>(name, Types.STRING, Types.LIST(Types.STRING));
    }

    /** Incident id → when its resolve (or close) timer fires. */
    static MapStateDescriptor<String, Long> deadlines(String name) {
        return new MapStateDescriptor<>(name, Types.STRING, Types.LONG);
    }

    /** Timer timestamp → ids of the incidents that have a timer then. */
    static MapStateDescriptor<Long, List<String>> timers() {
        return new MapStateDescriptor<>("timers", Types.LONG, Types.LIST(Types.STRING));
    }

    /** Alerts waiting for the watermark (event-time correlation order), by the event time they are taken at. */
    static MapStateDescriptor<Long, List<EnrichedAlert>> waiting() {
        return new MapStateDescriptor<>("waiting-alerts", Types.LONG, Types.LIST(TypeInformation.of(EnrichedAlert.class)));
    }

    /**
     * Alerts that came at or behind the watermark (event-time correlation order), held for
     * {@link IncidentFunction#LATE_HOLD} or until the watermark moves, then taken together in event-time order.
     */
    static ValueStateDescriptor<List<EnrichedAlert>> late() {
        return new ValueStateDescriptor<>("late-alerts", Types.LIST(TypeInformation.of(EnrichedAlert.class)));
    }

    /** Firing alerts that match an inhibit rule's source matchers, by alert occurrence id. */
    static MapStateDescriptor<String, Alert> inhibitSources() {
        return new MapStateDescriptor<>("inhibit-sources", Types.STRING, TypeInformation.of(Alert.class));
    }

    /** Inhibited alerts by occurrence id: the alert and what inhibits it. */
    static MapStateDescriptor<String, Inhibited> inhibited() {
        return new MapStateDescriptor<>("inhibited", Types.STRING, TypeInformation.of(Inhibited.class));
    }

    /** When an incident was last emitted, and the problem links of it ({@link IncidentActionsFunction}). */
    static ValueStateDescriptor<IncidentActionsFunction.Emitted> emitted() {
        return new ValueStateDescriptor<>("emitted-and-problem-links", TypeInformation.of(IncidentActionsFunction.Emitted.class));
    }

    /** Operator uids: stable, so savepoints survive upgrades. */
    public static final String UID_RAW_SOURCE = "raw-alerts-source";
    public static final String UID_CMDB_SOURCE = "cmdb-source";
    public static final String UID_PROBLEM_LINKS_SOURCE = "problem-links-source";
    public static final String UID_RULES_SOURCE = "rules-source";
    public static final String UID_RULES_CHECK = "rule-packs";
    public static final String UID_PARSE = "parse-alerts";
    public static final String UID_CMDB_SPLIT = "cmdb-records";
    public static final String UID_ALERT_STATE = "alert-state";
    public static final String UID_INCIDENTS = "incident-lifecycle";
    public static final String UID_INCIDENT_ACTIONS = "incident-actions";
    public static final String UID_INCIDENT_FACTS = "incident-facts";

    private IncidentJobDescriptors() {
    }
}
