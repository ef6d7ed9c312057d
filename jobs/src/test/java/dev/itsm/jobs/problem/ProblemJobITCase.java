package dev.itsm.jobs.problem;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.itsm.connectors.elasticsearch.ElasticsearchClients;
import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.elasticsearch.ElasticsearchOptions;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.id.Ids;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Problem;
import dev.itsm.core.model.ProblemStatus;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.jobs.JobOptions;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.itsm.jobs.problem.TestingIncidents.hours;
import static dev.itsm.jobs.problem.TestingIncidents.next;
import static dev.itsm.jobs.problem.TestingIncidents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The problem job as {@link ProblemJobRunner} runs it, bounded: from an incidents changelog in the real Kafka broker,
 * through the problem job and its problems indexer on a MiniCluster, to the problems and problem-links topics and the
 * real Elasticsearch node.
 */
@ExtendWith(LocalStackExtension.class)
class ProblemJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Duration QUIET_PERIOD = Duration.ofDays(7); // rules/pack/problems.yaml
    private static final String BACKUP_CI = "pg-ams1-replica";
    private static final String BACKUP_ALERT = "PgBackupFailed";
    private static final String BACKUP_SIGNATURE = "root_cause_ci=" + BACKUP_CI + ", alert_name=" + BACKUP_ALERT;
    private static final String EDGE_CI = "lb-fra1-edge01";
    private static final String EDGE_ALERT = "HttpProbeFailed";
    private static final String EDGE_SIGNATURE = "root_cause_ci=" + EDGE_CI + ", alert_name=" + EDGE_ALERT;
    private static final String SHOP = "svc-online-shop";

    @Test
    void shouldTurnAnIncidentsChangelogIntoARecurringAndAChronicFlappingProblemInElasticsearch(
            KafkaBroker kafka, ElasticsearchNode node, @TempDir Path checkpoints) throws Exception {
        String prefix = kafka.freshTopic("problem-job");
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(KafkaOptions.TOPIC_PREFIX, prefix);
        conf.set(KafkaOptions.GROUP_ID_PREFIX, prefix);
        conf.set(ElasticsearchOptions.HOSTS, List.of(node.httpUrl()));
        conf.set(ElasticsearchOptions.INDEX_PREFIX, node.freshIndex("problem-job"));
        // short: a bounded job finishes only after its final checkpoint
        conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
        KafkaConfig topics = KafkaConfig.fromConfiguration(conf);
        ElasticsearchConfig indices = ElasticsearchConfig.fromConfiguration(conf);
        kafka.createTopic(topics.topic(Topics.INCIDENTS), KafkaBroker.FRESH_TOPIC_PARTITIONS,
                Map.of("cleanup.policy", "compact"));

        // three backup failures hours apart, irregularly (2h, then 7h: no daily rhythm), each opened, acknowledged
        // and resolved
        Incident backup1 = opened("inc-backup-1", BACKUP_CI, BACKUP_ALERT, hours(0), SHOP);
        Incident backup2 = opened("inc-backup-2", BACKUP_CI, BACKUP_ALERT, hours(2), SHOP);
        Incident backup3 = opened("inc-backup-3", BACKUP_CI, BACKUP_ALERT, hours(9), SHOP);
        // two of another signature: one short of a recurrence
        Incident report1 = opened("inc-report-1", "app-ams1-reporting", "ReportJobFailed", hours(1), "svc-reporting");
        Incident report2 = opened("inc-report-2", "app-ams1-reporting", "ReportJobFailed", hours(7), "svc-reporting");
        // resolved and reopened three times; with the backups, the fourth incident on the shop within 24h: one short
        // of service-repeatedly-impacted
        Incident edge = opened("inc-edge-1", EDGE_CI, EDGE_ALERT, hours(3), SHOP);

        List<Incident> changes = new ArrayList<>();
        for (Incident incident : List.of(backup1, backup2, backup3, report1, report2)) {
            Incident acknowledged = next(incident, incident.openedAt().plus(Duration.ofMinutes(10)),
                    IncidentStatus.ACKNOWLEDGED, 0);
            changes.add(incident);
            changes.add(acknowledged);
            changes.add(next(acknowledged, incident.openedAt().plus(Duration.ofMinutes(40)), IncidentStatus.RESOLVED, 0));
        }
        Incident flapping = edge;
        changes.add(flapping);
        for (int reopen = 1; reopen <= 3; reopen++) {
            flapping = next(flapping, hours(3 + 0.5 * reopen - 0.25), IncidentStatus.RESOLVED, reopen - 1);
            changes.add(flapping);
            flapping = next(flapping, hours(3 + 0.5 * reopen), IncidentStatus.NEW, reopen);
            changes.add(flapping);
        }
        Instant chronicAt = flapping.updated();
        changes.add(next(flapping, hours(5), IncidentStatus.RESOLVED, 3));
        changes.sort(Comparator.comparing(Incident::updated));
        produce(kafka, topics.topic(Topics.INCIDENTS), changes);

        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        env.setParallelism(2);
        ProblemJobRunner.build(env, conf, true);
        env.execute(ProblemJobRunner.JOB_NAME);
        // a bounded run has no indexer of its own (it would stop before the job wrote anything): index afterwards
        StreamExecutionEnvironment indexer = JobEnvironments.create(conf);
        ProblemIndexerJob.build(indexer, conf, true);
        indexer.execute("problems indexer");

        String lineage = RulePackLoader.loadDefault().lineage();
        String recurringId = problemId("recurring-failure", BACKUP_SIGNATURE, backup1.id());
        String chronicId = problemId("chronic-flapping", EDGE_SIGNATURE, edge.id());
        // A bounded run ends by moving event time to the end of time, which fires every pending timer: each problem's
        // quiet period passes without a further incident, so each resolves (revision 2, event time = the last change
        // + 7d) and is then forgotten. What stays is the resolved problem.
        Problem recurring = new Problem(recurringId, 2,
                "Recurring: " + BACKUP_ALERT + " on " + BACKUP_CI + " (3 incidents in 24h)", ProblemStatus.RESOLVED,
                "recurring-failure", BACKUP_SIGNATURE, BACKUP_CI, null, hours(0), hours(9), 3,
                List.of(backup1.id(), backup2.id(), backup3.id()), lineage, hours(9).plus(QUIET_PERIOD), null);
        Problem chronic = new Problem(chronicId, 2,
                "Chronic flapping: " + EDGE_ALERT + " on " + EDGE_CI + " (reopened 3 times)", ProblemStatus.RESOLVED,
                "chronic-flapping", EDGE_SIGNATURE, EDGE_CI, null, hours(3), hours(3), 1, List.of(edge.id()), lineage,
                chronicAt.plus(QUIET_PERIOD), null);

        List<Problem> changelog = kafka.readFromStart(topics.topic(Topics.PROBLEMS), 5, Duration.ofSeconds(3))
                .stream().map(r -> {
                    Problem problem = Json.fromBytes(r.value(), Problem.class);
                    assertThat(key(r)).as("keyed by problem id").isEqualTo(problem.id());
                    return problem;
                }).toList();
        assertThat(changelog).as("each problem opened (revision 1) and resolved (revision 2), nothing else")
                .extracting(Problem::id, Problem::revision, Problem::status)
                .containsExactlyInAnyOrder(tuple(recurringId, 1L, ProblemStatus.NEW),
                        tuple(recurringId, 2L, ProblemStatus.RESOLVED), tuple(chronicId, 1L, ProblemStatus.NEW),
                        tuple(chronicId, 2L, ProblemStatus.RESOLVED));
        assertThat(changelog).filteredOn(p -> p.revision() == 2).containsExactlyInAnyOrder(recurring, chronic);

        List<ConsumerRecord<byte[], byte[]>> links = kafka.readFromStart(topics.topic(Topics.PROBLEM_LINKS), 5,
                Duration.ofSeconds(3));
        assertThat(links).as("keyed by incident id").allSatisfy(r ->
                assertThat(key(r)).isEqualTo(Json.fromBytes(r.value(), ProblemLink.class).incidentId()));
        assertThat(links).extracting(r -> Json.fromBytes(r.value(), ProblemLink.class)).containsExactlyInAnyOrder(
                new ProblemLink(backup1.id(), recurringId, hours(9)),
                new ProblemLink(backup2.id(), recurringId, hours(9)),
                new ProblemLink(backup3.id(), recurringId, hours(9)),
                new ProblemLink(edge.id(), chronicId, chronicAt));

        Map<String, Long> versions = new TreeMap<>();
        List<Problem> indexed = new ArrayList<>();
        String index = indices.index("problems");
        try (ElasticsearchClient client = ElasticsearchClients.client(indices)) {
            // the indexer runs in the same bounded job, so it must index what this run wrote to the problems
            // topic, which was empty when the job started
            assertThat(client.indices().exists(e -> e.index(index)).value())
                    .as("the bounded run's problems indexer wrote the run's problems to %s", index).isTrue();
            client.indices().refresh(r -> r.index(index));
            @SuppressWarnings("rawtypes")
            var response = client.search(s -> s.index(index).size(100).version(true), Map.class);
            for (@SuppressWarnings("rawtypes") Hit<Map> hit : response.hits().hits()) {
                Problem problem = Json.fromBytes(Json.toBytes(hit.source()), Problem.class);
                assertThat(hit.id()).isEqualTo(problem.id());
                indexed.add(problem);
                versions.put(hit.id(), hit.version());
            }
        }
        assertThat(indexed).as("exactly the two problems, as their last revision")
                .containsExactlyInAnyOrder(recurring, chronic);
        assertThat(versions).as("each document's version is its problem's revision (external versioning)")
                .containsExactlyInAnyOrderEntriesOf(Map.of(recurringId, 2L, chronicId, 2L));
    }

    /** The id the problem function derives from the pattern, the signature and the problem's first incident. */
    private static String problemId(String pattern, String signature, String firstIncidentId) {
        return "prb-" + Ids.stable(pattern, signature, firstIncidentId).substring(0, 20);
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    /**
     * Writes the changes as the incident job does (key: incident id, record time: the change's time) and waits until
     * every one is acknowledged.
     */
    static void produce(KafkaBroker kafka, String topic, List<Incident> changes) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Incident change : changes) {
                // one partition: the job reads the changes in the order they happened, so the outcome is exact
                sent.add(producer.send(new ProducerRecord<>(topic, 0, change.updated().toEpochMilli(), change.id(),
                        Json.toBytes(change))));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : sent) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
    }
}
