package dev.itsm.cli.bench;

import dev.itsm.connectors.alerts.AlertFormat;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.core.json.Json;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.gateway.GatewayConfig;
import dev.itsm.gateway.GatewayOptions;
import dev.itsm.gateway.IngestGateway;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code itsm bench gateway}: client threads post Alertmanager webhook batches to the gateway over loopback (HTTP/1.1
 * keep-alive, one connection per client), each waiting for its answer before the next; then the raw topic is
 * checked to hold one record per accepted request.
 */
public final class GatewayBenchmark {
    private static final String TOKEN = "bench-token";
    private static final int DISTINCT_BODIES = 64;

    /** What to run: alerts in all, alerts per request, concurrent clients. */
    public record Settings(long alerts, int batch, int clients) {
    }

    /** Accepted alerts/s over the measured phase, request latency percentiles, and the topic check. */
    public record Result(long acceptedRequests, long acceptedAlerts, long refused, double alertsPerSecond,
                         double requestsPerSecond, double p50Millis, double p99Millis, double maxMillis,
                         long rawRecords) {
    }

    private final KafkaBroker kafka;
    private final PrintStream out;

    public GatewayBenchmark(KafkaBroker kafka, PrintStream out) {
        this.kafka = kafka;
        this.out = out;
    }

    public Result run(Settings settings) throws Exception {
        String prefix = "bench-gateway-" + Long.toHexString(System.nanoTime());
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(KafkaOptions.TOPIC_PREFIX, prefix);
        conf.set(GatewayOptions.PORT, 0);
        conf.set(GatewayOptions.TOKEN_ALERTMANAGER, TOKEN);
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < DISTINCT_BODIES; i++) {
            bodies.add(batch(i, settings.batch()));
        }
        long requests = Math.max(1, settings.alerts() / settings.batch());
        long warmup = Math.min(requests / 10, 200L * settings.clients());
        out.printf("%,d requests of %d alerts (%,d bytes each), %d clients, the first %,d a warm-up%n",
                requests, settings.batch(), bodies.get(0).length, settings.clients(), warmup);
        try (IngestGateway gateway = IngestGateway.start(GatewayConfig.fromConfiguration(conf, Map.of()), 4)) {
            URI url = URI.create(gateway.alertsUrl(AlertFormat.ALERTMANAGER));
            AtomicLong next = new AtomicLong();
            AtomicLong accepted = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            AtomicLong measuredStart = new AtomicLong();
            long[] latencies = new long[(int) requests];
            Arrays.fill(latencies, -1);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < settings.clients(); c++) {
                Thread client = new Thread(() -> post(url, bodies, requests, warmup, next, accepted, refused,
                        measuredStart, latencies), "bench-client-" + c);
                clients.add(client);
                client.start();
            }
            long lastPrint = System.nanoTime();
            while (clients.stream().anyMatch(Thread::isAlive)) {
                clients.get(0).join(200);
                if (System.nanoTime() - lastPrint > 2_000_000_000L) {
                    lastPrint = System.nanoTime();
                    out.printf("  %,d / %,d requests answered%n", accepted.get() + refused.get(), requests);
                }
            }
            for (Thread client : clients) {
                client.join();
            }
            long elapsed = System.nanoTime() - measuredStart.get();
            long[] measured = Arrays.stream(latencies, (int) warmup, latencies.length).filter(l -> l >= 0).sorted().toArray();
            long measuredRequests = measured.length;
            double seconds = elapsed / 1e9;
            long rawRecords = countRecords(gateway.rawTopic());
            return new Result(accepted.get(), accepted.get() * settings.batch(), refused.get(),
                    measuredRequests * settings.batch() / seconds, measuredRequests / seconds,
                    percentile(measured, 0.50), percentile(measured, 0.99), percentile(measured, 1.0), rawRecords);
        }
    }

    private static void post(URI url, List<byte[]> bodies, long requests, long warmup, AtomicLong next,
                             AtomicLong accepted, AtomicLong refused, AtomicLong measuredStart, long[] latencies) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long i;
        while ((i = next.getAndIncrement()) < requests) {
            if (i == warmup) {
                measuredStart.set(System.nanoTime());
            }
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get((int) (i % bodies.size())))).build();
            long started = System.nanoTime();
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    accepted.incrementAndGet();
                    latencies[(int) i] = System.nanoTime() - started;
                } else {
                    refused.incrementAndGet();
                }
            } catch (Exception e) {
                refused.incrementAndGet();
            }
        }
    }

    private long countRecords(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** An Alertmanager webhook group of {@code size} firing alerts on distinct hosts. */
    static byte[] batch(int group, int size) {
        Instant startsAt = Instant.parse("2026-03-02T10:00:00Z").plusSeconds(group);
        String name = "BenchAlert" + group;
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Map<String, Object> alert = new LinkedHashMap<>();
            alert.put("status", "firing");
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("alertname", name);
            labels.put("instance", "host-" + group + "-" + i + ":9100");
            labels.put("job", "node");
            labels.put("severity", i % 10 == 0 ? "critical" : "warning");
            alert.put("labels", labels);
            alert.put("annotations", Map.of("summary", name + " on host-" + group + "-" + i,
                    "description", "generated by itsm bench gateway"));
            alert.put("startsAt", startsAt.toString());
            alert.put("endsAt", "0001-01-01T00:00:00Z");
            alert.put("generatorURL", "http://prometheus:9090/graph?g0.expr=up+%3D%3D+0");
            alert.put("fingerprint", Long.toHexString((long) group * 1_000_003L + i));
            alerts.add(alert);
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("receiver", "itsm");
        message.put("status", "firing");
        message.put("alerts", alerts);
        message.put("groupLabels", Map.of("alertname", name));
        message.put("commonLabels", Map.of("alertname", name, "job", "node"));
        message.put("commonAnnotations", Map.of());
        message.put("externalURL", "http://alertmanager:9093");
        message.put("version", "4");
        message.put("groupKey", "{}:{alertname=\"" + name + "\"}");
        message.put("truncatedAlerts", 0);
        return Json.toBytes(message);
    }
}
