package dev.itsm.jobs.sla;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.itsm.connectors.elasticsearch.ElasticsearchClients;
import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.SlaKind;
import dev.itsm.core.model.SlaState;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import dev.itsm.jobs.TestingIncidentJob;
import dev.itsm.jobs.incident.IncidentJobOptions;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import dev.itsm.rules.SlaPolicy;
import org.apache.flink.configuration.Configuration;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLA clocks as the incident job runs them, on the real broker and node: raw alerts and incident actions in
 * Kafka, the incident job (with its SLA clocks and indexer) on a MiniCluster, the SLA changelog topic and the
 * {@code itsm-sla} index out. With the default pack: P1 15m/4h and P2 30m/8h around the clock, P3 4h/30h in office-de
 * hours (Europe/Berlin), warnings at 50 and 75 %, resolve hold 2m.
 *
 * <p>The case that made the clocks move into the incident job: an incident whose last alert resolved at 12:55 is
 * resolved by the incident job's resolve-hold timer at 14:55, five seconds before its 15-minute response target,
 * while an alert at 16:00 in another region has already opened an incident (and moved event time on). Its response
 * must be met, not breached.
 */
@ExtendWith(LocalStackExtension.class)
class SlaClocksITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final RulePack RULES = RulePackLoader.loadDefault();
    /** A Thursday, 10:00 in Berlin. */
    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final String CMDB = """
            {"exported_at": "2026-01-15T00:00:00Z",
             "configuration_items": [
               {"id": "db01", "type": "database", "name": "db01", "identifiers": ["db01"], "criticality": 1,
                "support_group": "dba"},
               {"id": "app01", "type": "application", "name": "app01", "identifiers": ["app01"], "criticality": 3,
                "support_group": "apps"},
               {"id": "web01", "type": "server", "name": "web01", "identifiers": ["web01"], "criticality": 3,
                "support_group": "web"}],
             "relations": []}
            """;

    @Test
    void shouldMeetAResponseResolvedByTheIncidentJobsTimerJustBeforeItsTargetAndPauseOnHold(
            KafkaBroker kafka, ElasticsearchNode node, @TempDir Path work) throws Exception {
        Path cmdb = work.resolve("cmdb.json");
        Files.writeString(cmdb, CMDB);
        Configuration conf = TestingIncidentJob.configuration(kafka, node, work, "sla-clocks");
        conf.set(IncidentJobOptions.CMDB_FILE, cmdb.toString());
        KafkaConfig topics = KafkaConfig.fromConfiguration(conf);
        ElasticsearchConfig indices = ElasticsearchConfig.fromConfiguration(conf);

        try (TestingIncidentJob job = TestingIncidentJob.start(kafka, conf);
             KafkaProducer<byte[], byte[]> actions = producer(kafka)) {
            // 1. a P1 on db01 and a P2 on app01 open
            send(job, alert("PostgresDown", "firing", "critical", "db01", T0));
            send(job, alert("ApiErrors", "firing", "critical", "app01", T0.plus(minutes(1))));
            Map<String, Incident> opened = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> record : kafka.readFromStart(topics.topic(Topics.INCIDENTS), 2, WAIT)) {
                Incident incident = Json.fromBytes(record.value(), Incident.class);
                opened.put(incident.rootCauseCiId(), incident);
            }
            assertThat(opened).as("the two incidents opened").containsOnlyKeys("db01", "app01");
            Incident a = opened.get("db01");
            Incident b = opened.get("app01");
            assertThat(a.priority()).isEqualTo(Priority.P1);
            assertThat(b.priority()).isEqualTo(Priority.P2);

            // 2. people act on the P2, ahead of the alerts' event time: acknowledged after 5 minutes, on hold from
            // T0+30m to T0+90m. The clocks apply each at its own time; wait until all three are in.
            Instant bAck = T0.plus(minutes(6));
            Instant bHold = T0.plus(minutes(30));
            Instant bResume = T0.plus(minutes(90));
            for (IncidentAction action : List.of(action(b, IncidentAction.Action.ACK, bAck),
                    action(b, IncidentAction.Action.HOLD, bHold), action(b, IncidentAction.Action.RESUME, bResume))) {
                actions.send(new ProducerRecord<>(topics.topic(Topics.INCIDENT_ACTIONS), null,
                        action.at().toEpochMilli(), action.incidentId().getBytes(StandardCharsets.UTF_8),
                        Json.toBytes(action))).get();
            }
            assertThat(kafka.readFromStart(topics.topic(Topics.SLA), 7, WAIT))
                    .as("both clocks of both incidents started; the P2's response met, its resolution paused and resumed")
                    .hasSize(7);

            // 3. the P1's alert resolves at 12:55, so the incident job resolves it at 14:55; web01 fires at 16:00
            // (a P3) and moves event time past the P1's response target before that resolve timer fires
            send(job, alert("PostgresDown", "resolved", "critical", "db01", T0.plus(Duration.ofSeconds(12 * 60 + 55))));
            send(job, alert("DiskFull", "firing", "warning", "web01", T0.plus(minutes(16))));
            send(job, alert("DiskFull", "resolved", "warning", "web01", T0.plus(minutes(17))));
            send(job, alert("ApiErrors", "resolved", "critical", "app01", T0.plus(Duration.ofHours(5))));
            job.heartbeat(T0.plus(Duration.ofHours(5)).plus(minutes(10)));

            List<SlaStatus> changes = new ArrayList<>();
            int expectedChanges = 17;
            for (ConsumerRecord<byte[], byte[]> record : kafka.readFromStart(topics.topic(Topics.SLA), expectedChanges, WAIT)) {
                SlaStatus status = Json.fromBytes(record.value(), SlaStatus.class);
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).as("keyed by SLA id").isEqualTo(status.id());
                changes.add(status);
            }
            Incident c = Json.fromBytes(kafka.readFromStart(topics.topic(Topics.INCIDENTS), 100, Duration.ofSeconds(5))
                    .stream().map(r -> Json.fromBytes(r.value(), Incident.class))
                    .filter(i -> "web01".equals(i.rootCauseCiId())).findFirst().map(Json::toBytes).orElseThrow(), Incident.class);
            assertThat(c.priority()).isEqualTo(Priority.P3);

            Instant aResolved = T0.plus(Duration.ofSeconds(14 * 60 + 55));
            Instant t1 = b.openedAt();
            Instant bResolved = T0.plus(Duration.ofHours(5)).plus(minutes(2));
            Instant tc = c.openedAt();
            Instant cResolved = T0.plus(minutes(19));
            Duration hour = Duration.ofHours(1);
            Map<String, List<SlaStatus>> expected = new LinkedHashMap<>();
            expected.put(SlaStatus.idOf(a.id(), SlaKind.RESPONSE), List.of(
                    status(a, SlaKind.RESPONSE, SlaState.RUNNING, Duration.ZERO, T0.plus(minutes(15)), null, 1, T0),
                    status(a, SlaKind.RESPONSE, SlaState.WARNING, Duration.ofSeconds(450), T0.plus(minutes(15)), null, 2,
                            T0.plusSeconds(450)),
                    status(a, SlaKind.RESPONSE, SlaState.WARNING, Duration.ofSeconds(675), T0.plus(minutes(15)), null, 3,
                            T0.plusSeconds(675)),
                    // met, five seconds before the target, by the resolve the incident job's timer made
                    status(a, SlaKind.RESPONSE, SlaState.MET, Duration.between(T0, aResolved), null, aResolved, 4, aResolved)));
            expected.put(SlaStatus.idOf(a.id(), SlaKind.RESOLUTION), List.of(
                    status(a, SlaKind.RESOLUTION, SlaState.RUNNING, Duration.ZERO, T0.plus(hour.multipliedBy(4)), null, 1, T0),
                    status(a, SlaKind.RESOLUTION, SlaState.MET, Duration.between(T0, aResolved), null, aResolved, 2, aResolved)));
            expected.put(SlaStatus.idOf(b.id(), SlaKind.RESPONSE), List.of(
                    status(b, SlaKind.RESPONSE, SlaState.RUNNING, Duration.ZERO, t1.plus(minutes(30)), null, 1, t1),
                    status(b, SlaKind.RESPONSE, SlaState.MET, Duration.between(t1, bAck), null, bAck, 2, bAck)));
            // the hour on hold does not count: 8h are up 9h after the opening, half of them at 5h
            Duration beforeHold = Duration.between(t1, bHold);
            expected.put(SlaStatus.idOf(b.id(), SlaKind.RESOLUTION), List.of(
                    status(b, SlaKind.RESOLUTION, SlaState.RUNNING, Duration.ZERO, t1.plus(hour.multipliedBy(8)), null, 1, t1),
                    status(b, SlaKind.RESOLUTION, SlaState.PAUSED, beforeHold, null, null, 2, bHold),
                    status(b, SlaKind.RESOLUTION, SlaState.RUNNING, beforeHold, t1.plus(hour.multipliedBy(9)), null, 3, bResume),
                    status(b, SlaKind.RESOLUTION, SlaState.WARNING, hour.multipliedBy(4), t1.plus(hour.multipliedBy(9)), null, 4,
                            t1.plus(hour.multipliedBy(5))),
                    status(b, SlaKind.RESOLUTION, SlaState.MET, beforeHold.plus(Duration.between(bResume, bResolved)), null,
                            bResolved, 5, bResolved)));
            // office hours: Thursday 10:16 in Berlin, open
            SlaPolicy office = policyOf(c);
            expected.put(SlaStatus.idOf(c.id(), SlaKind.RESPONSE), List.of(
                    status(c, SlaKind.RESPONSE, SlaState.RUNNING, Duration.ZERO,
                            office.calendar().addBusinessTime(tc, office.response()), null, 1, tc),
                    status(c, SlaKind.RESPONSE, SlaState.MET, Duration.between(tc, cResolved), null, cResolved, 2, cResolved)));
            expected.put(SlaStatus.idOf(c.id(), SlaKind.RESOLUTION), List.of(
                    status(c, SlaKind.RESOLUTION, SlaState.RUNNING, Duration.ZERO,
                            office.calendar().addBusinessTime(tc, office.resolution()), null, 1, tc),
                    status(c, SlaKind.RESOLUTION, SlaState.MET, Duration.between(tc, cResolved), null, cResolved, 2, cResolved)));
            assertThat(expected.values().stream().mapToInt(List::size).sum()).isEqualTo(expectedChanges);

            Map<String, List<SlaStatus>> changelog = new LinkedHashMap<>();
            // one key, one partition: each clock's changes in the order the job wrote them
            changes.forEach(s -> changelog.computeIfAbsent(s.id(), id -> new ArrayList<>()).add(s));
            assertThat(states(changelog)).as("the states of each clock, in order").isEqualTo(states(expected));
            assertThat(changelog).as("every change of every clock, exactly").containsExactlyInAnyOrderEntriesOf(expected);
            assertThat(kafka.readFromStart(topics.topic(Topics.SLA), expectedChanges + 1, Duration.ofSeconds(3)))
                    .as("nothing more").hasSize(expectedChanges);

            // the incident itself shows what people did: acknowledged, on hold, acknowledged again (resumed); then the
            // alert resolves (still acknowledged) and the lifecycle resolves it
            List<Incident> bChanges = kafka.readFromStart(topics.topic(Topics.INCIDENTS), 100, Duration.ofSeconds(3)).stream()
                    .map(r -> Json.fromBytes(r.value(), Incident.class)).filter(i -> i.id().equals(b.id())).toList();
            assertThat(bChanges).extracting(Incident::status).containsExactly(IncidentStatus.NEW, IncidentStatus.ACKNOWLEDGED,
                    IncidentStatus.ON_HOLD, IncidentStatus.ACKNOWLEDGED, IncidentStatus.ACKNOWLEDGED, IncidentStatus.RESOLVED);
            assertThat(bChanges).extracting(Incident::revision).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(bChanges.get(5).acknowledgedAt()).isEqualTo(bAck);
            assertThat(bChanges.get(5).labels()).containsEntry("acknowledged_by", "alice");

            Map<String, SlaStatus> last = new TreeMap<>();
            expected.forEach((id, statuses) -> last.put(id, statuses.get(statuses.size() - 1)));
            assertThat(indexed(indices, last.size())).as("one document per incident and kind, as its last change, "
                    + "its revision as the document's version").isEqualTo(last);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static Duration minutes(long n) {
        return Duration.ofMinutes(n);
    }

    /** A generic-format alert at {@code at}: its start when firing, its end when resolved. */
    private static byte[] alert(String name, String status, String severity, String ci, Instant at) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("name", name);
        alert.put("status", status);
        alert.put("severity", severity);
        alert.put("labels", Map.of("alertname", name, "instance", ci));
        alert.put("ci_id", ci);
        alert.put(status.equals("firing") ? "starts_at" : "ends_at", at.toString());
        return Json.toBytes(alert);
    }

    /** Sends a generic-format alert at its own time: its start when firing, its end when resolved. */
    private static void send(TestingIncidentJob job, byte[] alert) throws Exception {
        Map<?, ?> fields = Json.fromBytes(alert, Map.class);
        job.send(alert, "generic", Instant.parse((String) (fields.containsKey("starts_at") ? fields.get("starts_at") : fields.get("ends_at"))));
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaBroker kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static IncidentAction action(Incident incident, IncidentAction.Action action, Instant at) {
        return new IncidentAction(incident.id(), action, at, "alice", null);
    }

    private static Map<String, List<SlaState>> states(Map<String, List<SlaStatus>> statuses) {
        Map<String, List<SlaState>> states = new TreeMap<>();
        statuses.forEach((id, changes) -> states.put(id, changes.stream().map(SlaStatus::state).toList()));
        return states;
    }

    private static SlaPolicy policyOf(Incident incident) {
        return RULES.slaPolicy(incident.priority(), incident.impactedServices(), incident.supportGroup());
    }

    /** A clock's whole status as the job emits it for the incident, its policy and the default pack. */
    private static SlaStatus status(Incident incident, SlaKind kind, SlaState state, Duration elapsed,
                                    Instant breachAt, Instant stoppedAt, long revision, Instant updated) {
        SlaPolicy policy = policyOf(incident);
        long target = (kind == SlaKind.RESPONSE ? policy.response() : policy.resolution()).toMillis();
        long elapsedMillis = elapsed.toMillis();
        return new SlaStatus(SlaStatus.idOf(incident.id(), kind), incident.id(), kind, policy.id(),
                incident.priority(), state, target, elapsedMillis, target - elapsedMillis,
                elapsedMillis * 100.0 / target, incident.openedAt(), breachAt, stoppedAt, incident.supportGroup(),
                revision, RULES.lineage(), updated);
    }

    /**
     * The {@code itsm-sla} documents once there are {@code expected} of them and their versions stop changing, each
     * checked to carry its revision as its version.
     */
    @SuppressWarnings("rawtypes")
    private static Map<String, SlaStatus> indexed(ElasticsearchConfig indices, int expected) throws Exception {
        String index = indices.index("sla");
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, SlaStatus> documents = new TreeMap<>();
        String previous = "";
        try (ElasticsearchClient client = ElasticsearchClients.client(indices)) {
            while (System.nanoTime() < deadline) {
                documents.clear();
                StringBuilder versions = new StringBuilder();
                if (client.indices().exists(e -> e.index(index)).value()) {
                    client.indices().refresh(r -> r.index(index));
                    var response = client.search(s -> s.index(index).size(100).version(true), Map.class);
                    for (Hit<Map> hit : response.hits().hits()) {
                        SlaStatus status = Json.fromBytes(Json.toBytes(hit.source()), SlaStatus.class);
                        assertThat(hit.id()).isEqualTo(status.id());
                        assertThat(hit.version()).as("version of %s", hit.id()).isEqualTo(status.revision());
                        documents.put(hit.id(), status);
                        versions.append(hit.id()).append('=').append(hit.version()).append(' ');
                    }
                }
                if (documents.size() >= expected && versions.toString().equals(previous)) {
                    return documents;
                }
                previous = versions.toString();
                Thread.sleep(1000);
            }
        }
        return documents;
    }
}
