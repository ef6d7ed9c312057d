package dev.itsm.connectors.elasticsearch;

import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sink against a real Elasticsearch node, in real Flink jobs on a MiniCluster. */
@ExtendWith(LocalStackExtension.class)
class ElasticsearchSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** A changing entity: many revisions of few ids. */
    public record Revision(String id, long revision, String state) {
    }

    static DocumentMapper<Revision> into(String index) {
        return r -> new ElasticsearchDocument(index, r.id(), r.revision(),
                ("{\"id\":\"" + r.id() + "\",\"revision\":" + r.revision() + ",\"state\":\"" + r.state() + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** {@code ids} entities with revisions 1..revisions each, in a shuffled but reproducible order. */
    static List<Revision> revisions(int ids, int revisions) {
        List<Revision> all = new ArrayList<>();
        for (int id = 0; id < ids; id++) {
            for (int rev = 1; rev <= revisions; rev++) {
                all.add(new Revision("e" + id, rev, "state-" + rev));
            }
        }
        Collections.shuffle(all, new Random(42));
        return all;
    }

    static Map<String, Long> newest(List<Revision> revisions) {
        Map<String, Long> newest = new TreeMap<>();
        revisions.forEach(r -> newest.merge(r.id(), r.revision(), Math::max));
        return newest;
    }

    private static EsTestSupport es;
    private static String url;

    @BeforeAll
    static void connect(ElasticsearchNode node) {
        url = node.httpUrl();
        es = new EsTestSupport(url);
    }

    @AfterAll
    static void disconnect() throws IOException {
        es.close();
    }

    private ElasticsearchSink<Revision> sink(String index, int maxActions) {
        return ElasticsearchSink.<Revision>builder()
                .setHosts(url)
                .setBulkFlushMaxActions(maxActions)
                .setBulkFlushInterval(Duration.ofMillis(200))
                .setRetryBackoff(Duration.ofMillis(50), Duration.ofSeconds(1))
                .setRetryTimeout(Duration.ofMinutes(2))
                .setDocumentMapper(into(index))
                .build();
    }

    @Test
    void shouldKeepTheNewestRevisionOfEveryDocumentWhateverTheArrivalOrder(ElasticsearchNode node) throws Exception {
        String index = node.freshIndex("revisions");
        List<Revision> input = revisions(200, 10);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);

        // rebalance spreads one id's revisions over both writers, so they race each other
        env.fromData(input).rebalance().sinkTo(sink(index, 50)).name("to elasticsearch");
        env.execute("newest revision wins");

        assertThat(es.versions(index)).isEqualTo(newest(input));
        assertThat(es.source(index, "e7")).containsEntry("state", "state-10");
    }

    @Test
    void shouldNeverLetAStaleRevisionOverwriteANewerOne(ElasticsearchNode node) throws Exception {
        String index = node.freshIndex("stale");
        ElasticsearchConfig config = ElasticsearchConfig.forHosts(url);
        try (ElasticsearchBulkSender sender = new ElasticsearchBulkSender(ElasticsearchClients.client(config), config)) {
            assertThat(sender.send(List.of(new ElasticsearchDocument(index, "a", 5, EsTestSupport.json("a", 5))))).isEqualTo(new BulkSender.BulkResult(1, 0, 0));

            BulkSender.BulkResult replay = sender.send(List.of(
                    new ElasticsearchDocument(index, "a", 3, EsTestSupport.json("a", 3)),
                    new ElasticsearchDocument(index, "a", 5, EsTestSupport.json("a", 5)),
                    new ElasticsearchDocument(index, "b", 1, EsTestSupport.json("b", 1))));

            assertThat(replay).isEqualTo(new BulkSender.BulkResult(1, 2, 0));
        }
        assertThat(es.versions(index)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 5L, "b", 1L));
        assertThat(es.source(index, "a")).containsEntry("revision", 5);
    }

    @Test
    void shouldFailClearlyWhenElasticsearchRefusesADocumentsMapping(ElasticsearchNode node) throws Exception {
        String index = node.freshIndex("mapping");
        es.client.indices().create(c -> c.index(index).mappings(m -> m.properties("revision", p -> p.long_(l -> l))));
        ElasticsearchConfig config = ElasticsearchConfig.forHosts(url);
        try (ElasticsearchBulkSender sender = new ElasticsearchBulkSender(ElasticsearchClients.client(config), config)) {
            byte[] wrongType = "{\"revision\":\"not a number\"}".getBytes(StandardCharsets.UTF_8);

            assertThatThrownBy(() -> sender.send(List.of(new ElasticsearchDocument(index, "bad-1", 1, wrongType))))
                    .isInstanceOf(ElasticsearchSinkException.class)
                    .hasMessageContaining("Elasticsearch refused 1 of 1 documents, retrying cannot help")
                    .hasMessageContaining("index " + index + " id bad-1 version 1 -> HTTP 400")
                    .hasMessageContaining("[revision]");
        }
    }

    /** Fails the job once, after a checkpoint completed and after more input flowed: the restart replays it. */
    public static final class FailOnceAfterCheckpoint extends RichMapFunction<Revision, Revision> implements CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private boolean checkpointed;
        private int seenSinceCheckpoint;

        @Override
        public Revision map(Revision value) throws Exception {
            Thread.sleep(1); // keep the job alive long enough for checkpoints
            if (checkpointed && ++seenSinceCheckpoint > 100 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after a checkpoint");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    void shouldReachTheSameResultWhenAJobRestartsFromItsLastCheckpoint(KafkaBroker kafka, ElasticsearchNode node) throws Exception {
        String topic = kafka.freshTopic("revisions");
        String index = node.freshIndex("restart");
        List<Revision> input = revisions(300, 8);
        produce(kafka, topic, input);

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        FailOnceAfterCheckpoint.FAILED.set(false);

        env.fromSource(revisionSource(kafka, topic), WatermarkStrategy.noWatermarks(), "revisions")
                .map(new FailOnceAfterCheckpoint()).uid("fail-once").name("fail once")
                .sinkTo(sink(index, 100)).uid("es-sink").name("to elasticsearch");
        JobExecutionResult result = env.execute("restart from checkpoint");

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
        assertThat(result).isNotNull();
        assertThat(es.versions(index)).isEqualTo(newest(input));
        for (String id : List.of("e0", "e150", "e299")) {
            assertThat(es.source(index, id)).containsEntry("state", "state-8");
        }
    }

    @Test
    void shouldLoseNothingWhenTheNodeStopsForAWhileAndComesBack(KafkaBroker kafka, ElasticsearchNode node) throws Exception {
        String topic = kafka.freshTopic("outage");
        String index = node.freshIndex("outage");
        List<Revision> input = revisions(400, 5);
        produce(kafka, topic, input);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        env.fromSource(revisionSource(kafka, topic), WatermarkStrategy.noWatermarks(), "revisions")
                .map(r -> {
                    Thread.sleep(3); // about 3 s of input per subtask, so the outage falls in the middle
                    return r;
                }).name("slow")
                .sinkTo(sink(index, 20)).name("to elasticsearch");
        JobClient job = env.executeAsync("elasticsearch outage");
        try {
            waitUntil(() -> countQuietly(index) > 0, Duration.ofSeconds(60));
            node.stop();
            Thread.sleep(4_000);
        } finally {
            node.restart();
        }
        job.getJobExecutionResult().get(3, TimeUnit.MINUTES);

        assertThat(es.versions(index)).isEqualTo(newest(input));
    }

    private static long countQuietly(String index) {
        try {
            return es.versions(index).size();
        } catch (Exception e) {
            return 0;
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static KafkaSource<Revision> revisionSource(KafkaBroker kafka, String topic) {
        return KafkaSource.<Revision>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId(topic)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(new RevisionDeserializer()))
                .build();
    }

    /** "id,revision,state" */
    static final class RevisionDeserializer implements org.apache.flink.api.common.serialization.DeserializationSchema<Revision> {
        @Override
        public Revision deserialize(byte[] message) {
            String[] parts = new String(message, StandardCharsets.UTF_8).split(",");
            return new Revision(parts[0], Long.parseLong(parts[1]), parts[2]);
        }

        @Override
        public boolean isEndOfStream(Revision next) {
            return false;
        }

        @Override
        public org.apache.flink.api.common.typeinfo.TypeInformation<Revision> getProducedType() {
            return org.apache.flink.api.common.typeinfo.TypeInformation.of(Revision.class);
        }
    }

    /**
     * Writes the revisions in order and waits until every one is acknowledged: a fresh topic's partitions may still be
     * electing their leader, and a send that failed then must fail the test here, not show up as a lost revision.
     */
    private static void produce(KafkaBroker kafka, String topic, List<Revision> revisions) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new java.util.ArrayList<>();
            for (Revision r : revisions) {
                sent.add(producer.send(new ProducerRecord<>(topic, r.id(), r.id() + "," + r.revision() + "," + r.state())));
            }
            producer.flush();
            for (var ack : sent) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
    }
}
