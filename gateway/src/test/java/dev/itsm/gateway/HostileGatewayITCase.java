package dev.itsm.gateway;

import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.kafka.DeadLetters;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import dev.itsm.jobs.HostileCorpus;
import dev.itsm.jobs.HostileCorpus.Kind;
import dev.itsm.jobs.HostileCorpus.Payload;
import dev.itsm.jobs.TestingIncidentJob;
import dev.itsm.jobs.TestingMetrics;
import dev.itsm.jobs.incident.IncidentJob;
import dev.itsm.jobs.incident.IncidentJobOptions;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link HostileCorpus} of 3,000 bad payloads (every kind; {@code HostileInputITCase} sends 10,000 straight into
 * Kafka) and their good companions through the ingest gateway, 64 requests at a time, with the incident job behind
 * it on a MiniCluster. The gateway refuses at once what it can: 413 for the 10 MB bodies and 404 for formats it has no
 * endpoint for, with nothing written; 400 for every other bad payload, with its dead letter (the error type the
 * corpus expects, the original bytes) written before the answer. Every good payload is answered 200, is on the raw
 * topic, and its alerts reach the alerts changelog through the job, which never restarts. (Record timestamps are the
 * gateway's, so the corpus's record-time kinds are left out.)
 */
@ExtendWith(LocalStackExtension.class)
class HostileGatewayITCase {
    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestingMetrics.miniCluster(METRICS);

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int CONCURRENT_REQUESTS = 64;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldRefuseEveryBadPayloadWithItsReasonAndPassEveryGoodOneToTheJob(
            KafkaBroker kafka, ElasticsearchNode node, @TempDir Path work) throws Exception {
        long started = System.nanoTime();
        List<Payload> corpus = HostileCorpus.generate(20261130L, 3_000).stream()
                .filter(p -> !p.kind().isRecordTime()).toList();
        Configuration conf = TestingIncidentJob.configuration(kafka, node, work, "hostile-gateway");
        conf.set(IncidentJobOptions.ELASTICSEARCH_ENABLED, false);
        conf.set(GatewayOptions.PORT, 0);
        conf.set(GatewayOptions.ALLOW_ANONYMOUS, true);
        KafkaConfig topics = KafkaConfig.fromConfiguration(conf);
        AlertParser parser = new AlertParser(IncidentJob.parserSettings(RulePackLoader.loadDefault()));

        try (TestingIncidentJob job = TestingIncidentJob.start(kafka, conf, 2);
             IngestGateway gateway = IngestGateway.start(GatewayConfig.fromConfiguration(conf, Map.of()))) {
            Semaphore slots = new Semaphore(CONCURRENT_REQUESTS);
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (Payload payload : corpus) {
                slots.acquire();
                answers.add(http.sendAsync(request(gateway, payload), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, error) -> slots.release()));
            }
            Map<String, Long> expectedLetters = new TreeMap<>();
            Map<ByteBuffer, Payload> byBody = new HashMap<>();
            Set<String> goodIds = new HashSet<>();
            int good = 0;
            for (int i = 0; i < corpus.size(); i++) {
                Payload payload = corpus.get(i);
                HttpResponse<String> response = answers.get(i).get();
                assertThat(response.statusCode()).as("%s: %s", payload, response.body()).isEqualTo(status(payload));
                if (payload.isGood()) {
                    good++;
                    parser.parse(payload.body(), payload.format(), Instant.now()).alerts()
                            .forEach(alert -> goodIds.add(alert.id()));
                } else if (status(payload) == 400) {
                    expectedLetters.merge(payload.errorType(), 1L, Long::sum);
                    byBody.put(ByteBuffer.wrap(payload.body()), payload);
                }
            }
            long answered = System.nanoTime();

            List<ConsumerRecord<byte[], byte[]>> raw = kafka.readFromStart(gateway.rawTopic(), good + 1, Duration.ofSeconds(5));
            assertThat(raw).as("the raw topic holds the good payloads, and nothing else").hasSize(good);
            int letters = expectedLetters.values().stream().mapToInt(Long::intValue).sum();
            Map<String, Long> byType = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> record : kafka.readFromStart(gateway.deadLetterTopic(), letters + 1,
                    Duration.ofSeconds(5))) {
                DeadLetter letter = DeadLetters.fromRecord(record);
                Payload payload = byBody.get(ByteBuffer.wrap(letter.original()));
                assertThat(payload).as("a dead letter of a payload refused with 400: %s", letter.reason()).isNotNull();
                assertThat(letter.errorType()).as("%s: %s", payload, letter.reason()).isEqualTo(payload.errorType());
                byType.merge(letter.errorType(), 1L, Long::sum);
            }
            assertThat(byType).as("dead letters by error type, none from the job").isEqualTo(expectedLetters);

            Set<String> alerted = new HashSet<>();
            kafka.readFromStart(topics.topic(Topics.ALERTS), goodIds.size(), WAIT)
                    .forEach(record -> alerted.add(new String(record.key(), StandardCharsets.UTF_8)));
            assertThat(alerted).as("every good alert reached the alerts changelog through the job")
                    .containsExactlyInAnyOrderElementsOf(goodIds);
            TestingMetrics metrics = new TestingMetrics(METRICS, job.jobId());
            assertThat(metrics.gauge("numRestarts")).as("restarts of the job").isZero();
            assertThat(metrics.rejectedByReason()).as("the job rejected nothing the gateway accepted").isEmpty();
            System.out.printf("HostileGatewayITCase: %d requests (%d bad, %d good) answered in %d ms; %s dead letters "
                            + "by type; %d good alerts through the job after %d ms; total %d ms%n",
                    corpus.size(), corpus.size() - good, good, (answered - started) / 1_000_000, byType,
                    goodIds.size(), (System.nanoTime() - answered) / 1_000_000, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The gateway's answer: 200 for good, 413 over its body limit, 404 for an unknown format, else 400. */
    private static int status(Payload payload) {
        if (payload.isGood()) {
            return 200;
        }
        if (payload.kind() == Kind.UNKNOWN_FORMAT) {
            return 404;
        }
        return payload.body().length > HostileCorpus.MAX_PAYLOAD_BYTES ? 413 : 400;
    }

    private static HttpRequest request(IngestGateway gateway, Payload payload) {
        String endpoint = payload.kind() == Kind.UNKNOWN_FORMAT ? payload.format() : payload.template();
        return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + GatewayHandler.ALERTS_PATH + endpoint))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload.body())).build();
    }
}
