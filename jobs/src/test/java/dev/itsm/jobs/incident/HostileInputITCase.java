package dev.itsm.jobs.incident;

import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.kafka.DeadLetters;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import dev.itsm.jobs.HostileCorpus;
import dev.itsm.jobs.HostileCorpus.Kind;
import dev.itsm.jobs.HostileCorpus.Payload;
import dev.itsm.jobs.TestingIncidentJob;
import dev.itsm.jobs.TestingMetrics;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link HostileCorpus} straight into Kafka, through the real incident job on a MiniCluster: over 10,000 bad
 * payloads of every kind (10 MB bodies, 10,000 levels of nesting, thousands of labels, invalid UTF-8, records stamped
 * days behind or half an hour ahead...) mixed with good ones of every format. Every bad payload is dead-lettered with
 * the error type the corpus expects (checked one by one through the letters' origin offsets), every good alert
 * reaches the alerts changelog, the job never restarts, and its state stays small: no oversized payload is kept.
 */
@ExtendWith(LocalStackExtension.class)
class HostileInputITCase {
    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestingMetrics.miniCluster(METRICS);

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 2;
    /** Largest state (all operators, one checkpoint) the job may keep after the corpus: see the assertion. */
    private static final long MAX_STATE_BYTES = 16L * 1024 * 1024;

    @Test
    void shouldDeadLetterEveryBadPayloadWithItsReasonAndProcessEveryGoodOneWithoutARestart(
            KafkaBroker kafka, ElasticsearchNode node, @TempDir Path work) throws Exception {
        long started = System.nanoTime();
        List<Payload> corpus = HostileCorpus.generate(20261129L, 10_000);
        Configuration conf = TestingIncidentJob.configuration(kafka, node, work, "hostile-input");
        conf.set(IncidentJobOptions.ELASTICSEARCH_ENABLED, false);
        KafkaConfig topics = KafkaConfig.fromConfiguration(conf);
        AlertParser parser = new AlertParser(IncidentJob.parserSettings(RulePackLoader.loadDefault()));

        try (TestingIncidentJob job = TestingIncidentJob.start(kafka, conf, PARTITIONS);
             KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            Set<String> warmUp = awaitEventTime(job, producer, kafka, topics, parser);

            Map<String, Payload> byOrigin = new HashMap<>();
            Set<String> goodIds = new HashSet<>();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Payload payload : corpus) {
                long now = System.currentTimeMillis();
                long timestamp = switch (payload.kind()) {
                    case RECORD_TIME_PAST -> now - Duration.ofDays(3).toMillis();
                    case RECORD_TIME_ANCIENT -> 1_714_558_530L; // seconds where milliseconds belong: January 1970
                    case RECORD_TIME_AHEAD -> now + Duration.ofMinutes(20 + payload.number() % 30).toMillis();
                    default -> now;
                };
                sent.add(producer.send(record(job.rawTopic(), payload.number() % PARTITIONS, timestamp, payload)));
                if (payload.isGood()) {
                    parser.parse(payload.body(), payload.format(), Instant.ofEpochMilli(now)).alerts()
                            .forEach(alert -> goodIds.add(alert.id()));
                }
            }
            producer.flush();
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata metadata = sent.get(i).get(); // Kafka took every one of them, 10 MB bodies included
                byOrigin.put(metadata.partition() + "@" + metadata.offset(), corpus.get(i));
            }
            long sentAt = System.nanoTime();

            Map<String, Long> expected = HostileCorpus.expectedDeadLetters(corpus);
            int letters = expected.values().stream().mapToInt(Long::intValue).sum() + 1; // + the warm-up's late probe
            List<ConsumerRecord<byte[], byte[]>> dlq = kafka.readFromStart(topics.topic(Topics.ALERTS_DLQ), letters, WAIT);
            Map<String, Long> byType = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> record : dlq) {
                DeadLetter letter = DeadLetters.fromRecord(record);
                assertThat(letter.reason()).as("every dead letter says why").isNotBlank();
                if (letter.originTopic() != null) {
                    Payload payload = byOrigin.get(letter.originPartition() + "@" + letter.originOffset());
                    assertThat(payload).as("dead letter of a payload the corpus calls good? %s", letter.reason()).isNotNull();
                    assertThat(letter.errorType()).as("%s: %s", payload, letter.reason()).isEqualTo(payload.errorType());
                    assertThat(letter.original()).as("%s: the original bytes", payload).isEqualTo(payload.body());
                }
                byType.merge(letter.errorType(), 1L, Long::sum);
            }
            expected.merge(HostileCorpus.LATE, 1L, Long::sum);
            assertThat(byType).as("dead letters by error type").isEqualTo(expected);
            long lettersIn = System.nanoTime();

            Set<String> alerted = alertIds(kafka.readFromStart(topics.topic(Topics.ALERTS),
                    goodIds.size() + warmUp.size(), WAIT));
            alerted.removeAll(warmUp);
            assertThat(alerted).as("every good alert, and only those, reached the alerts changelog")
                    .hasSize(goodIds.size()).containsExactlyInAnyOrderElementsOf(goodIds);

            TestingMetrics metrics = new TestingMetrics(METRICS, job.jobId());
            assertThat(metrics.gauge("numRestarts")).as("restarts of the job").isZero();
            assertThat(metrics.rejectedByReason()).as("the alertsRejected metric per reason")
                    .isEqualTo(withoutLate(expected));
            long state = metrics.stateSizeAfterTwoCheckpoints(WAIT);
            // Thousands of open alert occurrences and incidents (a few KB each) fit; a single kept 10 MB body, or
            // the 30 huge strings (100-500 KB), would not.
            assertThat(state).as("state size in bytes after the corpus").isLessThan(MAX_STATE_BYTES);
            System.out.printf("HostileInputITCase: %d payloads (%d bad, %d good alerts), %.1f MB; sent in %d ms, "
                            + "dead letters in after %d ms, alerts after %d ms; state %d KB; total %d ms%n",
                    corpus.size(), corpus.stream().filter(p -> !p.isGood()).count(), goodIds.size(),
                    corpus.stream().mapToLong(p -> p.body().length).sum() / 1e6, (sentAt - started) / 1_000_000,
                    (lettersIn - sentAt) / 1_000_000, (System.nanoTime() - lettersIn) / 1_000_000, state / 1024,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * Lets event time begin before the corpus, so that its records stamped days ago are late: a good alert now on
     * each partition, then one stamped a day ago every half second until the job dead-letters one as late.
     *
     * @return the ids of the warm-up alerts the job took (the late probe's excluded)
     */
    private static Set<String> awaitEventTime(TestingIncidentJob job, KafkaProducer<byte[], byte[]> producer,
                                              KafkaBroker kafka, KafkaConfig topics, AlertParser parser) throws Exception {
        Set<String> ids = new HashSet<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int probe = 0; System.nanoTime() < deadline; probe++) {
            long now = System.currentTimeMillis();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                send(producer, job.rawTopic(), partition, now, warmUpAlert("now-" + probe + "-" + partition), parser, ids);
            }
            byte[] late = warmUpAlert("late-" + probe);
            producer.send(record(job.rawTopic(), 0, now - Duration.ofDays(1).toMillis(),
                    new Payload(-probe, Kind.GOOD, "generic", "generic", late, null, 1))).get();
            Thread.sleep(500);
            if (!kafka.readFromStart(topics.topic(Topics.ALERTS_DLQ), 1, Duration.ofMillis(300)).isEmpty()) {
                return ids;
            }
            ids.add(parser.parse(late, "generic", Instant.now()).alerts().get(0).id()); // taken, not late
        }
        throw new AssertionError("event time did not begin within " + WAIT);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, long timestamp,
                             byte[] body, AlertParser parser, Set<String> ids) throws Exception {
        producer.send(record(topic, partition, timestamp, new Payload(0, Kind.GOOD, "generic", "generic", body, null, 1))).get();
        ids.add(parser.parse(body, "generic", Instant.ofEpochMilli(timestamp)).alerts().get(0).id());
    }

    private static byte[] warmUpAlert(String name) {
        return ("{\"name\":\"WarmUp\",\"status\":\"firing\",\"starts_at\":\"2026-11-01T08:00:00Z\",\"labels\":{\"probe\":\""
                + name + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, long timestamp, Payload payload) {
        RecordHeaders headers = new RecordHeaders();
        if (payload.format() != null) {
            headers.add(AlertParser.FORMAT_HEADER, payload.format().getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(topic, partition, timestamp, null, payload.body(), headers);
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaBroker kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, HostileCorpus.TEN_MB + 1024 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Set<String> alertIds(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> ids = new HashSet<>();
        records.forEach(record -> ids.add(new String(record.key(), StandardCharsets.UTF_8)));
        return ids;
    }

    private static Map<String, Long> withoutLate(Map<String, Long> expected) {
        Map<String, Long> copy = new TreeMap<>(expected);
        copy.remove(HostileCorpus.LATE);
        return copy;
    }
}
