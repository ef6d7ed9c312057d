package dev.itsm.connectors.kafka;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.connector.base.DeliveryGuarantee;

import static org.apache.flink.configuration.ConfigOptions.key;

/** Options of the Kafka sources and sinks. The README's configuration reference is checked against these constants. */
public final class KafkaOptions {

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = key("kafka.bootstrap-servers")
            .stringType().defaultValue("localhost:9092")
            .withDescription("Kafka bootstrap servers, host:port separated by commas.");

    public static final ConfigOption<String> TOPIC_PREFIX = key("kafka.topic-prefix")
            .stringType().defaultValue("itsm")
            .withDescription("Prefix of every topic name: PREFIX.alerts.raw, PREFIX.alerts.dlq, PREFIX.cmdb, PREFIX.rules, "
                    + "PREFIX.incidents, PREFIX.problems, PREFIX.sla, PREFIX.slo.");

    public static final ConfigOption<String> GROUP_ID_PREFIX = key("kafka.group-id-prefix")
            .stringType().defaultValue("itsm")
            .withDescription("Prefix of the consumer group ids; each job appends its own name.");

    public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE = key("kafka.delivery-guarantee")
            .enumType(DeliveryGuarantee.class).defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
            .withDescription("Guarantee of the Kafka sinks. AT_LEAST_ONCE is enough: every record the project writes is "
                    + "keyed by entity id and carries a revision, so duplicates are harmless.");

    public static final ConfigOption<Integer> TOPIC_PARTITIONS = key("kafka.topic-partitions")
            .intType().defaultValue(4)
            .withDescription("Partitions of the topics a job creates when they do not exist yet (existing topics are left as they are).");

    /**
     * Prefix of Kafka client settings passed to every consumer, producer and admin client (security, TLS, SASL):
     * {@code kafka.properties.security.protocol: SASL_SSL}. Values may be secret references ({@code ${env:NAME}},
     * {@code ${file:PATH}}).
     */
    public static final String PROPERTIES_PREFIX = "kafka.properties.";

    private KafkaOptions() {
    }
}
