package dev.itsm.cli.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.elasticsearch.ElasticsearchOptions;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaConnectors;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.Incident;
import dev.itsm.dashboards.Setup;
import dev.itsm.devstack.LocalStack;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.jobs.incident.IncidentJobOptions;
import dev.itsm.jobs.incident.IncidentJobRunner;
import dev.itsm.jobs.incident.IndexerJob;
import dev.itsm.jobs.incident.ParseFunction;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code itsm bench incident}: throughput of the incident job over a pre-loaded topic, compared with a pass-through
 * job (read, parse, write) over the same topic in the same run, then latency from alert to incident record at a
 * steady rate. Everything runs on this machine: the local broker and node and a local Flink cluster.
 */
public final class IncidentBenchmark {

    /** What to run. */
    public record Settings(long alerts, int fingerprints, int cis, int parallelism, int rate, Duration latencyPhase,
                           boolean latencyOnly) {
    }

    /** What it measured. */
    public record Result(double incidentAlertsPerSecond, double indexerRecordsPerSecond, double passThroughAlertsPerSecond,
                         long latencySamples, long p50Millis, long p99Millis, long maxMillis) {
        public double ratio() {
            return incidentAlertsPerSecond / passThroughAlertsPerSecond;
        }
    }

    private static final String LATENCY_PREFIX = "latency";
    private static final String UPDATED_FIELD = "@timestamp";
    private static final JsonFactory JSON = new JsonFactory();
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    /** The pre-loaded stream covers an hour of event time per million alerts. */
    private static final long SPACING_MICROS = 3_600;

    private final LocalStack stack;
    private final Path workDir;
    private final PrintStream out;

    public IncidentBenchmark(LocalStack stack, Path workDir, PrintStream out) {
        this.stack = stack;
        this.workDir = workDir;
        this.out = out;
    }

