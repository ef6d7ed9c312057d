package dev.itsm.gateway;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The gateway's Prometheus metrics (client_java 1.x, one registry per gateway so tests and the benchmark never share
 * counters): requests by endpoint and status code, body bytes by endpoint, rejections by reason, Kafka write
 * latency and the requests in flight.
 */
public final class GatewayMetrics {
    /** Content type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("itsm_gateway_requests_total")
            .help("HTTP requests answered, by endpoint and status code").labelNames("endpoint", "code").register(registry);
    private final Counter bytes = Counter.builder().name("itsm_gateway_request_bytes_total")
            .help("Request body bytes read, by endpoint").labelNames("endpoint").register(registry);
    private final Counter rejections = Counter.builder().name("itsm_gateway_rejections_total")
            .help("Requests refused, by reason").labelNames("reason").register(registry);
    private final Counter alerts = Counter.builder().name("itsm_gateway_alerts_total")
            .help("Alerts in the payloads written to the raw alerts topic, by endpoint").labelNames("endpoint").register(registry);
    private final Histogram kafkaWrite = Histogram.builder().name("itsm_gateway_kafka_write_seconds")
            .help("Time from handing a payload to the Kafka producer to Kafka's acknowledgement (or failure)")
            .classicOnly().classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    private final Gauge inFlight = Gauge.builder().name("itsm_gateway_requests_in_flight")
            .help("Alert requests being read, checked or written to Kafka").register(registry);
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    void request(String endpoint, int code) {
        requests.labelValues(endpoint, Integer.toString(code)).inc();
    }

    void bytes(String endpoint, long count) {
        bytes.labelValues(endpoint).inc(count);
    }

    void rejection(String reason) {
        rejections.labelValues(reason).inc();
    }

    void alerts(String endpoint, int count) {
        alerts.labelValues(endpoint).inc(count);
    }

    void kafkaWrite(long nanos) {
        kafkaWrite.observe(nanos / 1e9);
    }

    void inFlight(int delta) {
        inFlight.inc(delta);
    }

    /** The registry, for a caller that adds metrics of its own (JVM metrics, say). */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Every metric in Prometheus' text format. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
