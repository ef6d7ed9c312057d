package dev.itsm.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.elasticsearch.ElasticsearchClients;
import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.elasticsearch.ElasticsearchOptions;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.FlinkCluster;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import dev.itsm.jobs.incident.ParseFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job jar on a real standalone Flink cluster: a JobManager and two TaskManagers as separate JVMs, started from
 * the Flink jars without the project's classes; {@code itsm run incident --jobmanager} uploads the shaded jar that
 * the build left in {@code jobs/target} and starts the incident job there; an Alertmanager webhook payload goes in
 * through the real broker, the incident comes out of the real Elasticsearch node, and its resolve resolves it.
 */
@ExtendWith(LocalStackExtension.class)
class ClusterITCase {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");

    @Test
    void shouldRunTheIncidentJobFromItsJarOnAStandaloneClusterWithTwoTaskManagers(
            KafkaBroker kafka, ElasticsearchNode node, @TempDir Path work) throws Exception {
        Path jar = RunCommand.defaultJar();
        assertThat(jar).as("the shaded job jar (mvn package builds it before this module's tests)").isRegularFile();
        String topicPrefix = kafka.freshTopic("cluster");
        String indexPrefix = node.freshIndex("cluster");

        try (FlinkCluster cluster = FlinkCluster.start(work.resolve("flink"), FlinkCluster.flinkClassPath(), 2, Map.of())) {
            assertThat(FlinkCluster.flinkClassPath()).doesNotContain("itsm-jobs").doesNotContain("jobs/target/classes");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine line = Itsm.commandLine();
            line.setOut(new PrintWriter(out));
            line.setErr(new PrintWriter(err));
            int exit = line.execute("run", "incident", "--jobmanager", cluster.restAddress(), "--jar", jar.toString(),
                    "--parallelism", "4",
                    "-D", "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "-D", "kafka.topic-prefix=" + topicPrefix,
                    "-D", "kafka.group-id-prefix=" + topicPrefix,
                    "-D", "elasticsearch.hosts=" + node.httpUrl(),
                    "-D", "elasticsearch.index-prefix=" + indexPrefix,
                    "-D", "itsm.cmdb.file=" + Path.of("../demo/cmdb.json").toAbsolutePath().normalize(),
                    "-D", "execution.checkpointing.interval=1s",
                    // the demo estate's SLOs would raise burn-rate alerts for the outage below, which become incidents
                    // of their own (SloFeedbackITCase covers them): this test is about the job on a cluster
                    "-D", "itsm.slo.burn-rate-alerts=false");
            assertThat(exit).as("itsm run: %s %s; cluster logs %s", out, err, cluster.logFiles()).isZero();
            Matcher submitted = Pattern.compile("as job ([0-9a-f]{32})").matcher(out.toString());
            assertThat(submitted.find()).as(out.toString()).isTrue();
            String jobId = submitted.group(1);
            awaitRunning(cluster, jobId);
            assertThat(cluster.get("/jobs/" + jobId)).as("four parallel subtasks need the slots of both TaskManagers")
                    .contains("\"parallelism\":4");

            ElasticsearchConfig indices = ElasticsearchConfig.fromConfiguration(configuration(node, indexPrefix));
            String raw = topicPrefix + ".alerts.raw";
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
                send(producer, raw, alertmanager("firing", T0), T0);
                Incident opened = awaitIncident(indices, i -> i.status() == IncidentStatus.NEW, cluster);
                assertThat(opened.title()).isEqualTo("NodeDown on host-fra1-db01");
                assertThat(opened.priority()).isEqualTo(Priority.P1);
                assertThat(opened.rootCauseCiId()).isEqualTo("host-fra1-db01");

                Instant resolvedAt = T0.plus(Duration.ofMinutes(3));
                send(producer, raw, alertmanager("resolved", resolvedAt), resolvedAt);
                heartbeats(producer, raw, resolvedAt.plus(Duration.ofMinutes(5)));
                Incident resolved = awaitIncident(indices, i -> i.status() == IncidentStatus.RESOLVED, cluster);
                assertThat(resolved.id()).isEqualTo(opened.id());
                assertThat(resolved.resolvedAt()).as("2 minutes after its alert resolved (resolve-hold)")
                        .isEqualTo(resolvedAt.plus(Duration.ofMinutes(2)));
            }
            assertThat(new FlinkRestClient(cluster.restAddress()).state(jobId)).isEqualTo("RUNNING");
            new FlinkRestClient(cluster.restAddress()).cancel(jobId);
        }
    }

    @Test
    void shouldSayWhenNoClusterAnswers() {
        StringWriter err = new StringWriter();
        CommandLine line = Itsm.commandLine();
        line.setOut(new PrintWriter(new StringWriter()));
        line.setErr(new PrintWriter(err));
        int exit = line.execute("run", "incident", "--jobmanager", "127.0.0.1:1", "--jar", "../pom.xml");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach the Flink cluster at http://127.0.0.1:1: connection refused");
    }

    private static Configuration configuration(ElasticsearchNode node, String indexPrefix) {
        Configuration conf = new Configuration();
        conf.set(ElasticsearchOptions.HOSTS, List.of(node.httpUrl()));
        conf.set(ElasticsearchOptions.INDEX_PREFIX, indexPrefix);
        return conf;
    }

    private static void awaitRunning(FlinkCluster cluster, String jobId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = new FlinkRestClient(cluster.restAddress()).state(jobId);
            String job = cluster.get("/jobs/" + jobId);
            // RUNNING with every task running, not only scheduled
            if (state.equals("RUNNING") && !job.contains("\"status\":\"DEPLOYING\"") && !job.contains("\"status\":\"SCHEDULED\"")
                    && !job.contains("\"status\":\"INITIALIZING\"") && !job.contains("\"status\":\"CREATED\"")) {
                return;
            }
            assertThat(state).as("job state; exceptions: %s", cluster.get("/jobs/" + jobId + "/exceptions"))
                    .isNotIn("FAILED", "CANCELED", "FINISHED");
            Thread.sleep(500);
        }
        throw new AssertionError("the job is " + state + " after " + WAIT + "; logs " + cluster.logFiles());
    }

    /** The one incident in the index once it satisfies the condition. */
    @SuppressWarnings("rawtypes")
    private static Incident awaitIncident(ElasticsearchConfig indices, java.util.function.Predicate<Incident> condition,
                                          FlinkCluster cluster) throws Exception {
        String index = indices.index("incidents");
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Incident> seen = new ArrayList<>();
        try (ElasticsearchClient client = ElasticsearchClients.client(indices)) {
            while (System.nanoTime() < deadline) {
                if (client.indices().exists(e -> e.index(index)).value()) {
                    client.indices().refresh(r -> r.index(index));
                    seen.clear();
                    client.search(s -> s.index(index).size(10), Map.class).hits().hits()
                            .forEach(hit -> seen.add(Json.fromBytes(Json.toBytes(hit.source()), Incident.class)));
                    Optional<Incident> match = seen.stream().filter(condition).findFirst();
                    if (match.isPresent()) {
                        assertThat(seen).as("one incident").hasSize(1);
                        return match.get();
                    }
                }
                Thread.sleep(500);
            }
        }
        throw new AssertionError("no such incident after " + WAIT + " in " + seen + "; logs " + cluster.logFiles());
    }

    /** An Alertmanager webhook (version 4) with one alert on the fra1 database host. */
    private static byte[] alertmanager(String status, Instant at) {
        String alert = """
                {"version": "4", "groupKey": "{}:{alertname=\\"NodeDown\\"}", "status": "%1$s", "receiver": "itsm",
                 "groupLabels": {"alertname": "NodeDown"}, "commonLabels": {"alertname": "NodeDown"},
                 "commonAnnotations": {}, "externalURL": "http://alertmanager:9093", "truncatedAlerts": 0,
                 "alerts": [{"status": "%1$s",
                   "labels": {"alertname": "NodeDown", "severity": "critical", "instance": "db01.fra1.example.com:9100", "job": "node"},
                   "annotations": {"summary": "host-fra1-db01 is down"},
                   "startsAt": "%2$s", "endsAt": "%3$s", "generatorURL": "http://prometheus:9090/graph",
                   "fingerprint": "5b1e6a8f0f2c3d4e"}]}
                """.formatted(status, T0, status.equals("resolved") ? at : "0001-01-01T00:00:00Z");
        return alert.getBytes(StandardCharsets.UTF_8);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] payload, Instant at) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add(AlertParser.FORMAT_HEADER, "alertmanager".getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), null, payload, headers)).get();
    }

    /** Moves event time on every raw partition past the resolve hold. */
    private static void heartbeats(KafkaProducer<byte[], byte[]> producer, String topic, Instant at) throws Exception {
        for (PartitionInfo partition : producer.partitionsFor(topic)) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(AlertParser.FORMAT_HEADER, ParseFunction.HEARTBEAT.getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(topic, partition.partition(), at.toEpochMilli(), null, new byte[0], headers)).get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaBroker kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
