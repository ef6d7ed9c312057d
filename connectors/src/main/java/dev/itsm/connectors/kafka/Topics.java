package dev.itsm.connectors.kafka;

/** The topic names, without the configurable prefix (see {@link KafkaConfig#topic(String)}). */
public final class Topics {
    /** Raw alert payloads as sent, with a header naming the format. */
    public static final String ALERTS_RAW = "alerts.raw";
    /** Rejected input: the original bytes, with reason, source and time in headers. */
    public static final String ALERTS_DLQ = "alerts.dlq";
    /** Compacted: configuration item and relation upserts; a tombstone deletes. */
    public static final String CMDB = "cmdb";
    /** Compacted: validated rule packs by name. */
    public static final String RULES = "rules";
    /** Compacted: each alert occurrence's state after each change, with its incident id (key: alert id). */
    public static final String ALERTS = "alerts";
    /** Compacted: the whole incident after each change. */
    public static final String INCIDENTS = "incidents";
    public static final String PROBLEMS = "problems";
    /** Which problem an incident belongs to (problem job → incident job); key: incident id. */
    public static final String PROBLEM_LINKS = "problem-links";
    /** What people did to incidents (ack, hold, resume, resolve), for the SLA clocks; key: incident id. */
    public static final String INCIDENT_ACTIONS = "incident-actions";
    public static final String SLA = "sla";
    public static final String SLO = "slo";

    private Topics() {
    }
}
