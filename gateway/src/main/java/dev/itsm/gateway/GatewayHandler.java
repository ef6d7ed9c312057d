package dev.itsm.gateway;

import dev.itsm.connectors.alerts.AlertFormat;
import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.alerts.ParseResult;
import dev.itsm.connectors.alerts.ParserSettings;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.DeadLetter;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/**
 * The gateway's HTTP endpoints (see the README, "The ingest gateway"). An alert request is checked in this order,
 * each step answering on its own: route (404/405), bearer token (401), content type (415), declared size (413),
 * in-flight limit (503), body read up to the size limit (413), parse with {@link AlertParser} (400, the body kept in
 * the dead-letter topic), write to the raw topic (200 once Kafka acknowledged, else 503). A request never holds a
 * thread while it waits for Kafka: the answer is written from the producer's acknowledgement.
 */
final class GatewayHandler extends Handler.Abstract {
    /** Path prefix of the alert endpoints; the format's id follows. */
    static final String ALERTS_PATH = "/api/v1/alerts/";
    static final String HEALTH_PATH = "/healthz";
    static final String READY_PATH = "/readyz";
    static final String METRICS_PATH = "/metrics";
    /** Seconds a sender is asked to wait before it retries after a 503. */
    static final String RETRY_AFTER_SECONDS = "5";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
    private static final String JSON_TYPE = "application/json";

    private final GatewayConfig config;
    private final RawAlertWriter writer;
    private final GatewayMetrics metrics;
    private final AlertParser parser;
    private final Semaphore inFlight;
    private final Map<AlertFormat, byte[]> tokenDigests = new EnumMap<>(AlertFormat.class);
    private final Map<String, AlertFormat> formatsByPath = new LinkedHashMap<>();

