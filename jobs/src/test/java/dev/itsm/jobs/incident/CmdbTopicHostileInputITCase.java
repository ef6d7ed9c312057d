package dev.itsm.jobs.incident;

import dev.itsm.connectors.cmdb.CmdbChange;
import dev.itsm.connectors.cmdb.CmdbCodec;
import dev.itsm.connectors.cmdb.CmdbPublisher;
import dev.itsm.connectors.cmdb.CmdbRecordDeserializer;
import dev.itsm.connectors.kafka.DeadLetters;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.TopicSetup;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.AlertRole;
import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAlert;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Relation;
import dev.itsm.core.model.RelationType;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import dev.itsm.jobs.TestingIncidentJob;
import dev.itsm.jobs.TestingMetrics;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad records on the CMDB topic while the incident job runs, on the real broker and a MiniCluster: the job starts
 * with a CMDB (an export, plus a CI published on the topic) and makes incidents; then every kind of bad record is
 * written to the topic around the publisher — not JSON, invalid UTF-8 in the value and in the key, wrong types
 * (a criticality of {@code "1"} or {@code 1.5}, which were once coerced), missing id or type, the file's layout, an
 * unknown relation type, a key of neither kind, an empty value, JSON {@code null}, a duplicate key, a record just over the size
 * limit, a huge one and a deeply nested one — most of them aimed at CIs and relations the job knows. With them come
 * records the job takes on purpose: a relation cycle with a self relation, a relation to a CI it does not know yet,
 * deletes of a CI and a relation it never knew, and then the unknown CI itself.
 *
 * <p>Every bad record is in the dead-letter topic with its original bytes, origin and expected error type and
 * reason, and counted in {@code cmdbRecordsRejected}; nothing else from the CMDB topic is; the job never restarts.
 * The same alerts as before make incidents just like the ones before (CI found, support group, priority, root cause,
 * impacted services), so no bad record changed the CMDB; the cycle now relates its CIs, and the relation to the CI
 * that arrived later re-roots an incident on it.
 */
@ExtendWith(LocalStackExtension.class)
class CmdbTopicHostileInputITCase {
    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestingMetrics.miniCluster(METRICS);

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");
    /** Phase 3: after the phase-1 incidents were resolved, closed and forgotten. */
    private static final Instant T3 = T0.plus(Duration.ofHours(2)).plusSeconds(60);
    private static final Instant UPDATED = Instant.parse("2026-01-15T00:00:00Z");

    private static final String CMDB = """
            {"exported_at": "2026-01-15T00:00:00Z",
             "configuration_items": [
               {"id": "host-db01", "type": "host", "identifiers": ["db01"], "criticality": 3, "support_group": "linux-ops"},
               {"id": "pg-shop", "type": "database", "identifiers": ["pg-shop"], "criticality": 2, "support_group": "dba"},
               {"id": "svc-shop", "type": "business_service", "identifiers": ["online-shop"], "criticality": 1, "support_group": "shop-team"},
               {"id": "host-c1", "type": "host", "identifiers": ["c1"], "criticality": 3, "support_group": "cluster-ops"},
               {"id": "host-c2", "type": "host", "identifiers": ["c2"], "criticality": 3, "support_group": "cluster-ops"},
               {"id": "host-c3", "type": "host", "identifiers": ["c3"], "criticality": 3, "support_group": "cluster-ops"}],
             "relations": [
               {"source": "pg-shop", "type": "runs_on", "target": "host-db01"},
               {"source": "svc-shop", "type": "depends_on", "target": "pg-shop"}]}
            """;

    /** Published on the topic before the job starts: the good CMDB is the export and the topic. */
    private static final ConfigItem WEB01 = ci("host-web01", "host", 4, "web-ops", "web01");

    /** A record written around the publisher, the error type and reason the job must dead-letter it with. */
    private record Bad(String what, byte[] key, byte[] value, String errorType, String reason, boolean wholeReason) {
        boolean matches(DeadLetter letter) {
            return letter.errorType().equals(errorType)
                    && (wholeReason ? letter.reason().equals(reason) : letter.reason().startsWith(reason));
        }
    }

