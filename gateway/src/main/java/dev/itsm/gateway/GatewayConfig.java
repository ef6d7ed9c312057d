package dev.itsm.gateway;

import dev.itsm.connectors.alerts.AlertFormat;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.core.Secrets;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's settings, read and validated once from {@link GatewayOptions} (and the environment for tokens).
 * {@link #toString()} never shows a token.
 *
 * @param tokens the bearer token of each format that has one; a format without one is open only if
 *               {@code allowAnonymous}
 */
public record GatewayConfig(String host, int port, Map<AlertFormat, String> tokens, boolean allowAnonymous,
                            long maxBodyBytes, int maxInFlight, int threads, Duration kafkaTimeout,
                            Duration kafkaMaxBlock, long kafkaBufferBytes, Duration kafkaLinger, Duration readyTimeout,
                            KafkaConfig kafka) {

    /** The formats the gateway has an endpoint for, in the order the README lists them. */
    public static final List<AlertFormat> FORMATS = List.of(AlertFormat.ALERTMANAGER, AlertFormat.GRAFANA,
            AlertFormat.ZABBIX, AlertFormat.GENERIC);

    /** Prefix of the environment variables holding tokens: {@code ITSM_GATEWAY_TOKEN_ALERTMANAGER} and so on. */
    public static final String TOKEN_ENV_PREFIX = "ITSM_GATEWAY_TOKEN_";

    public GatewayConfig {
        Objects.requireNonNull(host, "host");
        check(port >= 0 && port <= 65535, GatewayOptions.PORT, "must be 0..65535, was " + port);
        check(maxBodyBytes > 0, GatewayOptions.MAX_BODY_BYTES, "must be > 0, was " + maxBodyBytes);
        check(maxInFlight > 0, GatewayOptions.MAX_IN_FLIGHT, "must be > 0, was " + maxInFlight);
        check(threads >= 4, GatewayOptions.THREADS, "must be >= 4 (the server needs some for itself), was " + threads);
        check(kafkaTimeout.toMillis() >= 1000, GatewayOptions.KAFKA_TIMEOUT, "must be at least 1 s, was " + kafkaTimeout);
        check(!kafkaMaxBlock.isNegative(), GatewayOptions.KAFKA_MAX_BLOCK, "must not be negative");
        check(kafkaLinger.compareTo(kafkaTimeout.dividedBy(2)) < 0, GatewayOptions.KAFKA_LINGER,
                "must be less than half of " + GatewayOptions.KAFKA_TIMEOUT.key());
        check(kafkaBufferBytes >= maxBodyBytes, GatewayOptions.KAFKA_BUFFER,
                "must hold at least one body of " + GatewayOptions.MAX_BODY_BYTES.key());
        Objects.requireNonNull(kafka, "kafka");
        EnumMap<AlertFormat, String> copy = new EnumMap<>(AlertFormat.class);
        tokens.forEach((format, token) -> {
            if (token != null && !token.isBlank()) {
                copy.put(format, token.strip());
            }
        });
        tokens = Map.copyOf(copy);
    }

    /**
     * Reads the options; a token may be a secret reference ({@code ${env:NAME}}, {@code ${file:PATH}}, see
     * {@link Secrets}), and one missing from the configuration is taken from the environment.
     */
    public static GatewayConfig fromConfiguration(ReadableConfig conf, Map<String, String> environment) {
        Map<AlertFormat, String> tokens = new EnumMap<>(AlertFormat.class);
        Map<AlertFormat, ConfigOption<String>> options = Map.of(AlertFormat.ALERTMANAGER, GatewayOptions.TOKEN_ALERTMANAGER,
                AlertFormat.GRAFANA, GatewayOptions.TOKEN_GRAFANA, AlertFormat.ZABBIX, GatewayOptions.TOKEN_ZABBIX,
                AlertFormat.GENERIC, GatewayOptions.TOKEN_GENERIC);
        for (AlertFormat format : FORMATS) {
            ConfigOption<String> option = options.get(format);
            Optional<String> token = conf.getOptional(option).map(value -> Secrets.resolve(option.key(), value, environment))
                    .or(() -> Optional.ofNullable(environment.get(TOKEN_ENV_PREFIX + format.id().toUpperCase(Locale.ROOT))));
            token.ifPresent(t -> tokens.put(format, t));
        }
        return new GatewayConfig(conf.get(GatewayOptions.HOST), conf.get(GatewayOptions.PORT), tokens,
                conf.get(GatewayOptions.ALLOW_ANONYMOUS), conf.get(GatewayOptions.MAX_BODY_BYTES),
                conf.get(GatewayOptions.MAX_IN_FLIGHT), conf.get(GatewayOptions.THREADS),
                conf.get(GatewayOptions.KAFKA_TIMEOUT), conf.get(GatewayOptions.KAFKA_MAX_BLOCK),
                conf.get(GatewayOptions.KAFKA_BUFFER).getBytes(), conf.get(GatewayOptions.KAFKA_LINGER),
                conf.get(GatewayOptions.READY_TIMEOUT), KafkaConfig.fromConfiguration(conf));
    }

    /** The token of a format, if one is configured. */
    public Optional<String> token(AlertFormat format) {
        return Optional.ofNullable(tokens.get(format));
    }

    /** Whether anyone may post to the format's endpoint without a token. */
    public boolean isOpen(AlertFormat format) {
        return !tokens.containsKey(format) && allowAnonymous;
    }

    private static void check(boolean ok, ConfigOption<?> option, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(option.key() + " " + problem);
        }
    }

    @Override
    public String toString() {
        return "GatewayConfig[" + host + ":" + port + ", tokens for " + tokens.keySet() + " (values hidden)"
                + ", allowAnonymous=" + allowAnonymous + ", maxBodyBytes=" + maxBodyBytes + ", maxInFlight=" + maxInFlight
                + ", threads=" + threads + ", kafkaTimeout=" + kafkaTimeout + ", kafkaMaxBlock=" + kafkaMaxBlock
                + ", kafkaBufferBytes=" + kafkaBufferBytes + ", kafkaLinger=" + kafkaLinger + ", readyTimeout=" + readyTimeout
                + ", kafka=" + kafka + "]";
    }
}