    GatewayHandler(GatewayConfig config, RawAlertWriter writer, GatewayMetrics metrics, ParserSettings parserSettings) {
        this.config = config;
        this.writer = writer;
        this.metrics = metrics;
        this.parser = new AlertParser(parserSettings);
        this.inFlight = new Semaphore(config.maxInFlight());
        for (AlertFormat format : GatewayConfig.FORMATS) {
            formatsByPath.put(ALERTS_PATH + format.id(), format);
            config.token(format).ifPresent(token -> tokenDigests.put(format, sha256(token)));
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        AlertFormat format = formatsByPath.get(path);
        if (format != null) {
            if (!"POST".equals(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST");
                return reject(response, callback, format.id(), HttpStatus.METHOD_NOT_ALLOWED_405, "method_not_allowed",
                        "use POST");
            }
            handleAlerts(format, request, response, callback);
            return true;
        }
        switch (path) {
            case HEALTH_PATH -> answer(response, callback, "health", 200, Map.of("status", "up"));
            case READY_PATH -> {
                boolean ready = writer.isReady(config.readyTimeout());
                answer(response, callback, "ready", ready ? 200 : 503, ready ? Map.of("status", "ready")
                        : Map.of("status", "not ready", "reason", "Kafka did not describe " + writer.rawTopic()
                                + " within " + config.readyTimeout().toMillis() + " ms"));
            }
            case METRICS_PATH -> {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, GatewayMetrics.CONTENT_TYPE);
                metrics.request("metrics", 200);
                response.write(true, ByteBuffer.wrap(metrics.scrape()), callback);
            }
            default -> reject(response, callback, "other", HttpStatus.NOT_FOUND_404, "not_found",
                    "no such endpoint; alerts go to " + ALERTS_PATH + "{" + String.join("|",
                            GatewayConfig.FORMATS.stream().map(AlertFormat::id).toList()) + "}");
        }
        return true;
    }

    private void handleAlerts(AlertFormat format, Request request, Response response, Callback callback) {
        String endpoint = format.id();
        if (!authorized(format, request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"itsm\"");
            reject(response, callback, endpoint, HttpStatus.UNAUTHORIZED_401, "unauthorized",
                    config.token(format).isPresent() || config.allowAnonymous()
                            ? "missing or wrong bearer token"
                            : "no token is configured for " + endpoint + " and anonymous senders are not allowed");
            return;
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!isJson(contentType)) {
            reject(response, callback, endpoint, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type",
                    "Content-Type must be application/json, was " + (contentType == null ? "absent" : contentType));
            return;
        }
        long declared = request.getLength();
        if (declared > config.maxBodyBytes()) {
            drainThen(request, () -> tooLarge(response, callback, endpoint, declared));
            return;
        }
        if (!inFlight.tryAcquire()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            reject(response, callback, endpoint, HttpStatus.SERVICE_UNAVAILABLE_503, "overloaded",
                    "more than " + config.maxInFlight() + " requests in flight; retry later");
            return;
        }
        metrics.inFlight(1);
        Callback release = Callback.from(callback, () -> {
            inFlight.release();
            metrics.inFlight(-1);
        });
        Content.Source.asByteArrayAsync(request, (int) Math.min(Integer.MAX_VALUE - 16, config.maxBodyBytes()))
                .whenComplete((body, error) -> {
                    try {
                        if (error != null) {
                            long read = Request.getContentBytesRead(request);
                            if (read > config.maxBodyBytes() || rootCause(error) instanceof IllegalArgumentException) {
                                drainThen(request, () -> tooLarge(response, release, endpoint, -1));
                            } else {
                                reject(response, release, endpoint, HttpStatus.BAD_REQUEST_400, "unreadable_body",
                                        "cannot read the body: " + rootCause(error).getMessage());
                            }
                            return;
                        }
                        accept(format, body, response, release);
                    } catch (RuntimeException e) {
                        LOG.error("Unexpected failure while handling a request to {}", endpoint, e);
                        reject(response, release, endpoint, HttpStatus.INTERNAL_SERVER_ERROR_500, "internal_error",
                                "internal error");
                    }
                });
    }

    private void accept(AlertFormat format, byte[] body, Response response, Callback callback) {
        String endpoint = format.id();
        metrics.bytes(endpoint, body.length);
        long receivedAt = System.currentTimeMillis();
        ParseResult result = parser.parse(body, format.id(), Instant.ofEpochMilli(receivedAt));
        long started = System.nanoTime();
        if (result.isRejected()) {
            DeadLetter letter = result.rejected();
            // the sender proved who it is: keep what it sent, as the incident job would have
            writer.writeDeadLetter(letter).whenComplete((ok, error) -> {
                metrics.kafkaWrite(System.nanoTime() - started);
                if (error != null) {
                    kafkaUnavailable(response, callback, endpoint, error);
                } else {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("error", "malformed " + endpoint + " payload: " + letter.errorType());
                    answer.put("reason", letter.reason());
                    answer.put("kept", "dead-letter topic " + writer.deadLetterTopic());
                    metrics.rejection("malformed");
                    answer(response, callback, endpoint, HttpStatus.BAD_REQUEST_400, answer);
                }
            });
            return;
        }
        int count = result.alerts().size();
        byte[] key = RecordKeys.keyOf(format, body, result.alerts());
        writer.writeRaw(format.id(), key, body, receivedAt).whenComplete((ok, error) -> {
            metrics.kafkaWrite(System.nanoTime() - started);
            if (error != null) {
                kafkaUnavailable(response, callback, endpoint, error);
            } else {
                metrics.alerts(endpoint, count);
                answer(response, callback, endpoint, HttpStatus.OK_200, Map.of("status", "accepted", "alerts", count));
            }
        });
    }

    /** How much of an oversized body is read and dropped before the 413, so that the sender sees the answer. */
    static final long DRAIN_LIMIT_BYTES = 16L * 1024 * 1024;

    private void kafkaUnavailable(Response response, Callback callback, String endpoint, Throwable error) {
        Throwable cause = rootCause(error);
        LOG.warn("Kafka did not take a payload for {}: {}", endpoint, cause.toString());
        response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
        reject(response, callback, endpoint, HttpStatus.SERVICE_UNAVAILABLE_503, "kafka_unavailable",
                "Kafka did not acknowledge the payload (" + cause.getClass().getSimpleName() + "); retry later");
    }

    /**
     * Reads and drops what is left of a request's body, up to {@link #DRAIN_LIMIT_BYTES}, then runs {@code then}: a
     * sender still writing the body when the answer comes would otherwise get its connection reset instead of the
     * answer (HTTP clients often read the response only after sending). Beyond the limit the connection is closed.
     */
    private static void drainThen(Request request, Runnable then) {
        long[] drained = {0};
        Runnable reader = new Runnable() {
            @Override
            public void run() {
                while (true) {
                    Content.Chunk chunk = request.read();
                    if (chunk == null) {
                        request.demand(this);
                        return;
                    }
                    boolean done = chunk.isLast() || Content.Chunk.isFailure(chunk);
                    if (chunk.getByteBuffer() != null) {
                        drained[0] += chunk.getByteBuffer().remaining();
                    }
                    chunk.release();
                    if (done || drained[0] > DRAIN_LIMIT_BYTES) {
                        then.run();
                        return;
                    }
                }
            }
        };
        reader.run();
    }

    private void tooLarge(Response response, Callback callback, String endpoint, long declared) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        reject(response, callback, endpoint, HttpStatus.PAYLOAD_TOO_LARGE_413, "too_large",
                "body " + (declared >= 0 ? "of " + declared + " bytes " : "") + "exceeds the limit of "
                        + config.maxBodyBytes() + " bytes (" + GatewayOptions.MAX_BODY_BYTES.key() + ")");
    }

    private boolean reject(Response response, Callback callback, String endpoint, int code, String reason, String message) {
        metrics.rejection(reason);
        LOG.debug("{} {} for {}: {}", code, reason, endpoint, message);
        answer(response, callback, endpoint, code, Map.of("error", reason, "reason", message));
        return true;
    }

    private void answer(Response response, Callback callback, String endpoint, int code, Map<String, ?> body) {
        metrics.request(endpoint, code);
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
        response.write(true, ByteBuffer.wrap(Json.toBytes(body)), callback);
    }

    private boolean authorized(AlertFormat format, String authorization) {
        byte[] expected = tokenDigests.get(format);
        if (expected == null) {
            return config.allowAnonymous();
        }
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // digests have one length whatever the token's, so the comparison's time reveals nothing about it
        return MessageDigest.isEqual(expected, sha256(authorization.substring(7).strip()));
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals(JSON_TYPE);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static Throwable rootCause(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t.getCause() != null && t.getCause() != t) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
