package dev.itsm.jobs.incident;

import org.apache.flink.configuration.ConfigOption;

import java.time.Duration;

import static org.apache.flink.configuration.ConfigOptions.key;

/** Options of the incident job. The README's configuration reference is checked against these constants. */
public final class IncidentJobOptions {

    public static final ConfigOption<String> RULES_DIR = key("itsm.rules.dir")
            .stringType().noDefaultValue()
            .withDescription("Folder of the rule pack to run (see Rules). Unset: the default pack built into the job.");

    public static final ConfigOption<String> CMDB_FILE = key("itsm.cmdb.file")
            .stringType().noDefaultValue()
            .withDescription("CMDB export (JSON) the job starts from; the itsm.cmdb topic keeps it current. Unset: the topic only.");

    public static final ConfigOption<Boolean> ELASTICSEARCH_ENABLED = key("itsm.elasticsearch.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Also run the indexer, which copies the job's changelog topics into Elasticsearch (incident job: incidents, alerts, SLA and SLO; problem job: problems), in the same Flink job. false: Kafka only (run IndexerJob or ProblemIndexerJob on its own, or not at all).");

    public static final ConfigOption<Boolean> SLO_BURN_RATE_ALERTS = key("itsm.slo.burn-rate-alerts")
            .booleanType().defaultValue(true)
            .withDescription("Write each SLO burn-rate alert (a pair of slo.yaml firing or clearing) back to the raw alerts topic as an alert of source slo, so it becomes an incident like any other. false: the burn rates are only in itsm.slo and itsm-slo.");

    /** In which order the incident operator correlates the alerts of one correlation key. */
    public enum CorrelationOrder {
        /** As they arrive: an incident changes within milliseconds of its alert. */
        ARRIVAL,
        /** By event time, once the watermark passes them: the same incidents on a replay, however the input is read. */
        EVENT_TIME
    }

    public static final ConfigOption<CorrelationOrder> CORRELATION_ORDER = key("itsm.correlation-order")
            .enumType(CorrelationOrder.class).defaultValue(CorrelationOrder.ARRIVAL)
            .withDescription("ARRIVAL: correlate alerts as they arrive (lowest latency; a replay or catch-up that reads alerts in another order may group them differently). EVENT_TIME: correlate them in event-time order once the watermark passes them (the same incidents however the input is read; incidents appear out-of-orderness later, 30 s by default).");

    public static final ConfigOption<Duration> MAX_CLOCK_SKEW = key("itsm.max-clock-skew")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .withDescription("How far a raw record's Kafka timestamp (its event time) may be ahead of the job's clock. Further ahead, it goes to the dead-letter topic as clock_skew and does not move event time: one record stamped an hour ahead would otherwise make every alert of that hour late. Keep it below out-of-orderness + allowed-lateness (5m30s with the default pack).");

    private IncidentJobOptions() {
    }
}
