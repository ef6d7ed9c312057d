package dev.itsm.gateway;

import dev.itsm.connectors.alerts.AlertFormat;
import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.kafka.DeadLetters;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer of the gateway, against the real broker: what reaches the raw and dead-letter topics, and what does not.
 */
@ExtendWith(LocalStackExtension.class)
class IngestGatewayITCase {
    private static final String TOKEN = "s3cr3t-am-token-4711";
    private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration NOTHING_MORE = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<IngestGateway> started = new ArrayList<>();

    @AfterEach
    void stopGateways() {
        started.forEach(IngestGateway::close);
    }

    @Test
    void shouldAnswer200OnlyOnceTheRawTopicHoldsThePayloadWithItsFormatKeyAndTime(KafkaBroker kafka) throws Exception {
        IngestGateway gateway = start(kafka, c -> { });
        byte[] body = TestingWebhooks.alertmanager("NodeDown", "firing", 2, START);

        long before = System.currentTimeMillis();
        HttpResponse<String> response = post(gateway.alertsUrl(AlertFormat.ALERTMANAGER), body, "application/json", TOKEN);
        long after = System.currentTimeMillis();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.fromBytes(response.body().getBytes(StandardCharsets.UTF_8), Map.class))
                .isEqualTo(Map.of("status", "accepted", "alerts", 2));
        // acknowledged means written: a reader that starts now finds it without waiting for any flush
        List<ConsumerRecord<byte[], byte[]>> records = kafka.readFromStart(gateway.rawTopic(), 1, Duration.ofSeconds(10));
        assertThat(records).hasSize(1);
        ConsumerRecord<byte[], byte[]> record = records.get(0);
        assertThat(record.value()).isEqualTo(body);
        assertThat(header(record, AlertParser.FORMAT_HEADER)).isEqualTo("alertmanager");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(TestingWebhooks.groupKey("NodeDown"));
        assertThat(record.timestamp()).as("the time the gateway received it").isBetween(before, after);

