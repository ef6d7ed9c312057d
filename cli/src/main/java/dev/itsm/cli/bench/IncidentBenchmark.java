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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code itsm bench incident}: throughput of the incident job over a pre-loaded topic, compared with a pass-through
 * job (read, parse, write) over the same topic in the same run, then latency from alert to incident record at a
 * steady rate. Everything runs on this machine: the local broker and node and a local Flink cluster.
 */
public final class IncidentBenchmark {

    /** What to run. */
    public record Settings(long alerts, int fingerprints, int cis, int parallelism, int rate, Duration latencyWarmup,
                           Duration latencyPhase, boolean latencyOnly) {
    }

    /** What it measured. */
    public record Result(double incidentAlertsPerSecond, double indexerRecordsPerSecond, double passThroughAlertsPerSecond,
                         Latency jobAlone, Latency withIndexer) {
        public double ratio() {
            return incidentAlertsPerSecond / passThroughAlertsPerSecond;
        }
    }

    /** The measured part of a latency phase: how many incident records, and their latency's percentiles. */
    public record Latency(long samples, long p50Millis, long p99Millis, long maxMillis) {
    }

    private static final String LATENCY_PREFIX = "latency";
    /** The latency phase's first round of the stream: new alerts, then resolves (round 9), then firing again. */
    private static final long LATENCY_FIRST_ROUND = 8;
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
        Setup.installTemplates(ElasticsearchConfig.fromConfiguration(configuration(LATENCY_PREFIX + "-indexed", settings, cmdb)));

        double passThrough = Double.NaN;
        double incident = Double.NaN;
        double indexer = Double.NaN;
        if (!settings.latencyOnly()) {
            passThrough = settings.alerts() / seconds(passThrough(conf, kafka));
            out.printf("  %,.0f alerts/s%n", passThrough);
            incident = incidentJob(settings, cmdb);
            indexer = indexer(conf, kafka);
        }

        Latency alone = latency(settings, data, cmdb, false);
        Latency withIndexer = latency(settings, data, cmdb, true);
        return new Result(incident, indexer, passThrough, alone, withIndexer);
    }

    /**
     * One latency phase on fresh topics (and indices), the incident job alone or with its indexer writing to the
     * Elasticsearch node on the same cores.
     */
    private Latency latency(Settings settings, BenchData data, Path cmdb, boolean withIndexer) throws Exception {
        out.printf("Latency, the incident job %s, at a steady %,d alerts/s: %d s of warm-up, then %d s measured; alert sent -> incident record received ...%n",
                withIndexer ? "with its indexer into Elasticsearch (on the same cores)" : "alone (Elasticsearch fed elsewhere)",
                settings.rate(), settings.latencyWarmup().toSeconds(), settings.latencyPhase().toSeconds());
        long[] measuredFrom = new long[1];
        List<long[]> samples = latency(settings, data, cmdb, withIndexer ? LATENCY_PREFIX + "-indexed" : LATENCY_PREFIX, withIndexer,
                measuredFrom);
        printWindows(samples, measuredFrom[0]);
        List<Long> latencies = new ArrayList<>(samples.size());
        samples.stream().filter(sample -> sample[0] >= measuredFrom[0]).forEach(sample -> latencies.add(sample[1]));
        Collections.sort(latencies);
        long max = latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1);
        return new Latency(latencies.size(), percentile(latencies, 0.50), percentile(latencies, 0.99), max);
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

    /** How wide a window of the latency phase's breakdown is. */
    private static final long WINDOW_MILLIS = 10_000;

    /**
     * The latency phase's samples by when their alert was sent, a line per {@link #WINDOW_MILLIS}: shows whether the
     * tail comes from the job's start, from checkpoints (every 10 s), or from everywhere.
     */
    private void printWindows(List<long[]> samples, long measuredFrom) {
        Map<Long, List<Long>> windows = new TreeMap<>();
        for (long[] sample : samples) {
            windows.computeIfAbsent(Math.floorDiv(sample[0] - measuredFrom, WINDOW_MILLIS), w -> new ArrayList<>()).add(sample[1]);
        }
        windows.forEach((window, latencies) -> {
            Collections.sort(latencies);
            out.printf("  alerts sent %4d..%3d s: %,7d incident records, p50 %,6d ms, p99 %,6d ms, max %,6d ms%s%n",
                    window * WINDOW_MILLIS / 1000, (window + 1) * WINDOW_MILLIS / 1000, latencies.size(),
                    percentile(latencies, 0.50), percentile(latencies, 0.99), latencies.get(latencies.size() - 1),
                    window < 0 ? "   (warm-up, not counted)" : "");
        });
    }

    /**
     * Each sample: the incident record's time (when its latest alert was sent), and how long after it was read.
     * The phase plays the stream from its round {@value #LATENCY_FIRST_ROUND} on, so that every notification
     * changes an incident (see {@link BenchData#payload}): the warm-up's alerts are all new to the freshly
     * started job; in the measured part each resolves (round 9), then fires again (round 10). Repeats, which change no
     * incident, would leave no sample. {@code measuredFrom} receives the wall-clock time at which the warm-up ended.
     */
    private List<long[]> latency(Settings settings, BenchData data, Path cmdb, String prefix, boolean withIndexer,
                                 long[] measuredFrom) throws Exception {
        Configuration conf = configuration(prefix, settings, cmdb);
        conf.set(IncidentJobOptions.ELASTICSEARCH_ENABLED, withIndexer);
        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        createTopics(kafka);
        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        IncidentJobRunner.build(env, conf);
        JobClient job = env.executeAsync("bench: incident job, latency");
        List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean consuming = new AtomicBoolean(true);
        Thread consumer = new Thread(() -> consume(kafka, latencies, consuming), "bench-latency-consumer");
        consumer.start();
        try {
            Thread.sleep(5_000); // let the job start and the consumer join before the clock starts
            String topic = kafka.topic(Topics.ALERTS_RAW);
            long total = (long) settings.rate() * settings.latencyWarmup().plus(settings.latencyPhase()).toSeconds();
            long first = LATENCY_FIRST_ROUND * settings.fingerprints();
            long start = System.nanoTime();
            measuredFrom[0] = System.currentTimeMillis() + settings.latencyWarmup().toMillis();
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka, 0)) {
                for (long n = 0; n < total; n++) {
                    long due = start + n * 1_000_000_000L / settings.rate();
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    producer.send(record(topic, data, first + n, System.currentTimeMillis()));
                }
            }
            // a sample that comes late must still count: wait until nothing came for 5 s (at most a minute)
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            int seen = -1;
            while (latencies.size() != seen && System.nanoTime() < deadline) {
                seen = latencies.size();
                Thread.sleep(5_000);
            }
        } finally {
            consuming.set(false);
            consumer.join();
            job.cancel().get();
        }
        return new ArrayList<>(latencies);
    }

    private static void consume(KafkaConfig kafka, List<long[]> latencies, AtomicBoolean consuming) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-latency");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(kafka.topic(Topics.INCIDENTS)));
            while (consuming.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long received = System.currentTimeMillis();
                    long updated = updated(record.value()).toEpochMilli();
                    latencies.add(new long[]{updated, received - updated});
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