    public Result run(Settings settings) throws Exception {
        BenchData data = new BenchData(settings.cis(), settings.fingerprints());
        Path cmdb = workDir.resolve("bench-cmdb.json");
        data.writeCmdb(cmdb);

        Configuration conf = configuration("bench", settings, cmdb);
        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        createTopics(kafka);
        out.printf("Pre-loading %,d alerts (%,d distinct, over %,d CIs) into %s ...%n", settings.alerts(), settings.fingerprints(),
                settings.cis(), kafka.topic(Topics.ALERTS_RAW));
        long loadStart = System.nanoTime();
        preload(kafka, data, settings.alerts());
        out.printf("  loaded in %.1f s%n", (System.nanoTime() - loadStart) / 1e9);
        // as `itsm setup` does before the jobs run: the indices get their mappings (the raw payload not indexed)
        Setup.installTemplates(ElasticsearchConfig.fromConfiguration(conf));
        Setup.installTemplates(ElasticsearchConfig.fromConfiguration(configuration(LATENCY_PREFIX, settings, cmdb)));

        double passThrough = Double.NaN;
        double incident = Double.NaN;
        double indexer = Double.NaN;
        if (!settings.latencyOnly()) {
            passThrough = settings.alerts() / seconds(passThrough(conf, kafka));
            out.printf("  %,.0f alerts/s%n", passThrough);
            incident = incidentJob(settings, cmdb);
            indexer = indexer(conf, kafka);
        }

        out.printf("Latency at a steady %,d alerts/s for %d s, alert sent -> incident record received ...%n", settings.rate(),
                settings.latencyPhase().toSeconds());
        List<Long> latencies = latency(settings, data, cmdb);
        Collections.sort(latencies);
        long p50 = percentile(latencies, 0.50);
        long p99 = percentile(latencies, 0.99);
        long max = latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1);
        return new Result(incident, indexer, passThrough, latencies.size(), p50, p99, max);
    }

    private double incidentJob(Settings settings, Path cmdb) throws Exception {
        out.println("Incident job (parse, deduplicate, CMDB, incidents; writes the incidents and alerts topics) to the end of the topic ...");
        Configuration incidentOnly = configuration("bench", settings, cmdb);
        incidentOnly.set(IncidentJobOptions.ELASTICSEARCH_ENABLED, false);
        StreamExecutionEnvironment env = JobEnvironments.create(incidentOnly);
        IncidentJobRunner.build(env, incidentOnly, true);
        double incident = settings.alerts() / seconds(env.execute("bench: incident job"));
        out.printf("  %,.0f alerts/s%n", incident);
        return incident;
    }

    private double indexer(Configuration conf, KafkaConfig kafka) throws Exception {
        out.println("Indexer (incidents and alerts topics into Elasticsearch) over what the incident job wrote ...");
        long changelog = endOffsets(kafka, Topics.INCIDENTS) + endOffsets(kafka, Topics.ALERTS);
        StreamExecutionEnvironment indexerEnv = JobEnvironments.create(conf);
        IndexerJob.build(indexerEnv, conf, true);
        double indexer = changelog / seconds(indexerEnv.execute("bench: indexer"));
        out.printf("  %,d changelog records, %,.0f records/s%n", changelog, indexer);
        return indexer;
    }

    private Configuration configuration(String prefix, Settings settings, Path cmdb) {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, stack.kafkaBootstrapServers());
        conf.set(KafkaOptions.TOPIC_PREFIX, prefix);
        conf.set(ElasticsearchOptions.HOSTS, List.of(stack.elasticsearchUrl()));
        conf.set(ElasticsearchOptions.INDEX_PREFIX, prefix);
        conf.set(IncidentJobOptions.CMDB_FILE, cmdb.toString());
        conf.setString("parallelism.default", String.valueOf(settings.parallelism()));
        conf.setString("execution.checkpointing.dir", workDir.resolve("checkpoints-" + prefix).toUri().toString());
        return conf;
    }

    private void createTopics(KafkaConfig kafka) {
        stack.kafka().createTopic(kafka.topic(Topics.ALERTS_RAW), 4);
        stack.kafka().createTopic(kafka.topic(Topics.ALERTS_DLQ), 1);
        stack.kafka().createTopic(kafka.topic(Topics.CMDB), 1, Map.of("cleanup.policy", "compact"));
        stack.kafka().createTopic(kafka.topic(Topics.INCIDENTS), 4);
        stack.kafka().createTopic(kafka.topic(Topics.ALERTS), 4);
        stack.kafka().createTopic(kafka.topic("passthrough"), 4);
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaConfig kafka, int lingerMillis) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMillis);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, BenchData data, long n, long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("itsm.format", "generic".getBytes(StandardCharsets.UTF_8));
        byte[] key = Integer.toString(data.fingerprintOf(n)).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, timestamp, key, data.payload(n), headers);
    }

    private void preload(KafkaConfig kafka, BenchData data, long alerts) {
        String topic = kafka.topic(Topics.ALERTS_RAW);
        long step = Math.max(1, alerts / 10);
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka, 20)) {
            for (long n = 0; n < alerts; n++) {
                producer.send(record(topic, data, n, BenchData.time(BASE, n, SPACING_MICROS).toEpochMilli()));
                if ((n + 1) % step == 0) {
                    out.printf("  %,d%n", n + 1);
                }
            }
            producer.flush();
        }
    }

    private JobExecutionResult passThrough(Configuration conf, KafkaConfig kafka) throws Exception {
        out.println("Pass-through job (read, parse, write to Kafka) over the same topic ...");
        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        env.fromSource(KafkaConnectors.rawSource(kafka, Topics.ALERTS_RAW, "passthrough").setBounded(OffsetsInitializer.latest()).build(),
                        WatermarkStrategy.noWatermarks(), "raw alerts")
                // the parse step as the incident job has it, with its rule-pack input (here only the start-up pack)
                .connect(env.fromData(RulePackRecord.of(RulePackLoader.loadDefault(), RulePackLoader.defaultFiles(), Instant.EPOCH))
                        .broadcast(ActiveRulePack.STATE))
                .process(new ParseFunction(RulePackLoader.loadDefault(), IncidentJobOptions.MAX_CLOCK_SKEW.defaultValue())).name("parse")
                .sinkTo(KafkaConnectors.<Alert>jsonSink(kafka, "passthrough", Alert::fingerprint)).name("to Kafka");
        return env.execute("bench: pass-through");
    }

    private List<Long> latency(Settings settings, BenchData data, Path cmdb) throws Exception {
        Configuration conf = configuration(LATENCY_PREFIX, settings, cmdb);
        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        createTopics(kafka);
        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        IncidentJobRunner.build(env, conf);
        JobClient job = env.executeAsync("bench: incident job, latency");
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean consuming = new AtomicBoolean(true);
        Thread consumer = new Thread(() -> consume(kafka, latencies, consuming), "bench-latency-consumer");
        consumer.start();
        try {
            Thread.sleep(5_000); // let the job start and the consumer join before the clock starts
            String topic = kafka.topic(Topics.ALERTS_RAW);
            long total = (long) settings.rate() * settings.latencyPhase().toSeconds();
            long start = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka, 0)) {
                for (long n = 0; n < total; n++) {
                    long due = start + n * 1_000_000_000L / settings.rate();
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    producer.send(record(topic, data, n, System.currentTimeMillis()));
                }
            }
            Thread.sleep(3_000);
        } finally {
            consuming.set(false);
            consumer.join();
            job.cancel().get();
        }
        return new ArrayList<>(latencies);
    }

    private static void consume(KafkaConfig kafka, List<Long> latencies, AtomicBoolean consuming) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-latency");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(kafka.topic(Topics.INCIDENTS)));
            while (consuming.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long received = System.currentTimeMillis();
                    latencies.add(received - updated(record.value()).toEpochMilli());
                }
            }
        }
    }

    /**
     * The incident record's {@code @timestamp} ({@link Incident#updated()}), read without binding the whole record:
     * this consumer shares the cores with the job it measures.
     */
    static Instant updated(byte[] incidentJson) {
        try (JsonParser parser = JSON.createParser(incidentJson)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals(UPDATED_FIELD)) {
                    return Instant.parse(parser.getText());
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("an incident record that is not JSON", e);
        }
        throw new IllegalStateException("an incident record without " + UPDATED_FIELD);
    }

    private static long endOffsets(KafkaConfig kafka, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(kafka.topic(topic)).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static double seconds(JobExecutionResult result) {
        return result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }
}
