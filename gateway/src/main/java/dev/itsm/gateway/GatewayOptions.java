package dev.itsm.gateway;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;

import java.time.Duration;

import static org.apache.flink.configuration.ConfigOptions.key;

/** The options of {@code itsm gateway}, read once into a {@link GatewayConfig}. */
public final class GatewayOptions {

    public static final ConfigOption<String> HOST = key("gateway.host")
            .stringType().defaultValue("127.0.0.1")
            .withDescription("Address the gateway listens on; 0.0.0.0 to accept senders on other machines (in a container, for example).");

    public static final ConfigOption<Integer> PORT = key("gateway.port")
            .intType().defaultValue(9095)
            .withDescription("HTTP port of the gateway; 0 picks a free one (tests).");

    public static final ConfigOption<String> TOKEN_ALERTMANAGER = key("gateway.tokens.alertmanager")
            .stringType().noDefaultValue()
            .withDescription("Bearer token Alertmanager must send to /api/v1/alerts/alertmanager; else the environment variable ITSM_GATEWAY_TOKEN_ALERTMANAGER. May be ${env:NAME} or ${file:PATH} (see Secrets).");

    public static final ConfigOption<String> TOKEN_GRAFANA = key("gateway.tokens.grafana")
            .stringType().noDefaultValue()
            .withDescription("Bearer token Grafana must send to /api/v1/alerts/grafana; else the environment variable ITSM_GATEWAY_TOKEN_GRAFANA. May be ${env:NAME} or ${file:PATH} (see Secrets).");

    public static final ConfigOption<String> TOKEN_ZABBIX = key("gateway.tokens.zabbix")
            .stringType().noDefaultValue()
            .withDescription("Bearer token Zabbix must send to /api/v1/alerts/zabbix; else the environment variable ITSM_GATEWAY_TOKEN_ZABBIX. May be ${env:NAME} or ${file:PATH} (see Secrets).");

    public static final ConfigOption<String> TOKEN_GENERIC = key("gateway.tokens.generic")
            .stringType().noDefaultValue()
            .withDescription("Bearer token senders of the generic JSON must send to /api/v1/alerts/generic; else the environment variable ITSM_GATEWAY_TOKEN_GENERIC. May be ${env:NAME} or ${file:PATH} (see Secrets).");

    public static final ConfigOption<Boolean> ALLOW_ANONYMOUS = key("gateway.allow-anonymous")
            .booleanType().defaultValue(false)
            .withDescription("Whether an endpoint without a token accepts requests without one. Off: such an endpoint answers 401 to everyone.");

    public static final ConfigOption<Long> MAX_BODY_BYTES = key("gateway.max-body-bytes")
            .longType().defaultValue(1_048_576L)
            .withDescription("Largest request body; a larger one is answered 413 and not kept.");

    public static final ConfigOption<Integer> MAX_IN_FLIGHT = key("gateway.max-in-flight")
            .intType().defaultValue(256)
            .withDescription("Requests being read, checked or written to Kafka at once; more are answered 503 with Retry-After.");

    public static final ConfigOption<Integer> THREADS = key("gateway.threads")
            .intType().defaultValue(16)
            .withDescription("Most threads of the HTTP server (requests wait for Kafka without holding one).");

    public static final ConfigOption<Duration> KAFKA_TIMEOUT = key("gateway.kafka-timeout")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("How long a write may wait for Kafka's acknowledgement before the request is answered 503 (the producer's delivery.timeout.ms).");

    public static final ConfigOption<Duration> KAFKA_MAX_BLOCK = key("gateway.kafka-max-block")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .withDescription("How long a write may wait for topic metadata or buffer space before it is answered 503 (the producer's max.block.ms).");

    public static final ConfigOption<MemorySize> KAFKA_BUFFER = key("gateway.kafka-buffer-size")
            .memoryType().defaultValue(MemorySize.parse("32m"))
            .withDescription("Memory for records not yet acknowledged by Kafka (the producer's buffer.memory); when full, requests are answered 503.");

    public static final ConfigOption<Duration> KAFKA_LINGER = key("gateway.kafka-linger")
            .durationType().defaultValue(Duration.ofMillis(2))
            .withDescription("How long the producer waits to fill a batch (linger.ms): a little latency for far fewer requests to Kafka.");

    public static final ConfigOption<Duration> READY_TIMEOUT = key("gateway.ready-timeout")
            .durationType().defaultValue(Duration.ofSeconds(2))
            .withDescription("How long /readyz waits for Kafka to describe the raw alerts topic before it answers 503.");

    private GatewayOptions() {
    }
}