        assertThat(post(gateway.alertsUrl(AlertFormat.ALERTMANAGER), body, "application/json; charset=utf-8", TOKEN).statusCode())
                .as("a charset parameter is fine").isEqualTo(200);
        // the in-flight gauge goes down just after the answer is sent: read until it has (at most 5 s)
        String metrics = get(gateway.baseUrl() + "/metrics").body();
        for (long deadline = System.nanoTime() + 5_000_000_000L;
             !metrics.contains("itsm_gateway_requests_in_flight 0") && System.nanoTime() < deadline; ) {
            Thread.sleep(50);
            metrics = get(gateway.baseUrl() + "/metrics").body();
        }
        assertThat(metrics)
                .contains("itsm_gateway_requests_total{code=\"200\",endpoint=\"alertmanager\"} 2")
                .contains("itsm_gateway_request_bytes_total{endpoint=\"alertmanager\"} " + 2 * body.length)
                .contains("itsm_gateway_alerts_total{endpoint=\"alertmanager\"} 4")
                .contains("itsm_gateway_kafka_write_seconds_count 2")
                .contains("itsm_gateway_requests_in_flight 0");
    }

    @Test
    void shouldRefuseAMissingOrWrongTokenWith401KeepNothingAndNeverLogTheToken(KafkaBroker kafka) throws Exception {
        StringWriter logs = new StringWriter();
        Appender capture = captureLogs(logs);
        try {
            IngestGateway gateway = start(kafka, c -> { });
            byte[] body = TestingWebhooks.alertmanager("NodeDown", "firing", 1, START);
            String url = gateway.alertsUrl(AlertFormat.ALERTMANAGER);

            HttpResponse<String> none = post(url, body, "application/json", null);
            HttpResponse<String> wrong = post(url, body, "application/json", TOKEN + "x");
            HttpResponse<String> prefix = post(url, body, "application/json", TOKEN.substring(0, 5));
            HttpResponse<String> otherEndpoint = post(gateway.alertsUrl(AlertFormat.GRAFANA), body, "application/json", TOKEN);

            for (HttpResponse<String> response : List.of(none, wrong, prefix, otherEndpoint)) {
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                assertThat(response.body()).doesNotContain(TOKEN.substring(0, 5));
            }
            assertThat(otherEndpoint.body()).contains("no token is configured for grafana");
            assertThat(kafka.readFromStart(gateway.rawTopic(), 1, NOTHING_MORE)).isEmpty();
            assertThat(kafka.readFromStart(gateway.deadLetterTopic(), 1, Duration.ofSeconds(1))).as("unauthenticated bodies are not kept").isEmpty();
            assertThat(post(url, body, "application/json", TOKEN).statusCode()).isEqualTo(200);
            assertThat(get(gateway.baseUrl() + "/metrics").body()).contains("itsm_gateway_rejections_total{reason=\"unauthorized\"} 4");
        } finally {
            releaseLogs(capture);
        }
        assertThat(logs.toString()).as("the gateway logged at debug level").contains("401 unauthorized");
        assertThat(logs.toString()).doesNotContain(TOKEN).doesNotContain(TOKEN.substring(0, 5));
    }

    @Test
    void shouldOpenAnEndpointWithoutATokenOnlyWhenAnonymousSendersAreAllowed(KafkaBroker kafka) throws Exception {
        IngestGateway open = start(kafka, c -> c.set(GatewayOptions.ALLOW_ANONYMOUS, true));
        assertThat(post(open.alertsUrl(AlertFormat.GENERIC), TestingWebhooks.generic("Cron", "h1"), "application/json", null)
                .statusCode()).isEqualTo(200);
        assertThat(post(open.alertsUrl(AlertFormat.ALERTMANAGER), TestingWebhooks.alertmanager("A", "firing", 1, START),
                "application/json", null).statusCode()).as("a token, once configured, is required").isEqualTo(401);
        List<ConsumerRecord<byte[], byte[]>> records = kafka.readFromStart(open.rawTopic(), 1, Duration.ofSeconds(10));
        assertThat(records).hasSize(1);
        assertThat(header(records.get(0), AlertParser.FORMAT_HEADER)).isEqualTo("generic");
        assertThat(records.get(0).key()).as("a single alert is keyed by its fingerprint").isNotEmpty();
    }

    @Test
    void shouldAnswer413ForABodyOverTheLimitWhetherDeclaredOrStreamed(KafkaBroker kafka) throws Exception {
        IngestGateway gateway = start(kafka, c -> c.set(GatewayOptions.MAX_BODY_BYTES, 10_000L));
        byte[] big = TestingWebhooks.alertmanager("Big", "firing", 100, START);
        assertThat(big.length).isGreaterThan(10_000);
        String url = gateway.alertsUrl(AlertFormat.ALERTMANAGER);

        HttpResponse<String> declared = post(url, big, "application/json", TOKEN);
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("exceeds the limit of 10000 bytes");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(post(url, TestingWebhooks.alertmanager("Small", "firing", 1, START), "application/json", TOKEN).statusCode())
                .isEqualTo(200);
        assertThat(kafka.readFromStart(gateway.rawTopic(), 2, NOTHING_MORE)).as("only the small one").hasSize(1);
    }

    @Test
    void shouldAnswer415ForAnotherContentType(KafkaBroker kafka) throws Exception {
        IngestGateway gateway = start(kafka, c -> { });
        byte[] body = TestingWebhooks.alertmanager("NodeDown", "firing", 1, START);
        HttpResponse<String> response = post(gateway.alertsUrl(AlertFormat.ALERTMANAGER), body, "text/plain", TOKEN);
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("Content-Type must be application/json, was text/plain");
        assertThat(post(gateway.alertsUrl(AlertFormat.ALERTMANAGER), body, null, TOKEN).statusCode()).isEqualTo(415);
    }

    @Test
    void shouldAnswer400WithTheParsersReasonAndKeepTheAuthenticatedBodyAsADeadLetter(KafkaBroker kafka) throws Exception {
        IngestGateway gateway = start(kafka, c -> { });
        String bad = new String(TestingWebhooks.alertmanager("NodeDown", "firing", 3, START), StandardCharsets.UTF_8)
                .replaceFirst("2026-03-02T10:00:00Z", "2026-13-02T10:00:00Z");
        byte[] notJson = "{\"alerts\": [".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> invalid = post(gateway.alertsUrl(AlertFormat.ALERTMANAGER), bad.getBytes(StandardCharsets.UTF_8),
                "application/json", TOKEN);
        HttpResponse<String> truncated = post(gateway.alertsUrl(AlertFormat.ALERTMANAGER), notJson, "application/json", TOKEN);

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("alertmanager: alerts[0].startsAt: '2026-13-02T10:00:00Z' is not an RFC 3339 time");
        assertThat(truncated.statusCode()).isEqualTo(400);
        List<DeadLetter> letters = kafka.readFromStart(gateway.deadLetterTopic(), 2, Duration.ofSeconds(10)).stream()
                .map(DeadLetters::fromRecord).toList();
        assertThat(letters).hasSize(2);
        assertThat(letters.get(0).originalAsText()).isEqualTo(bad);
        assertThat(letters.get(0).errorType()).isEqualTo(DeadLetter.INVALID_FIELD);
        assertThat(letters.get(0).source()).isEqualTo("alertmanager");
        assertThat(invalid.body()).contains(Json.toString(letters.get(0).reason()));
        assertThat(letters.get(1).original()).isEqualTo(notJson);
        assertThat(letters.get(1).errorType()).isEqualTo(DeadLetter.NOT_JSON);
        assertThat(kafka.readFromStart(gateway.rawTopic(), 1, NOTHING_MORE)).isEmpty();
    }

    @Test
    void shouldAnswerHealthReadinessAndUnknownPaths(KafkaBroker kafka) throws Exception {
        IngestGateway gateway = start(kafka, c -> { });
        assertThat(get(gateway.baseUrl() + "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(gateway.baseUrl() + "/readyz").statusCode()).isEqualTo(200);
        assertThat(get(gateway.baseUrl() + "/api/v1/alerts/nagios").statusCode()).isEqualTo(404);
        HttpResponse<String> getAlerts = get(gateway.alertsUrl(AlertFormat.ALERTMANAGER));
        assertThat(getAlerts.statusCode()).isEqualTo(405);
        assertThat(getAlerts.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void shouldAnswer503WhileKafkaIsDownAndOverTheInFlightLimitThen200OnceItIsBack(KafkaBroker kafka) throws Exception {
        IngestGateway gateway = start(kafka, c -> {
            c.set(GatewayOptions.KAFKA_TIMEOUT, Duration.ofSeconds(3));
            c.set(GatewayOptions.MAX_IN_FLIGHT, 1);
        });
        String url = gateway.alertsUrl(AlertFormat.ALERTMANAGER);
        byte[] body = TestingWebhooks.alertmanager("NodeDown", "firing", 1, START);
        assertThat(post(url, body, "application/json", TOKEN).statusCode()).isEqualTo(200);
        try {
            kafka.kill();
            long started = System.nanoTime();
            CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(request(url, body, "application/json", TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            HttpResponse<String> second = post(url, body, "application/json", TOKEN);
            assertThat(second.statusCode()).as("the one slot is taken by the request waiting for Kafka").isEqualTo(503);
            assertThat(second.body()).contains("requests in flight");
            assertThat(second.headers().firstValue("Retry-After")).isPresent();

            HttpResponse<String> first = waiting.get();
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(first.statusCode()).isEqualTo(503);
            assertThat(first.body()).contains("Kafka did not acknowledge");
            assertThat(first.headers().firstValue("Retry-After")).hasValue(GatewayHandler.RETRY_AFTER_SECONDS);
            assertThat(millis).as("answered within the Kafka timeout, not hanging").isLessThan(6_000);
            assertThat(get(gateway.baseUrl() + "/readyz").statusCode()).isEqualTo(503);
            assertThat(get(gateway.baseUrl() + "/healthz").statusCode()).as("the process itself is fine").isEqualTo(200);
        } finally {
            kafka.restart();
        }
        int code = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (code != 200 && System.nanoTime() < deadline) {
            code = post(url, body, "application/json", TOKEN).statusCode();
        }
        assertThat(code).as("accepted again once the broker is back").isEqualTo(200);
        assertThat(get(gateway.baseUrl() + "/readyz").statusCode()).isEqualTo(200);
        assertThat(get(gateway.baseUrl() + "/metrics").body()).contains("itsm_gateway_rejections_total{reason=\"kafka_unavailable\"}")
                .contains("itsm_gateway_rejections_total{reason=\"overloaded\"} 1");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private IngestGateway start(KafkaBroker kafka, Consumer<Configuration> settings) throws Exception {
        String prefix = kafka.freshTopic("gateway");
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(KafkaOptions.TOPIC_PREFIX, prefix);
        conf.set(GatewayOptions.PORT, 0);
        conf.set(GatewayOptions.TOKEN_ALERTMANAGER, TOKEN);
        settings.accept(conf);
        IngestGateway gateway = IngestGateway.start(GatewayConfig.fromConfiguration(conf, Map.of()), 2);
        started.add(gateway);
        return gateway;
    }

    private HttpRequest.Builder request(String url, byte[] body, String contentType, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private HttpResponse<String> post(String url, byte[] body, String contentType, String token) throws Exception {
        return send(request(url, body, contentType, token));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    private static Appender captureLogs(StringWriter target) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Appender appender = WriterAppender.newBuilder().setName("capture").setTarget(target)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c - %m%n").build()).build();
        appender.start();
        context.getConfiguration().addAppender(appender);
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        Configurator.setLevel("dev.itsm.gateway", Level.DEBUG);
        Configurator.setLevel("org.apache.kafka", Level.INFO);
        context.updateLoggers();
        return appender;
    }

    private static void releaseLogs(Appender appender) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        Configurator.setLevel("dev.itsm.gateway", Level.WARN);
        Configurator.setLevel("org.apache.kafka", Level.WARN);
        context.updateLoggers();
        appender.stop();
    }
}
