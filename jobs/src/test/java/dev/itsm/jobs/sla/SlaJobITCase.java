package dev.itsm.jobs.sla;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.itsm.connectors.elasticsearch.ElasticsearchClients;
import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.elasticsearch.ElasticsearchOptions;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.SlaKind;
import dev.itsm.core.model.SlaState;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.core.model.Urgency;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.jobs.JobOptions;
import dev.itsm.rules.BusinessCalendar;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import dev.itsm.rules.SlaPolicy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
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
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLA job as {@link SlaJobRunner} runs it, bounded: from an incidents changelog and incident actions in the real
 * Kafka broker, through the SLA clocks on a MiniCluster, to the SLA changelog topic and, through a bounded
 * {@link SlaIndexerJob} afterwards, the real Elasticsearch node. With the default pack: P1 15m/4h and P2 30m/8h
 * around the clock, P3 4h/30h in office-de hours (Europe/Berlin), warnings at 50 and 75 %, paused on hold.
 */
@ExtendWith(LocalStackExtension.class)
class SlaJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final RulePack RULES = RulePackLoader.loadDefault();
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** A Thursday, 04:00 in Berlin. */
    private static final Instant T0 = Instant.parse("2026-01-15T03:00:00Z");

    @Test
    void shouldMeetPauseAndBreachTheClocksOfAnIncidentsChangelogAndItsActionsInElasticsearch(
            KafkaBroker kafka, ElasticsearchNode node, @TempDir Path checkpoints) throws Exception {
        String prefix = kafka.freshTopic("sla-job");
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(KafkaOptions.TOPIC_PREFIX, prefix);
        conf.set(KafkaOptions.GROUP_ID_PREFIX, prefix);
        conf.set(ElasticsearchOptions.HOSTS, List.of(node.httpUrl()));
        conf.set(ElasticsearchOptions.INDEX_PREFIX, node.freshIndex("sla-job"));
        // short: a bounded job finishes only after its final checkpoint
        conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
        // The two topics are read side by side, in no fixed order, and the actions never hold event time back: with
        // periodic watermarks, the incidents' event time (at the latest their end of input) could pass a hold before
        // the HOLD action is read, and the action would then apply late (SlaFunction: at the clock's last change).
        // Without periodic watermarks event time stays at its start until both topics are read to the end, so every
        // threshold is decided by the inputs' own event times (SlaFunction's catch-up) and the outcome is exact.
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ZERO);
        KafkaConfig topics = KafkaConfig.fromConfiguration(conf);
        ElasticsearchConfig indices = ElasticsearchConfig.fromConfiguration(conf);
        kafka.createTopic(topics.topic(Topics.INCIDENTS), KafkaBroker.FRESH_TOPIC_PARTITIONS,
                Map.of("cleanup.policy", "compact"));
        kafka.createTopic(topics.topic(Topics.INCIDENT_ACTIONS), KafkaBroker.FRESH_TOPIC_PARTITIONS);

        // Within one incident the two topics agree, and a change of the incidents changelog only repeats an action
        // (an acknowledgement, a resolution), never stands between a HOLD and what follows it: whichever of the two
        // is read first, the other changes nothing. Every clock is stopped by its input, so the end of input, which
        // moves event time to the end of time and fires every pending timer, breaches nothing; and every threshold
        // is emitted at its own instant, whether a timer or a later input passes it.
        List<Incident> changes = new ArrayList<>();
        List<IncidentAction> actions = new ArrayList<>();

        // P1, around the clock: acknowledged after 10 minutes (past the 50 % warning of its 15 minutes), resolved
        // after 5 hours, one hour after its resolution target
        Incident p1 = opened("inc-p1", Impact.HIGH, Urgency.HIGH, T0);
        Instant p1Ack = T0.plus(Duration.ofMinutes(10));
        Instant p1Resolved = T0.plus(Duration.ofHours(5));
        Incident p1Acknowledged = next(p1, p1Ack, IncidentStatus.ACKNOWLEDGED);
        changes.addAll(List.of(p1, p1Acknowledged, next(p1Acknowledged, p1Resolved, IncidentStatus.RESOLVED)));
        actions.add(action(p1, IncidentAction.Action.ACK, p1Ack));
        actions.add(action(p1, IncidentAction.Action.RESOLVE, p1Resolved));

        // P2, around the clock: acknowledged after 5 minutes, on hold from 1h to 2h, resolved after 6h by an action.
        // Its changelog ends with the acknowledgement: a change after the hold (its resolution) read before the HOLD
        // action would move the clock past the hold, and the hold would then not count.
        Instant t2 = T0.plus(Duration.ofMinutes(30));
        Incident p2 = opened("inc-p2", Impact.HIGH, Urgency.MEDIUM, t2);
        Instant p2Ack = t2.plus(Duration.ofMinutes(5));
        Instant p2Hold = t2.plus(Duration.ofHours(1));
        Instant p2Resume = t2.plus(Duration.ofHours(2));
        Instant p2Resolved = t2.plus(Duration.ofHours(6));
        changes.addAll(List.of(p2, next(p2, p2Ack, IncidentStatus.ACKNOWLEDGED)));
        actions.add(action(p2, IncidentAction.Action.ACK, p2Ack));
        actions.add(action(p2, IncidentAction.Action.HOLD, p2Hold));
        actions.add(action(p2, IncidentAction.Action.RESUME, p2Resume));
        actions.add(action(p2, IncidentAction.Action.RESOLVE, p2Resolved));

        // P3, office hours: opened on Friday 17:00 in Berlin, after the office closed, so its 4h response target
        // passes on Monday; acknowledged an hour after that, resolved on Wednesday 09:00
        Instant t3 = ZonedDateTime.of(2026, 1, 16, 17, 0, 0, 0, BERLIN).toInstant();
        Incident p3 = opened("inc-p3", Impact.MEDIUM, Urgency.MEDIUM, t3);
        BusinessCalendar office = policyOf(p3).calendar();
        Instant p3ResponseBreach = office.addBusinessTime(t3, Duration.ofHours(4));
        assertThat(p3ResponseBreach.atZone(BERLIN).getDayOfWeek()).as("the office is closed until Monday")
                .isEqualTo(DayOfWeek.MONDAY);
        Instant p3Ack = p3ResponseBreach.plus(Duration.ofHours(1));
        Instant p3Resolved = ZonedDateTime.of(2026, 1, 21, 9, 0, 0, 0, BERLIN).toInstant();
        assertThat(p3Resolved).as("resolved between the 50 % and the 75 % warning of its 30h")
                .isBetween(office.addBusinessTime(t3, Duration.ofHours(15)),
                        office.addBusinessTime(t3, Duration.ofMinutes(22 * 60 + 30)));
        Incident p3Acknowledged = next(p3, p3Ack, IncidentStatus.ACKNOWLEDGED);
        changes.addAll(List.of(p3, p3Acknowledged, next(p3Acknowledged, p3Resolved, IncidentStatus.RESOLVED)));
        actions.add(action(p3, IncidentAction.Action.ACK, p3Ack));
        actions.add(action(p3, IncidentAction.Action.RESOLVE, p3Resolved));

        changes.sort(Comparator.comparing(Incident::updated));
        actions.sort(Comparator.comparing(IncidentAction::at));
        produce(kafka, topics.topic(Topics.INCIDENTS), changes, Incident::id, Incident::updated);
        produce(kafka, topics.topic(Topics.INCIDENT_ACTIONS), actions, IncidentAction::incidentId, IncidentAction::at);

        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        env.setParallelism(2);
        SlaJobRunner.build(env, conf, true);
        env.execute(SlaJobRunner.JOB_NAME);
        // a bounded run has no indexer of its own (it would stop before the job wrote anything): index afterwards
        StreamExecutionEnvironment indexer = JobEnvironments.create(conf);
        SlaIndexerJob.build(indexer, conf, true);
        indexer.execute("sla indexer");

        Duration hour = Duration.ofHours(1);
        Map<String, List<SlaStatus>> expected = new LinkedHashMap<>();
        expected.put(SlaStatus.idOf(p1.id(), SlaKind.RESPONSE), List.of(
                status(p1, SlaKind.RESPONSE, SlaState.RUNNING, Duration.ZERO, T0.plus(Duration.ofMinutes(15)), null,
                        1, T0),
                status(p1, SlaKind.RESPONSE, SlaState.WARNING, Duration.ofSeconds(450),
                        T0.plus(Duration.ofMinutes(15)), null, 2, T0.plus(Duration.ofSeconds(450))),
                status(p1, SlaKind.RESPONSE, SlaState.MET, Duration.ofMinutes(10), null, p1Ack, 3, p1Ack)));
        // breached at exactly openedAt + 4h; it counts on until the resolution
        expected.put(SlaStatus.idOf(p1.id(), SlaKind.RESOLUTION), List.of(
                status(p1, SlaKind.RESOLUTION, SlaState.RUNNING, Duration.ZERO, T0.plus(hour.multipliedBy(4)), null,
                        1, T0),
                status(p1, SlaKind.RESOLUTION, SlaState.WARNING, hour.multipliedBy(2), T0.plus(hour.multipliedBy(4)),
                        null, 2, T0.plus(hour.multipliedBy(2))),
                status(p1, SlaKind.RESOLUTION, SlaState.WARNING, hour.multipliedBy(3), T0.plus(hour.multipliedBy(4)),
                        null, 3, T0.plus(hour.multipliedBy(3))),
                status(p1, SlaKind.RESOLUTION, SlaState.BREACHED, hour.multipliedBy(4),
                        T0.plus(hour.multipliedBy(4)), null, 4, T0.plus(hour.multipliedBy(4))),
                status(p1, SlaKind.RESOLUTION, SlaState.BREACHED, hour.multipliedBy(5),
                        T0.plus(hour.multipliedBy(4)), p1Resolved, 5, p1Resolved)));
        expected.put(SlaStatus.idOf(p2.id(), SlaKind.RESPONSE), List.of(
                status(p2, SlaKind.RESPONSE, SlaState.RUNNING, Duration.ZERO, t2.plus(Duration.ofMinutes(30)), null,
                        1, t2),
                status(p2, SlaKind.RESPONSE, SlaState.MET, Duration.ofMinutes(5), null, p2Ack, 2, p2Ack)));
        // the hour on hold does not count: 8h are up at 9h after the opening, half of them at 5h
        expected.put(SlaStatus.idOf(p2.id(), SlaKind.RESOLUTION), List.of(
                status(p2, SlaKind.RESOLUTION, SlaState.RUNNING, Duration.ZERO, t2.plus(hour.multipliedBy(8)), null,
                        1, t2),
                status(p2, SlaKind.RESOLUTION, SlaState.PAUSED, hour, null, null, 2, p2Hold),
                status(p2, SlaKind.RESOLUTION, SlaState.RUNNING, hour, t2.plus(hour.multipliedBy(9)), null, 3,
                        p2Resume),
                status(p2, SlaKind.RESOLUTION, SlaState.WARNING, hour.multipliedBy(4), t2.plus(hour.multipliedBy(9)),
                        null, 4, t2.plus(hour.multipliedBy(5))),
                status(p2, SlaKind.RESOLUTION, SlaState.MET, hour.multipliedBy(5), null, p2Resolved, 5,
                        p2Resolved)));
        expected.put(SlaStatus.idOf(p3.id(), SlaKind.RESPONSE), List.of(
                status(p3, SlaKind.RESPONSE, SlaState.RUNNING, Duration.ZERO, p3ResponseBreach, null, 1, t3),
                status(p3, SlaKind.RESPONSE, SlaState.WARNING, hour.multipliedBy(2), p3ResponseBreach, null, 2,
                        office.addBusinessTime(t3, hour.multipliedBy(2))),
                status(p3, SlaKind.RESPONSE, SlaState.WARNING, hour.multipliedBy(3), p3ResponseBreach, null, 3,
                        office.addBusinessTime(t3, hour.multipliedBy(3))),
                status(p3, SlaKind.RESPONSE, SlaState.BREACHED, hour.multipliedBy(4), p3ResponseBreach, null, 4,
                        p3ResponseBreach),
                status(p3, SlaKind.RESPONSE, SlaState.BREACHED, office.businessTimeBetween(t3, p3Ack),
                        p3ResponseBreach, p3Ack, 5, p3Ack)));
        Instant p3ResolutionBreach = office.addBusinessTime(t3, hour.multipliedBy(30));
        expected.put(SlaStatus.idOf(p3.id(), SlaKind.RESOLUTION), List.of(
                status(p3, SlaKind.RESOLUTION, SlaState.RUNNING, Duration.ZERO, p3ResolutionBreach, null, 1, t3),
                status(p3, SlaKind.RESOLUTION, SlaState.WARNING, hour.multipliedBy(15), p3ResolutionBreach, null, 2,
                        office.addBusinessTime(t3, hour.multipliedBy(15))),
                status(p3, SlaKind.RESOLUTION, SlaState.MET, office.businessTimeBetween(t3, p3Resolved), null,
                        p3Resolved, 3, p3Resolved)));
        int total = expected.values().stream().mapToInt(List::size).sum();

        Map<String, List<SlaStatus>> changelog = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.readFromStart(topics.topic(Topics.SLA), total + 1,
                Duration.ofSeconds(3))) {
            SlaStatus status = Json.fromBytes(record.value(), SlaStatus.class);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).as("keyed by SLA id").isEqualTo(status.id());
            // one key, one partition: each clock's changes in the order the job wrote them
            changelog.computeIfAbsent(status.id(), id -> new ArrayList<>()).add(status);
        }
        assertThat(states(changelog)).as("the states of each clock, in order").isEqualTo(states(expected));
        assertThat(changelog).as("every change of every clock, exactly").containsExactlyInAnyOrderEntriesOf(expected);

        Map<String, SlaStatus> indexed = new TreeMap<>();
        Map<String, Long> versions = new TreeMap<>();
        String index = indices.index("sla");
        try (ElasticsearchClient client = ElasticsearchClients.client(indices)) {
            client.indices().refresh(r -> r.index(index));
            @SuppressWarnings("rawtypes")
            var response = client.search(s -> s.index(index).size(100).version(true), Map.class);
            for (@SuppressWarnings("rawtypes") Hit<Map> hit : response.hits().hits()) {
                SlaStatus status = Json.fromBytes(Json.toBytes(hit.source()), SlaStatus.class);
                assertThat(hit.id()).isEqualTo(status.id());
                indexed.put(hit.id(), status);
                versions.put(hit.id(), hit.version());
            }
        }
        Map<String, SlaStatus> last = new TreeMap<>();
        expected.forEach((id, statuses) -> last.put(id, statuses.get(statuses.size() - 1)));
        assertThat(indexed).as("one document per incident and kind, as its last change")
                .containsExactlyInAnyOrderEntriesOf(last);
        Map<String, Long> revisions = new TreeMap<>();
        last.forEach((id, status) -> revisions.put(id, status.revision()));
        assertThat(versions).as("each document's version is its clock's revision (external versioning)")
                .containsExactlyInAnyOrderEntriesOf(revisions);
        SlaStatus p2Resolution = indexed.get(SlaStatus.idOf(p2.id(), SlaKind.RESOLUTION));
        assertThat(Duration.ofMillis(p2Resolution.elapsedMillis())).as("6h open, the hour on hold not counted")
                .isEqualTo(Duration.between(t2, p2Resolved).minus(Duration.between(p2Hold, p2Resume)));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** A new incident (revision 1) with the priority of {@code impact} x {@code urgency}. */
    private static Incident opened(String id, Impact impact, Urgency urgency, Instant openedAt) {
        return new Incident(id, 1, "PostgresDown on db01", IncidentStatus.NEW, RULES.priority(impact, urgency), impact,
                urgency, "db01", "a-" + id, List.of("a-" + id), List.of(), List.of("db01"), List.of("payments"),
                "dba", openedAt, null, null, openedAt, 0, null, RULES.lineage(), Map.of(), List.of(), "region:db01");
    }

    /** The incident's next revision at {@code updated}: acknowledged or resolved then. */
    private static Incident next(Incident i, Instant updated, IncidentStatus status) {
        Instant ack = i.acknowledgedAt() == null && status == IncidentStatus.ACKNOWLEDGED ? updated
                : i.acknowledgedAt();
        return new Incident(i.id(), i.revision() + 1, i.title(), status, i.priority(), i.impact(), i.urgency(),
                i.rootCauseCiId(), i.rootCauseAlertId(), i.alertIds(), i.symptomAlertIds(), i.affectedCiIds(),
                i.impactedServices(), i.supportGroup(), i.openedAt(), ack,
                status == IncidentStatus.RESOLVED ? updated : null, updated, i.reopenCount(), i.problemId(),
                i.rulePackVersion(), i.labels(), i.alerts(), i.correlationKey());
    }

    private static Map<String, List<SlaState>> states(Map<String, List<SlaStatus>> statuses) {
        Map<String, List<SlaState>> states = new TreeMap<>();
        statuses.forEach((id, changes) -> states.put(id, changes.stream().map(SlaStatus::state).toList()));
        return states;
    }

    private static IncidentAction action(Incident incident, IncidentAction.Action action, Instant at) {
        return new IncidentAction(incident.id(), action, at, "alice", null);
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
     * Writes the records in their order to partition 0 (key: the incident id, record time: the event time) and waits
     * until every one is acknowledged.
     */
    private static <T> void produce(KafkaBroker kafka, String topic, List<T> records, Function<T, String> key,
                                    Function<T, Instant> time) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (T record : records) {
                // one partition: the job reads each topic in the order things happened
                sent.add(producer.send(new ProducerRecord<>(topic, 0, time.apply(record).toEpochMilli(),
                        key.apply(record), Json.toBytes(record))));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : sent) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
    }
}