    @Test
    void shouldDeadLetterEveryBadCmdbRecordAndKeepCorrelatingWithTheGoodCmdbWithoutARestart(
            KafkaBroker kafka, ElasticsearchNode node, @TempDir Path work) throws Exception {
        Path cmdb = work.resolve("cmdb.json");
        Files.writeString(cmdb, CMDB);
        Configuration conf = TestingIncidentJob.configuration(kafka, node, work, "cmdb-hostile");
        conf.set(IncidentJobOptions.CMDB_FILE, cmdb.toString());
        conf.set(IncidentJobOptions.ELASTICSEARCH_ENABLED, false); // Kafka is where this test looks
        conf.set(IncidentJobOptions.SLO_BURN_RATE_ALERTS, false);
        KafkaConfig topics = KafkaConfig.fromConfiguration(conf);
        String cmdbTopic = topics.topic(Topics.CMDB);
        // one partition: the records are read in the order written, so the CI published last arrives after the rest
        kafka.createTopic(cmdbTopic, 1, TopicSetup.configs(Topics.CMDB));
        try (CmdbPublisher publisher = CmdbPublisher.create(kafka.bootstrapServers(), cmdbTopic)) {
            publisher.publish(List.of(CmdbChange.upsert(WEB01)));
        }

        try (TestingIncidentJob job = TestingIncidentJob.start(kafka, conf);
             KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            // 1. the good CMDB at work (once the job has read the topic: it reads it beside the alerts, not before)
            awaitCmdbRead(kafka, topics, cmdbTopic, 1);
            sendAlerts(job, T0);
            List<Incident> before = awaitIncidents(kafka, topics, "the phase-1 incidents",
                    all -> opened(all, T0, T3, "NodeDown", "PostgresDown") != null && opened(all, T0, T3, "HostDown") != null
                            && opened(all, T0, T3, "ClusterNodeDown@host-c1") != null
                            && opened(all, T0, T3, "ClusterNodeDown@host-c2") != null);
            Incident shop = opened(before, T0, T3, "NodeDown", "PostgresDown");
            Incident web = opened(before, T0, T3, "HostDown");
            assertThat(shape(shop)).isEqualTo(new Shape(Priority.P1, "linux-ops", "host-db01", List.of("svc-shop"),
                    List.of("NodeDown@host-db01 ROOT_CAUSE", "PostgresDown@pg-shop SYMPTOM")));
            assertThat(shape(web)).isEqualTo(new Shape(Priority.P3, "web-ops", "host-web01", List.of(),
                    List.of("HostDown@host-web01 ROOT_CAUSE")));
            assertThat(opened(before, T0, T3, "ClusterNodeDown@host-c1")).as("c1 and c2 are not related yet")
                    .isNotEqualTo(opened(before, T0, T3, "ClusterNodeDown@host-c2"));

            // resolved, closed and forgotten, so that the same alerts open new incidents later
            resolveAlerts(job, T0, T0.plusSeconds(120));
            job.heartbeat(T0.plus(Duration.ofHours(2)));
            awaitIncidents(kafka, topics, "the phase-1 incidents closed", all -> all.stream()
                    .filter(incident -> incident.status() == IncidentStatus.CLOSED).count() == 4);

            // 2. bad records, and the records the job takes on purpose, on the CMDB topic while the job runs
            List<Bad> bad = badRecords();
            Map<Long, Bad> byOffset = new LinkedHashMap<>();
            for (Bad record : bad) {
                long offset = producer.send(new ProducerRecord<>(cmdbTopic, 0, record.key(), record.value())).get().offset();
                byOffset.put(offset, record);
            }
            // a record without a key never reaches the job: the broker refuses it on a compacted topic
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(cmdbTopic, 0, null, bytes("{}"))).get())
                    .hasCauseInstanceOf(InvalidRecordException.class);
            long end = 0;
            for (CmdbChange change : taken()) {
                end = producer.send(CmdbCodec.toRecord(cmdbTopic, change)).get().offset() + 1;
            }
            awaitCmdbRead(kafka, topics, cmdbTopic, end);

