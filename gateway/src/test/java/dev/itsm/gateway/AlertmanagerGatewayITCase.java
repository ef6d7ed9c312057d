package dev.itsm.gateway;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.elasticsearch.ElasticsearchClients;
import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.elasticsearch.ElasticsearchOptions;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAlert;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.jobs.JobOptions;
import dev.itsm.jobs.incident.IncidentJobOptions;
import dev.itsm.jobs.incident.IncidentJobRunner;
import dev.itsm.jobs.incident.ParseFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A real sender end to end: Prometheus (Debian's {@code prometheus}) fires a rule, Alertmanager (Debian's
 * {@code prometheus-alertmanager}) posts its webhook with a bearer token to the gateway, the incident job on a
 * MiniCluster turns it into an incident in Elasticsearch; the rule stops firing, Alertmanager sends the resolve,
 * and the incident resolves.
 */
@ExtendWith(LocalStackExtension.class)
class AlertmanagerGatewayITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    private static final String TOKEN = "am-e2e-token-" + Long.toHexString(System.nanoTime());
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String CMDB = """
            {"exported_at": "2026-01-15T00:00:00Z",
             "configuration_items": [
               {"id": "web01", "type": "server", "name": "web01", "identifiers": ["web01"], "criticality": 2,
                "support_group": "web"}],
             "relations": []}
            """;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void shouldTurnAnAlertmanagerWebhookIntoAnIncidentAndResolveItWhenTheRuleStopsFiring(
            KafkaBroker kafka, ElasticsearchNode node, @TempDir Path work) throws Exception {
        for (Path binary : List.of(PROMETHEUS, ALERTMANAGER)) {
            if (!Files.isExecutable(binary)) {
                fail(binary + " is missing: this test needs the Debian packages prometheus and prometheus-alertmanager "
                        + "(apt-get install prometheus prometheus-alertmanager; .ci/run installs them)");
            }
        }
        String prefix = kafka.freshTopic("gateway-e2e");
        Path cmdb = work.resolve("cmdb.json");
        Files.writeString(cmdb, CMDB);
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(KafkaOptions.TOPIC_PREFIX, prefix);
        conf.set(KafkaOptions.GROUP_ID_PREFIX, prefix);
        conf.set(ElasticsearchOptions.HOSTS, List.of(node.httpUrl()));
        conf.set(ElasticsearchOptions.INDEX_PREFIX, node.freshIndex("gateway-e2e"));
        conf.set(IncidentJobOptions.CMDB_FILE, cmdb.toString());
        conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        conf.setString("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        conf.set(GatewayOptions.PORT, 0);
        conf.set(GatewayOptions.TOKEN_ALERTMANAGER, TOKEN);
        KafkaConfig topics = KafkaConfig.fromConfiguration(conf);
        // one raw partition, so one heartbeat moves the job's event time
        kafka.createTopic(topics.topic(Topics.ALERTS_RAW), 1);

        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        env.setParallelism(2);
        IncidentJobRunner.build(env, conf);
        JobClient job = env.executeAsync(IncidentJobRunner.JOB_NAME);
        List<Process> processes = new ArrayList<>();
        try (IngestGateway gateway = IngestGateway.start(GatewayConfig.fromConfiguration(conf, Map.of()))) {
            int[] ports = freePorts(2);
            int alertmanagerPort = ports[0];
            int prometheusPort = ports[1];
            processes.add(startAlertmanager(work.resolve("alertmanager"), alertmanagerPort, gateway.alertsUrl(
                    dev.itsm.connectors.alerts.AlertFormat.ALERTMANAGER)));
            Path rules = work.resolve("prometheus/rules.yml");
            processes.add(startPrometheus(work.resolve("prometheus"), rules, prometheusPort, alertmanagerPort));

            ElasticsearchConfig indices = ElasticsearchConfig.fromConfiguration(conf);
            Incident opened = awaitIncident(indices, i -> i.status() != IncidentStatus.RESOLVED, processes, work);
            assertThat(opened.alerts()).extracting(IncidentAlert::name).containsExactly("GatewayE2eDown");
            assertThat(opened.alerts()).extracting(IncidentAlert::source).containsExactly("alertmanager");
            assertThat(opened.rootCauseCiId()).isEqualTo("web01");

            // the rule stops firing: Prometheus sends the resolved alert, Alertmanager the resolve webhook
            Files.writeString(rules, rules("vector(1) < 0"));
            HttpResponse<String> reload = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + prometheusPort + "/-/reload")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reload.statusCode()).as("Prometheus reloaded its rules: %s", reload.body()).isEqualTo(200);
            ConsumerRecord<byte[], byte[]> resolved = awaitRaw(kafka, topics.topic(Topics.ALERTS_RAW),
                    v -> v.contains("\"status\":\"resolved\""));
            // the job resolves an incident resolve-hold (2m, event time) after its last alert resolved: move event
            // time on with a heartbeat, as a later alert would
            heartbeat(kafka, topics.topic(Topics.ALERTS_RAW), resolved.timestamp() + Duration.ofMinutes(5).toMillis());
            Incident closed = awaitIncident(indices, i -> i.status() == IncidentStatus.RESOLVED, processes, work);
            assertThat(closed.id()).isEqualTo(opened.id());
            assertThat(closed.resolvedAt()).isNotNull();
        } finally {
            processes.forEach(AlertmanagerGatewayITCase::stop);
            job.cancel().get();
        }
    }

    private static int[] freePorts(int count) throws IOException {
        java.net.ServerSocket[] sockets = new java.net.ServerSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (java.net.ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        return ports;
    }

    // ---- the peers -----------------------------------------------------------------------------------------------

    private static Process startAlertmanager(Path dir, int port, String webhookUrl) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: itsm
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: itsm
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                        http_config:
                          authorization:
                            credentials: %s
                """.formatted(webhookUrl, TOKEN));
        return start(dir, List.of(ALERTMANAGER.toString(), "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=", "--log.level=info"));
    }

    private static Process startPrometheus(Path dir, Path rules, int port, int alertmanagerPort) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(rules, rules("vector(1)"));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [%s]
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ['127.0.0.1:%d']
                """.formatted(rules, alertmanagerPort));
        return start(dir, List.of(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-lifecycle", "--rules.alert.resend-delay=1s", "--log.level=info"));
    }

    private static String rules(String expr) {
        return """
                groups:
                  - name: itsm-gateway-e2e
                    interval: 1s
                    rules:
                      - alert: GatewayE2eDown
                        expr: %s
                        for: 0s
                        labels:
                          severity: critical
                          instance: web01:9100
                        annotations:
                          summary: web01 is down
                """.formatted(expr);
    }

    private static Process start(Path dir, List<String> command) throws IOException {
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("process.log").toFile()).start();
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    // ---- Kafka and Elasticsearch ---------------------------------------------------------------------------------

    private static ConsumerRecord<byte[], byte[]> awaitRaw(KafkaBroker kafka, String topic, Predicate<String> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : kafka.readFromStart(topic, 1000, Duration.ofSeconds(1))) {
                if (wanted.test(new String(record.value(), StandardCharsets.UTF_8))) {
                    return record;
                }
            }
        }
        throw new AssertionError("no such record on " + topic + " within " + WAIT);
    }

    private static void heartbeat(KafkaBroker kafka, String topic, long timestamp) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(AlertParser.FORMAT_HEADER, ParseFunction.HEARTBEAT.getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(topic, 0, timestamp, null, new byte[0], headers)).get();
        }
    }

    @SuppressWarnings("rawtypes")
    private static Incident awaitIncident(ElasticsearchConfig indices, Predicate<Incident> wanted, List<Process> processes,
                                          Path work) throws Exception {
        String index = indices.index("incidents");
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (ElasticsearchClient client = ElasticsearchClients.client(indices)) {
            while (System.nanoTime() < deadline) {
                for (Process process : processes) {
                    if (!process.isAlive()) {
                        fail("a peer exited (" + process.info().command().orElse("?") + "); logs under " + work);
                    }
                }
                if (client.indices().exists(e -> e.index(index)).value()) {
                    client.indices().refresh(r -> r.index(index));
                    var response = client.search(s -> s.index(index).size(10), Map.class);
                    List<Incident> incidents = new ArrayList<>();
                    for (Hit<Map> hit : response.hits().hits()) {
                        incidents.add(Json.fromBytes(Json.toBytes(hit.source()), Incident.class));
                    }
                    Optional<Incident> found = incidents.stream().filter(wanted).findFirst();
                    if (found.isPresent()) {
                        assertThat(incidents).as("one incident").hasSize(1);
                        return found.get();
                    }
                }
                Thread.sleep(500);
            }
        }
        throw new AssertionError("no such incident in " + index + " within " + WAIT + "; peers' logs under " + work
                + ": " + tail(work.resolve("alertmanager/process.log")) + tail(work.resolve("prometheus/process.log")));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n--- " + log + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "\n(no " + log + ")";
        }
    }
}
