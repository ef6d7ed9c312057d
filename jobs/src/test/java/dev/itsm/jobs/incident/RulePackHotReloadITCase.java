package dev.itsm.jobs.incident;

import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.connectors.rules.RulePackPublisher;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import dev.itsm.jobs.TestingIncidentJob;
import dev.itsm.jobs.TestingMetrics;
import dev.itsm.jobs.TestingRulePacks;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot reload on the real broker: the incident job runs with the default pack; a pack with a stricter priority matrix
 * is published as {@code itsm rules publish} does; new incidents get the new priority and name the new lineage, the
 * old one is left as it was; an invalid pack written to the topic by hand is refused and the job runs on with the
 * published pack.
 */
@ExtendWith(LocalStackExtension.class)
class RulePackHotReloadITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Parse, alert state, incidents, SLA clocks, service impact and SLOs, each at parallelism 2. */
    private static final int RULE_READING_SUBTASKS = 12;

    private static final String CMDB = """
            {"exported_at": "2026-01-15T00:00:00Z",
             "configuration_items": [
               {"id": "db01", "type": "database", "name": "db01", "identifiers": ["db01"], "criticality": 1, "support_group": "dba"},
               {"id": "db02", "type": "database", "name": "db02", "identifiers": ["db02"], "criticality": 1, "support_group": "dba"},
               {"id": "db03", "type": "database", "name": "db03", "identifiers": ["db03"], "criticality": 1, "support_group": "dba"}],
             "relations": []}
            """;

    @Test
    void shouldPrioritiseNewIncidentsWithAPublishedPackLeaveOldOnesAndRefuseAnInvalidOne(
            KafkaBroker kafka, ElasticsearchNode node, @TempDir Path work) throws Exception {
        Path cmdb = work.resolve("cmdb.json");
        Files.writeString(cmdb, CMDB);
        Configuration conf = TestingIncidentJob.configuration(kafka, node, work, "hot-reload");
        conf.set(IncidentJobOptions.CMDB_FILE, cmdb.toString());
        conf.set(IncidentJobOptions.ELASTICSEARCH_ENABLED, false); // Kafka is where this test looks
        KafkaConfig topics = KafkaConfig.fromConfiguration(conf);
        String startUp = RulePackLoader.loadDefault().lineage();
        RulePackRecord stricter = TestingRulePacks.defaultWithMatrix("2026.11.2", """
                  high:   { high: P2, medium: P3, low: P4 }
                  medium: { high: P3, medium: P4, low: P5 }
                  low:    { high: P4, medium: P5, low: P5 }
                """);
        Path pack = TestingRulePacks.write(stricter, work.resolve("stricter"));

        try (TestingIncidentJob job = TestingIncidentJob.start(kafka, conf)) {
            // 1. the default pack: a critical alert on a criticality-1 database is a P1
            job.send(alert("PostgresDown", "db01", T0), "generic", T0);
            Incident old = incidents(kafka, topics, 1).get(0);
            assertThat(old.priority()).isEqualTo(Priority.P1);
            assertThat(old.rulePackVersion()).isEqualTo(startUp);

            // 2. publish the stricter pack and wait until every operator that reads rules has switched
            RulePackRecord published;
            try (RulePackPublisher publisher = RulePackPublisher.create(kafka.bootstrapServers(), topics.topic(Topics.RULES))) {
                published = publisher.publish(pack);
            }
            assertThat(published.lineage()).isEqualTo(stricter.lineage()).isNotEqualTo(startUp);
            assertThat(awaitCount("rulePacksActivated", RULE_READING_SUBTASKS)).isEqualTo(RULE_READING_SUBTASKS);

            job.send(alert("PostgresDown", "db02", T0.plusSeconds(60)), "generic", T0.plusSeconds(60));
            Incident fresh = on("db02", incidents(kafka, topics, 2));
            assertThat(fresh.priority()).as("the stricter matrix").isEqualTo(Priority.P2);
            assertThat(fresh.rulePackVersion()).isEqualTo(published.lineage());

            // 3. an invalid pack, written around the publisher: refused, the published pack stays
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
                producer.send(new ProducerRecord<>(topics.topic(Topics.RULES), "default".getBytes(StandardCharsets.UTF_8),
                        TestingRulePacks.invalid("2026.11.3").toJson())).get();
            }
            assertThat(awaitCount("rulePacksRefused", 1)).isEqualTo(1);

            job.send(alert("PostgresDown", "db03", T0.plusSeconds(120)), "generic", T0.plusSeconds(120));
            List<Incident> all = incidents(kafka, topics, 3);
            assertThat(on("db03", all)).extracting(Incident::priority, Incident::rulePackVersion)
                    .containsExactly(Priority.P2, published.lineage());
            assertThat(all).filteredOn(i -> i.id().equals(old.id())).as("the old incident did not change")
                    .containsExactly(old);
            assertThat(count("rulePacksActivated")).as("nothing switched to the invalid pack").isEqualTo(RULE_READING_SUBTASKS);

            // the SLA clocks name the pack that made each of their records
            List<SlaStatus> clocks = kafka.readFromStart(topics.topic(Topics.SLA), 6, WAIT).stream()
                    .map(record -> Json.fromBytes(record.value(), SlaStatus.class)).toList();
            assertThat(clocks).hasSize(6);
            assertThat(clocks).filteredOn(byIncident(old.id())).extracting(SlaStatus::rulePackVersion).containsOnly(startUp);
            assertThat(clocks).filteredOn(byIncident(fresh.id())).extracting(SlaStatus::rulePackVersion)
                    .containsOnly(published.lineage());
        }
    }

    /** The one incident record on this CI (the topic is read across its partitions, in no particular order). */
    private static Incident on(String ci, List<Incident> incidents) {
        return incidents.stream().filter(incident -> incident.rootCauseCiId().equals(ci)).reduce((a, b) -> {
            throw new AssertionError("more than one record of the incident on " + ci + ": " + a + ", " + b);
        }).orElseThrow(() -> new AssertionError("no incident on " + ci + " in " + incidents));
    }

    private static Predicate<SlaStatus> byIncident(String incidentId) {
        return status -> status.id().startsWith(incidentId + ":");
    }

    private static byte[] alert(String name, String ci, Instant at) {
        return Json.toBytes(Map.of("name", name, "status", "firing", "severity", "critical", "ci_id", ci,
                "labels", Map.of("alertname", name, "instance", ci), "starts_at", at.toString()));
    }

    private static List<Incident> incidents(KafkaBroker kafka, KafkaConfig topics, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = kafka.readFromStart(topics.topic(Topics.INCIDENTS), expected, WAIT);
        assertThat(records).hasSize(expected);
        return records.stream().map(record -> Json.fromBytes(record.value(), Incident.class)).toList();
    }

    private static long count(String name) {
        return TestingMetrics.count(REPORTER, name);
    }

    private static long awaitCount(String name, long expected) throws InterruptedException {
        return TestingMetrics.awaitCount(REPORTER, name, expected, WAIT);
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaBroker kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