            List<DeadLetter> letters = cmdbLetters(kafka, topics, bad.size(), WAIT);
            assertThat(letters).as("dead letters from the CMDB topic").hasSize(bad.size());
            Map<String, Long> expectedByType = new TreeMap<>();
            for (DeadLetter letter : letters) {
                Bad record = byOffset.get(letter.originOffset());
                assertThat(record).as("a dead letter for a record the job should take: %s", letter).isNotNull();
                assertThat(letter.originTopic()).isEqualTo(cmdbTopic);
                assertThat(letter.originPartition()).isZero();
                assertThat(letter.source()).isEqualTo(CmdbRecordDeserializer.SOURCE);
                assertThat(letter.original()).as("%s: the original bytes", record.what())
                        .isEqualTo(record.value() == null ? new byte[0] : record.value());
                assertThat(record.matches(letter)).as("%s: expected %s '%s', was %s '%s'", record.what(), record.errorType(),
                        record.reason(), letter.errorType(), letter.reason()).isTrue();
                expectedByType.merge(record.errorType(), 1L, Long::sum);
            }
            assertThat(byOffset.keySet()).as("every bad record has its dead letter")
                    .containsExactlyInAnyOrderElementsOf(letters.stream().map(DeadLetter::originOffset).toList());
            TestingMetrics metrics = new TestingMetrics(METRICS, job.jobId());
            assertThat(metrics.byReason("cmdbRecordsRejected")).as("cmdbRecordsRejected by reason").isEqualTo(expectedByType);

            // 3. the same alerts: the same incidents as with the good CMDB, the cycle relating its CIs
            sendAlerts(job, T3);
            List<Incident> after = awaitIncidents(kafka, topics, "the phase-3 incidents",
                    all -> opened(all, T3, null, "NodeDown", "PostgresDown") != null && opened(all, T3, null, "HostDown") != null
                            && opened(all, T3, null, "ClusterNodeDown@host-c1", "ClusterNodeDown@host-c2") != null);
            assertThat(shape(opened(after, T3, null, "NodeDown", "PostgresDown"))).as("the shop's incident as before").isEqualTo(shape(shop));
            assertThat(shape(opened(after, T3, null, "HostDown"))).as("web01's incident as before").isEqualTo(shape(web));
            Incident cycle = opened(after, T3, null, "ClusterNodeDown@host-c1", "ClusterNodeDown@host-c2");
            assertThat(shape(cycle)).as("one incident across the cycle, rooted at the earliest alert's CI").isEqualTo(
                    new Shape(Priority.P2, "cluster-ops", "host-c1", List.of(), List.of(
                            "ClusterNodeDown@host-c1 ROOT_CAUSE", "ClusterNodeDown@host-c2 SYMPTOM")));

            // the relation to sw-ghost, kept while the CMDB did not know it, places it upstream of web01
            job.send(alert("SwitchDown", "sw-ghost", "firing", T3.plusSeconds(50), null), "generic", T3.plusSeconds(50));
            List<Incident> last = awaitIncidents(kafka, topics, "web01's incident re-rooted on sw-ghost",
                    all -> opened(all, T3, null, "HostDown", "SwitchDown") != null);
            assertThat(shape(opened(last, T3, null, "HostDown", "SwitchDown"))).isEqualTo(new Shape(Priority.P1, "network",
                    "sw-ghost", List.of(), List.of("HostDown@host-web01 SYMPTOM", "SwitchDown@sw-ghost ROOT_CAUSE")));

