package dev.itsm.gateway;

import dev.itsm.connectors.alerts.AlertFormat;
import dev.itsm.connectors.alerts.ParserSettings;
import dev.itsm.connectors.kafka.TopicSetup;
import dev.itsm.connectors.kafka.Topics;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The ingest gateway: an HTTP server (Jetty 12) in front of the raw alerts topic. Monitoring systems post their
 * webhooks to {@code /api/v1/alerts/{alertmanager|grafana|zabbix|generic}}; a request is answered 200 only after
 * Kafka acknowledged the payload.
 *
 * <pre>{@code
 * try (IngestGateway gateway = IngestGateway.start(GatewayConfig.fromConfiguration(conf, System.getenv()))) {
 *     System.out.println("listening on " + gateway.baseUrl());
 *     gateway.join();
 * }
 * }</pre>
 */
public final class IngestGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);

    private final GatewayConfig config;
    private final RawAlertWriter writer;
    private final GatewayMetrics metrics;
    private final Server server;
    private final ServerConnector connector;

    private IngestGateway(GatewayConfig config) {
        this.config = config;
        this.metrics = new GatewayMetrics();
        this.writer = new RawAlertWriter(config);
        QueuedThreadPool threads = new QueuedThreadPool(config.threads(), Math.min(4, config.threads()));
        threads.setName("itsm-gateway");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        // the parser's own size limit is the gateway's, so a body the gateway read is never refused as too large
        // (the gateway only checks payloads; the job maps them with the rule pack's words and identifying labels)
        ParserSettings defaults = ParserSettings.defaults();
        ParserSettings parser = new ParserSettings(config.maxBodyBytes(), defaults.defaultSeverity(),
                defaults.severityWords(), defaults.identifyingLabelsBySource());
        server.setHandler(new GatewayHandler(config, writer, metrics, parser));
        server.setStopTimeout(5000);
    }

    /**
     * Creates the raw alerts and dead-letter topics if they are missing (best effort: the gateway still starts when
     * Kafka is down, and answers 503 until it is back), then starts listening.
     */
    public static IngestGateway start(GatewayConfig config, int topicPartitions) throws Exception {
        try {
            List<String> created = TopicSetup.ensureTopics(config.kafka(), topicPartitions,
                    List.of(Topics.ALERTS_RAW, Topics.ALERTS_DLQ));
            if (!created.isEmpty()) {
                LOG.info("Created the topics {}", created);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not check the Kafka topics ({}); starting anyway, /readyz tells when Kafka answers", e.toString());
        }
        IngestGateway gateway = new IngestGateway(config);
        try {
            gateway.server.start();
        } catch (Exception e) {
            gateway.close();
            throw e;
        }
        for (AlertFormat format : GatewayConfig.FORMATS) {
            String access = config.token(format).isPresent() ? "bearer token"
                    : config.isOpen(format) ? "OPEN to anyone (gateway.allow-anonymous)" : "CLOSED (no token configured)";
            LOG.info("{}{}{}: {}", gateway.baseUrl(), GatewayHandler.ALERTS_PATH, format.id(), access);
        }
        LOG.info("Ingest gateway listening on {}, writing to {} (dead letters: {})", gateway.baseUrl(),
                gateway.writer.rawTopic(), gateway.writer.deadLetterTopic());
        return gateway;
    }

    /** Starts with the topics' default of 4 partitions when they have to be created. */
    public static IngestGateway start(GatewayConfig config) throws Exception {
        return start(config, 4);
    }

    /** The port it listens on (the chosen one when {@code gateway.port} is 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://HOST:PORT}. */
    public String baseUrl() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port();
    }

    /** The URL of a format's endpoint. */
    public String alertsUrl(AlertFormat format) {
        return baseUrl() + GatewayHandler.ALERTS_PATH + format.id();
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public String rawTopic() {
        return writer.rawTopic();
    }

    public String deadLetterTopic() {
        return writer.deadLetterTopic();
    }

    /** Waits until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops accepting, lets requests in flight finish (up to 5 s), then flushes and closes the producer. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the HTTP server failed", e);
        }
        writer.close();
    }
}
