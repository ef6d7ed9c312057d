package dev.itsm.jobs.incident;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.itsm.connectors.elasticsearch.ElasticsearchClients;
import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.id.Ids;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.jobs.TestingIncidentJob;
import dev.itsm.jobs.problem.ProblemJobRunner;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The problem job's links fed back into the incident job, both running on the real broker and node: the same
 * alerts, once with the link reaching the incident while it is still open and once with the problem job run only
 * after every incident closed, end with the same incidents, on the incidents topic and in {@code itsm-incidents}.
 *
 * <p>A backup fails three times, 35 minutes apart (as in the demo): three incidents on one root cause and alert,
 * each closed after its reopen window before the next opens; the third makes the {@code recurring-failure} problem.
 * Only the third was still kept when the problem was decided (at its opening), so only it names the problem.
 */
@ExtendWith(LocalStackExtension.class)
class ProblemLinksITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String CI = "pg-ams1-replica";
    private static final String ALERT = "PgBackupFailed";
    private static final String CMDB = """
            {"exported_at": "2026-01-15T00:00:00Z",
             "configuration_items": [
               {"id": "pg-ams1-replica", "type": "database", "name": "pg-ams1-replica", "identifiers": ["pg-ams1-replica"],
                "criticality": 2, "support_group": "dba"}],
             "relations": []}
            """;

    @Test
    void shouldEndWithTheSameIncidentsWhetherTheLinkComesWhileTheIncidentIsOpenOrAfterItClosed(
            KafkaBroker kafka, ElasticsearchNode node, @TempDir Path work) throws Exception {
        Path cmdb = work.resolve("cmdb.json");
        Files.writeString(cmdb, CMDB);

        Run whileOpen = linkWhileOpen(kafka, node, work.resolve("while-open"), cmdb);
        Run afterClose = linkAfterClose(kafka, node, work.resolve("after-close"), cmdb);

        List<Incident> backups = whileOpen.incidents().values().stream()
                .sorted(java.util.Comparator.comparing(Incident::openedAt)).toList();
        assertThat(backups).hasSize(3).extracting(Incident::status).containsOnly(IncidentStatus.CLOSED);
        String problemId = "prb-" + Ids.stable("recurring-failure", "root_cause_ci=" + CI + ", alert_name=" + ALERT,
                backups.get(0).id()).substring(0, 20);
        assertThat(backups).extracting(Incident::problemId)
                .as("only the third was kept when the problem was decided").containsExactly(null, null, problemId);
        assertThat(afterClose.incidents()).as("the same last revisions, the link before or after the close")
                .isEqualTo(whileOpen.incidents());
        assertThat(afterClose.indexed()).isEqualTo(whileOpen.indexed()).isEqualTo(whileOpen.incidents());
        assertThat(afterClose.history().get(backups.get(2).id())).as("after the close: the closed incident again")
                .extracting(Incident::status, Incident::problemId).endsWith(
                        org.assertj.core.groups.Tuple.tuple(IncidentStatus.CLOSED, null),
                        org.assertj.core.groups.Tuple.tuple(IncidentStatus.CLOSED, problemId));
        assertThat(whileOpen.history().get(backups.get(2).id())).as("while open: named before it closed")
                .extracting(Incident::status, Incident::problemId).endsWith(
                        org.assertj.core.groups.Tuple.tuple(IncidentStatus.RESOLVED, problemId),
                        org.assertj.core.groups.Tuple.tuple(IncidentStatus.CLOSED, problemId));
    }

    /** The last revision of every incident, on the topic and in the index, and every revision on the topic. */
    private record Run(Map<String, Incident> incidents, Map<String, Incident> indexed, Map<String, List<Incident>> history) {
    }

    /** Both jobs run; the third incident is resolved but kept when its link comes, and closes only after it. */
    private static Run linkWhileOpen(KafkaBroker kafka, ElasticsearchNode node, Path work, Path cmdb) throws Exception {
        Configuration conf = configuration(kafka, node, work, "links-while-open", cmdb);
        KafkaConfig topics = KafkaConfig.fromConfiguration(conf);
        try (TestingIncidentJob job = TestingIncidentJob.start(kafka, conf)) {
            JobClient problems = startProblemJob(conf);
            try {
                sendBackupFailures(job);
                job.heartbeat(T0.plus(Duration.ofMinutes(80))); // the third resolves at 75m; kept until 105m
                awaitLast(kafka, topics, i -> i.openedAt().isAfter(T0.plus(Duration.ofMinutes(60)))
                        && i.status() == IncidentStatus.RESOLVED && i.problemId() != null);
                job.heartbeat(T0.plus(Duration.ofMinutes(120)));
                awaitLast(kafka, topics, i -> i.openedAt().isAfter(T0.plus(Duration.ofMinutes(60)))
                        && i.status() == IncidentStatus.CLOSED);
                return settled(kafka, topics, ElasticsearchConfig.fromConfiguration(conf));
            } finally {
                problems.cancel().get();
            }
        }
    }

    /** The incident job alone until every incident closed, then the problem job over the incidents topic. */
    private static Run linkAfterClose(KafkaBroker kafka, ElasticsearchNode node, Path work, Path cmdb) throws Exception {
        Configuration conf = configuration(kafka, node, work, "links-after-close", cmdb);
        KafkaConfig topics = KafkaConfig.fromConfiguration(conf);
        try (TestingIncidentJob job = TestingIncidentJob.start(kafka, conf)) {
            sendBackupFailures(job);
            job.heartbeat(T0.plus(Duration.ofMinutes(80)));
            job.heartbeat(T0.plus(Duration.ofMinutes(120)));
            awaitLast(kafka, topics, i -> i.openedAt().isAfter(T0.plus(Duration.ofMinutes(60)))
                    && i.status() == IncidentStatus.CLOSED);
            assertThat(latest(kafka, topics).values()).extracting(Incident::problemId).containsOnlyNulls();

            // bounded: reads the incidents topic to its end, decides everything and stops
            StreamExecutionEnvironment env = JobEnvironments.create(conf);
            env.setParallelism(1);
            ProblemJobRunner.build(env, conf, true);
            env.execute(ProblemJobRunner.JOB_NAME);

            awaitLast(kafka, topics, i -> i.status() == IncidentStatus.CLOSED && i.problemId() != null);
            return settled(kafka, topics, ElasticsearchConfig.fromConfiguration(conf));
        }
    }

    private static Configuration configuration(KafkaBroker kafka, ElasticsearchNode node, Path work, String name,
                                               Path cmdb) {
        Configuration conf = TestingIncidentJob.configuration(kafka, node, work, name);
        conf.set(IncidentJobOptions.CMDB_FILE, cmdb.toString());
        return conf;
    }

    private static JobClient startProblemJob(Configuration conf) throws Exception {
        Configuration problems = new Configuration(conf);
        problems.set(IncidentJobOptions.ELASTICSEARCH_ENABLED, false); // Kafka and the incidents index are what counts
        StreamExecutionEnvironment env = JobEnvironments.create(problems);
        env.setParallelism(1);
        ProblemJobRunner.build(env, problems);
        return env.executeAsync(ProblemJobRunner.JOB_NAME);
    }

    /** Three backup failures 35 minutes apart, each resolved two minutes after it fired. */
    private static void sendBackupFailures(TestingIncidentJob job) throws Exception {
        for (int minute : List.of(1, 36, 71)) {
            Instant fired = T0.plus(Duration.ofMinutes(minute));
            Instant resolved = fired.plus(Duration.ofMinutes(2));
            job.send(alert("firing", fired), "generic", fired);
            job.send(alert("resolved", resolved), "generic", resolved);
        }
    }

    private static byte[] alert(String status, Instant at) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("name", ALERT);
        alert.put("status", status);
        alert.put("severity", "minor");
        alert.put("labels", Map.of("alertname", ALERT, "instance", CI));
        alert.put("ci_id", CI);
        alert.put(status.equals("firing") ? "starts_at" : "ends_at", at.toString());
        return Json.toBytes(alert);
    }

    /** Every incident record on the topic, by incident id, in the order written (one key, one partition). */
    private static Map<String, List<Incident>> history(KafkaBroker kafka, KafkaConfig topics) {
        Map<String, List<Incident>> history = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.readFromStart(topics.topic(Topics.INCIDENTS),
                Integer.MAX_VALUE, Duration.ofSeconds(3))) {
            Incident incident = Json.fromBytes(record.value(), Incident.class);
            history.computeIfAbsent(incident.id(), id -> new java.util.ArrayList<>()).add(incident);
        }
        return history;
    }

    /** The highest revision of every incident on the topic, as a reader of the changelog keeps it. */
    private static Map<String, Incident> latest(KafkaBroker kafka, KafkaConfig topics) {
        Map<String, Incident> latest = new TreeMap<>();
        history(kafka, topics).forEach((id, revisions) -> latest.put(id,
                revisions.stream().max(java.util.Comparator.comparingLong(Incident::revision)).orElseThrow()));
        return latest;
    }

    private static void awaitLast(KafkaBroker kafka, KafkaConfig topics, Predicate<Incident> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (latest(kafka, topics).values().stream().anyMatch(condition)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no incident as expected within " + WAIT + ": " + latest(kafka, topics));
    }

    /** The topic and the index once nothing changes in them for a few seconds. */
    @SuppressWarnings("rawtypes")
    private static Run settled(KafkaBroker kafka, KafkaConfig topics, ElasticsearchConfig indices) throws Exception {
        String index = indices.index("incidents");
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Incident> previous = Map.of();
        Map<String, Incident> previousIndexed = Map.of();
        try (ElasticsearchClient client = ElasticsearchClients.client(indices)) {
            while (System.nanoTime() < deadline) {
                Thread.sleep(2000);
                Map<String, Incident> topic = latest(kafka, topics);
                Map<String, Incident> indexed = new TreeMap<>();
                if (client.indices().exists(e -> e.index(index)).value()) {
                    client.indices().refresh(r -> r.index(index));
                    for (Hit<Map> hit : client.search(s -> s.index(index).size(100).version(true), Map.class).hits().hits()) {
                        Incident incident = Json.fromBytes(Json.toBytes(hit.source()), Incident.class);
                        assertThat(hit.version()).as("version of %s", hit.id()).isEqualTo(incident.revision());
                        indexed.put(hit.id(), incident);
                    }
                }
                if (!topic.isEmpty() && topic.equals(previous) && indexed.equals(previousIndexed)
                        && indexed.equals(topic)) {
                    return new Run(topic, indexed, history(kafka, topics));
                }
                previous = topic;
                previousIndexed = indexed;
            }
        }
        throw new AssertionError("the incidents did not settle within " + WAIT + ": " + previous);
    }
}