            assertThat(cmdbLetters(kafka, topics, bad.size() + 1, Duration.ofSeconds(3))).as("no other dead letter from the CMDB topic")
                    .hasSize(bad.size());
            assertThat(metrics.gauge("numRestarts")).as("restarts of the job").isZero();
        }
    }

    /** Each kind of bad record, aimed where it would hurt: at CIs and relations the job knows. */
    private static List<Bad> badRecords() {
        String db01 = Json.toString(ci("host-db01", "host", 3, "linux-ops", "db01"));
        String pg = Json.toString(ci("pg-shop", "database", 2, "dba", "pg-shop"));
        String web01 = Json.toString(WEB01);
        String svc = Json.toString(ci("svc-shop", "business_service", 1, "shop-team", "online-shop"));
        Relation pgOnDb = Relation.of("pg-shop", RelationType.RUNS_ON, "host-db01", UPDATED, 1);
        Relation svcOnPg = Relation.of("svc-shop", RelationType.DEPENDS_ON, "pg-shop", UPDATED, 1);

        List<Bad> bad = new ArrayList<>();
        bad.add(bad("not JSON", "ci:host-db01", "host-db01 moved to team-x", DeadLetter.NOT_JSON,
                "CMDB record 'ci:host-db01': not JSON: Unrecognized token 'host'", false));

        byte[] notUtf8 = replaced(pg, "\"dba\"", "\"hijackedX\"").getBytes(StandardCharsets.UTF_8);
        int at = new String(notUtf8, StandardCharsets.UTF_8).indexOf('X');
        notUtf8[at] = (byte) 0xC3;
        bad.add(new Bad("invalid UTF-8 in the value", bytes("ci:pg-shop"), notUtf8, DeadLetter.NOT_JSON,
                "CMDB record 'ci:pg-shop': not JSON: invalid UTF-8 at byte offset " + at + " (0xC3)", true));
        byte[] keyNotUtf8 = bytes("ci:host-db01?");
        keyNotUtf8[keyNotUtf8.length - 1] = (byte) 0xFF;
        bad.add(new Bad("invalid UTF-8 in the key", keyNotUtf8, bytes(db01), DeadLetter.INVALID_FIELD,
                "CMDB record key is not UTF-8 text (13 bytes)", true));

        String criticality = "\"ci.criticality\":4";
        bad.add(bad("a criticality as a string", "ci:host-web01",
                replaced(replaced(web01, criticality, "\"ci.criticality\":\"1\""), "web-ops", "hijacked"), DeadLetter.INVALID_FIELD,
                "CMDB record 'ci:host-web01': ci.criticality: must be an integer from 1 (most critical) to 5, was a string", true));
        bad.add(bad("a fractional criticality", "ci:host-web01", replaced(web01, criticality, "\"ci.criticality\":1.5"),
                DeadLetter.INVALID_FIELD,
                "CMDB record 'ci:host-web01': ci.criticality: must be an integer from 1 (most critical) to 5, was 1.5", true));
        bad.add(bad("identifiers as a string, a label as an object", "ci:host-db01",
                replaced(replaced(db01, "\"ci.identifiers\":[\"db01\"]", "\"ci.identifiers\":\"db01\""),
                        "\"labels\":{}", "\"labels\":{\"rack\":{\"row\":3}}"), DeadLetter.INVALID_FIELD,
                "CMDB record 'ci:host-db01': ci.identifiers: must be an array of strings, was a string; "
                        + "labels.rack: must be a string, number or boolean, was an object", true));
        bad.add(bad("a numeric id", "ci:17", "{\"ci.id\":17,\"ci.type\":\"host\",\"ci.criticality\":1,\"@timestamp\":\"2026-01-15T00:00:00Z\"}",
                DeadLetter.INVALID_FIELD, "CMDB record 'ci:17': ci.id: must be a string, was a number (quote it: \"17\")", true));
        bad.add(bad("no id", "ci:host-db01", replaced(db01, "\"ci.id\":\"host-db01\",", ""), DeadLetter.MISSING_FIELD,
                "CMDB record 'ci:host-db01': missing \"ci.id\"", true));
        bad.add(bad("no type", "ci:svc-shop", replaced(svc, "\"ci.type\":\"business_service\",", ""), DeadLetter.MISSING_FIELD,
                "CMDB record 'ci:svc-shop': missing \"ci.type\"", true));
        bad.add(bad("the export's layout", "ci:pg-shop",
                "{\"id\": \"pg-shop\", \"type\": \"database\", \"criticality\": 5, \"support_group\": \"hijacked\"}",
                DeadLetter.MISSING_FIELD, "CMDB record 'ci:pg-shop': missing \"ci.id\"; missing \"ci.type\"; "
                        + "missing \"ci.criticality\"; missing \"@timestamp\"", true));
        bad.add(bad("an unknown relation type", "relation:" + pgOnDb.id(),
                replaced(Json.toString(pgOnDb), "\"runs_on\"", "\"owns\""), DeadLetter.INVALID_FIELD,
                "CMDB record 'relation:" + pgOnDb.id() + "': relation.type: 'owns' is not a relation type; "
                        + "use one of runs_on, depends_on, hosted_on, connected_to", true));
        bad.add(bad("a relation without its target", "relation:" + svcOnPg.id(),
                replaced(Json.toString(svcOnPg), "\"relation.target\":\"pg-shop\",", ""), DeadLetter.MISSING_FIELD,
                "CMDB record 'relation:" + svcOnPg.id() + "': missing \"relation.target\"", true));
        bad.add(bad("a value for another CI than the key's", "ci:host-db01", web01, DeadLetter.INVALID_FIELD,
                "CMDB record 'ci:host-db01' carries ci.id 'host-web01'; the key and the value must name the same id", true));
        bad.add(bad("a key of neither kind", "host:db01", db01, DeadLetter.INVALID_FIELD,
                "CMDB record key 'host:db01' must start with 'ci:' or 'relation:'", true));
        bad.add(bad("an empty value, which is no delete", "ci:host-db01", "", DeadLetter.MISSING_FIELD,
                "CMDB record 'ci:host-db01' has an empty value; a delete is a null value (tombstone), an upsert the ConfigItem JSON", true));
        bad.add(bad("JSON null", "ci:host-db01", "null", DeadLetter.INVALID_FIELD,
                "CMDB record 'ci:host-db01': must be a JSON object (the ConfigItem), was null", true));
        bad.add(bad("a duplicate key", "ci:host-db01", replaced(db01, "\"ci.id\":\"host-db01\",",
                        "\"ci.id\":\"host-db01\",\"ci.support_group\":\"hijacked\","), DeadLetter.NOT_JSON,
                "CMDB record 'ci:host-db01': not JSON: Duplicate field 'ci.support_group'", false));

        String unnamed = replaced(db01, "\"ci.name\":\"host-db01\"", "\"ci.name\":\"\"");
        int room = CmdbCodec.MAX_RECORD_BYTES - bytes("ci:host-db01").length - bytes(unnamed).length + 1;
        bad.add(bad("a record one byte over the limit", "ci:host-db01",
                replaced(unnamed, "\"ci.name\":\"\"", "\"ci.name\":\"" + "n".repeat(room) + "\""), DeadLetter.TOO_LARGE,
                "CMDB record 'ci:host-db01' is 262,145 bytes (key and value); the limit is 262,144 bytes", true));
        String huge = replaced(pg, "\"ci.name\":\"pg-shop\"", "\"ci.name\":\"" + "h".repeat(800_000) + "\"");
        bad.add(bad("a huge record", "ci:pg-shop", huge, DeadLetter.TOO_LARGE, "CMDB record 'ci:pg-shop' is "
                + String.format(java.util.Locale.ROOT, "%,d", bytes("ci:pg-shop").length + bytes(huge).length)
                + " bytes (key and value); the limit is 262,144 bytes", true));
        bad.add(bad("a deeply nested record", "ci:host-db01",
                replaced(db01, "\"labels\":{}", "\"labels\":" + "[".repeat(10_000) + "]".repeat(10_000)), DeadLetter.TOO_LARGE,
                "CMDB record 'ci:host-db01': JSON nested deeper than the limit of 16 levels", true));
        return bad;
    }

    /**
     * What the job takes although a validator might frown: a relation cycle with a self relation (walks are bounded
     * and cycle-safe, as for the export), a relation to a CI not known yet, deletes of a CI and a relation it never
     * knew (a compacted topic keeps tombstones whose upserts it dropped); then the CI the relation named.
     */
    private static List<CmdbChange> taken() {
        return List.of(
                CmdbChange.upsert(Relation.of("host-c1", RelationType.DEPENDS_ON, "host-c2", UPDATED, 1)),
                CmdbChange.upsert(Relation.of("host-c2", RelationType.DEPENDS_ON, "host-c3", UPDATED, 1)),
                CmdbChange.upsert(Relation.of("host-c3", RelationType.DEPENDS_ON, "host-c1", UPDATED, 1)),
                CmdbChange.upsert(Relation.of("host-c3", RelationType.RUNS_ON, "host-c3", UPDATED, 1)),
                CmdbChange.upsert(Relation.of("host-web01", RelationType.CONNECTED_TO, "sw-ghost", UPDATED, 1)),
                CmdbChange.deleteItem("host-nobody"),
                CmdbChange.deleteRelation("no-such-relation"),
                CmdbChange.upsert(ci("sw-ghost", "switch", 2, "network", "sw-ghost")));
    }

    /** The alerts of each phase: the shop's database host and database, web01, and two hosts of the cycle. */
    private static void sendAlerts(TestingIncidentJob job, Instant at) throws Exception {
        job.send(alert("NodeDown", "db01", "firing", at, null), "generic", at);
        job.send(alert("PostgresDown", "pg-shop", "firing", at.plusSeconds(10), null), "generic", at.plusSeconds(10));
        job.send(alert("HostDown", "web01", "firing", at.plusSeconds(20), null), "generic", at.plusSeconds(20));
        job.send(alert("ClusterNodeDown", "c1", "firing", at.plusSeconds(30), null), "generic", at.plusSeconds(30));
        job.send(alert("ClusterNodeDown", "c2", "firing", at.plusSeconds(40), null), "generic", at.plusSeconds(40));
    }

    private static void resolveAlerts(TestingIncidentJob job, Instant started, Instant at) throws Exception {
        job.send(alert("NodeDown", "db01", "resolved", started, at), "generic", at);
        job.send(alert("PostgresDown", "pg-shop", "resolved", started.plusSeconds(10), at), "generic", at);
        job.send(alert("HostDown", "web01", "resolved", started.plusSeconds(20), at), "generic", at);
        job.send(alert("ClusterNodeDown", "c1", "resolved", started.plusSeconds(30), at), "generic", at);
        job.send(alert("ClusterNodeDown", "c2", "resolved", started.plusSeconds(40), at), "generic", at);
    }

    private static byte[] alert(String name, String host, String status, Instant startsAt, Instant endsAt) {
        Map<String, Object> alert = new HashMap<>(Map.of("name", name, "status", status, "severity", "critical", "host", host,
                "labels", Map.of("alertname", name, "instance", host), "starts_at", startsAt.toString()));
        if (endsAt != null) {
            alert.put("ends_at", endsAt.toString());
        }
        return Json.toBytes(alert);
    }

    /** What the CMDB decides about an incident. */
    private record Shape(Priority priority, String supportGroup, String rootCause, List<String> impactedServices, List<String> alerts) {
    }

    private static Shape shape(Incident incident) {
        assertThat(incident.alerts()).as("every alert's CI is known: %s", incident.alerts()).allMatch(IncidentAlert::ciKnown);
        return new Shape(incident.priority(), incident.supportGroup(), incident.rootCauseCiId(), incident.impactedServices(),
                incident.alerts().stream().map(a -> a.name() + "@" + a.ciId() + " " + role(a.role())).sorted().toList());
    }

    private static String role(AlertRole role) {
        return role == null ? "none" : role.name();
    }

    /**
     * The incident opened in {@code [from, to)} ({@code to} null: no end) that has one alert for each of these, each
     * {@code name} or {@code name@ci}, and no other; null if there is none.
     */
    private static Incident opened(List<Incident> incidents, Instant from, Instant to, String... alerts) {
        List<String> wanted = List.of(alerts);
        Predicate<IncidentAlert> isWanted = a -> wanted.contains(a.name()) || wanted.contains(a.name() + "@" + a.ciId());
        return incidents.stream()
                .filter(incident -> !incident.openedAt().isBefore(from) && (to == null || incident.openedAt().isBefore(to)))
                .filter(incident -> incident.alerts().size() == wanted.size() && incident.alerts().stream().allMatch(isWanted)
                        && wanted.stream().allMatch(w -> incident.alerts().stream()
                        .anyMatch(a -> w.equals(a.name()) || w.equals(a.name() + "@" + a.ciId()))))
                .findFirst().orElse(null);
    }

    /** The latest revision of every incident, once {@code done} holds for them. */
    private static List<Incident> awaitIncidents(KafkaBroker kafka, KafkaConfig topics, String what,
                                                 Predicate<List<Incident>> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Incident> latest = List.of();
        while (System.nanoTime() < deadline) {
            Map<String, Incident> byId = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : kafka.readFromStart(topics.topic(Topics.INCIDENTS), Integer.MAX_VALUE,
                    Duration.ofSeconds(2))) {
                if (record.value() != null) {
                    Incident incident = Json.fromBytes(record.value(), Incident.class);
                    byId.merge(incident.id(), incident, (a, b) -> a.revision() >= b.revision() ? a : b);
                }
            }
            latest = List.copyOf(byId.values());
            if (done.test(latest)) {
                return latest;
            }
        }
        throw new AssertionError(what + " did not come within " + WAIT + "; incidents: " + latest);
    }

    /**
     * Waits until the job has committed {@code end} as its offset on the CMDB topic: it commits when a checkpoint
     * completes, and the checkpoint's barrier came after every record before that offset, through every operator.
     */
    private static void awaitCmdbRead(KafkaBroker kafka, KafkaConfig topics, String cmdbTopic, long end) throws Exception {
        TopicPartition partition = new TopicPartition(cmdbTopic, 0);
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            while (System.nanoTime() < deadline) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(topics.groupId(IncidentJobRunner.JOB_ID))
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).get(partition);
                if (committed != null && committed.offset() >= end) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the job did not read the CMDB topic up to offset " + end + " within " + WAIT);
    }

    /** The dead letters from the CMDB topic, once there are {@code expected} of them or {@code wait} passed. */
    private static List<DeadLetter> cmdbLetters(KafkaBroker kafka, KafkaConfig topics, int expected, Duration wait) {
        List<DeadLetter> letters = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            letters.clear();
            for (ConsumerRecord<byte[], byte[]> record : kafka.readFromStart(topics.topic(Topics.ALERTS_DLQ), Integer.MAX_VALUE,
                    Duration.ofSeconds(2))) {
                DeadLetter letter = DeadLetters.fromRecord(record);
                if (CmdbRecordDeserializer.SOURCE.equals(letter.source())) {
                    letters.add(letter);
                }
            }
        } while (letters.size() < expected && System.nanoTime() < deadline);
        return letters;
    }

    private static ConfigItem ci(String id, String type, int criticality, String group, String identifier) {
        return new ConfigItem(id, type, id, List.of(identifier), criticality, group, null, null, Map.of(), UPDATED, 1);
    }

    private static Bad bad(String what, String key, String value, String errorType, String reason, boolean wholeReason) {
        return new Bad(what, bytes(key), bytes(value), errorType, reason, wholeReason);
    }

    private static String replaced(String text, String what, String with) {
        assertThat(text).as("a good record to corrupt").contains(what);
        return text.replace(what, with);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaBroker kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
