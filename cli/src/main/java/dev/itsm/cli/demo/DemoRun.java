package dev.itsm.cli.demo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.itsm.connectors.cmdb.CmdbFiles;
import dev.itsm.connectors.cmdb.CmdbLoadResult;
import dev.itsm.connectors.elasticsearch.ElasticsearchClients;
import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.elasticsearch.ElasticsearchOptions;
import dev.itsm.connectors.kafka.DeadLetters;
import dev.itsm.connectors.kafka.ConsumerLag;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.json.Json;
import dev.itsm.dashboards.Setup;
import dev.itsm.dashboards.SetupResult;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.Problem;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.core.model.SloStatus;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStack;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.jobs.JobOptions;
import dev.itsm.jobs.incident.IncidentJobOptions;
import dev.itsm.jobs.incident.IncidentJobRunner;
import dev.itsm.jobs.problem.ProblemJobRunner;
import dev.itsm.jobs.incident.ParseFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The demo, end to end: CMDB and incident job on a local Flink cluster against the given stack, a recorded alert
 * stream played into the raw topic, then a summary read back from Elasticsearch and the dead-letter topic.
 */
public final class DemoRun {

    /** What to run. {@code rulesDir} may be null (the built-in default pack). */
    public record Settings(Path cmdb, Path alerts, double speed, Path rulesDir) {
    }

    /** What the run produced, read back from the outputs. */
    public record Summary(int payloadsSent, long alertNotifications, long distinctAlerts, List<Incident> incidents,
                          List<Problem> problems, List<SlaStatus> slas, List<SloStatus> sloChanges,
                          List<DeadLetter> rejected, Duration playTime) {

        /** The last change of each SLO, as in the {@code itsm-slo} index. */
        public List<SloStatus> slos() {
            Map<String, SloStatus> last = new TreeMap<>();
            sloChanges.forEach(s -> last.merge(s.id(), s, (a, b) -> b.revision() > a.revision() ? b : a));
            return List.copyOf(last.values());
        }
    }

    private static final Duration SETTLE_QUIET = Duration.ofSeconds(12);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(3);
    /** How far past the last alert the closing heartbeat moves event time: beyond the resolve hold, within the reopen window. */
    private static final Duration HEARTBEAT_AFTER_END = Duration.ofMinutes(5);

    private final LocalStack stack;
    private final PrintStream out;

    public DemoRun(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    /** The configuration the job runs with against this stack. */
    public Configuration configuration(Settings settings) {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, stack.kafkaBootstrapServers());
        conf.set(ElasticsearchOptions.HOSTS, List.of(stack.elasticsearchUrl()));
        conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
        conf.set(IncidentJobOptions.CMDB_FILE, settings.cmdb().toString());
        if (settings.rulesDir() != null) {
            conf.set(IncidentJobOptions.RULES_DIR, settings.rulesDir().toString());
        }
        conf.setString("parallelism.default", "2");
        // Event-time order: the demo's outcome is the same at any speed (and the one DemoITCase checks at full speed).
        conf.set(IncidentJobOptions.CORRELATION_ORDER, IncidentJobOptions.CorrelationOrder.EVENT_TIME);
        // Burn-rate alerts come back through Kafka at a time that depends on the pace of the replay, which would make
        // the outcome vary from run to run; `itsm demo --burn-rate-alerts` turns them on.
        conf.set(IncidentJobOptions.SLO_BURN_RATE_ALERTS, false);
        // checkpoints on disk: the job-manager memory default refuses state over 5 MB
        conf.setString("execution.checkpointing.dir", stack.kafka().workDir().getParent().resolve("checkpoints").toUri().toString());
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", "9249-9269");
        return conf;
    }

    /** Runs the demo; the job is left running (the caller cancels it) so {@code --keep-running} can keep it. */
    public Summary run(Settings settings, Configuration conf, JobHolder job) throws Exception {
        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        ElasticsearchConfig elasticsearch = ElasticsearchConfig.fromConfiguration(conf);
        createTopics(kafka);

        CmdbLoadResult cmdb = CmdbFiles.load(settings.cmdb());
        out.printf("[2/5] CMDB %s: %d configuration items, %d relations%s%n", settings.cmdb(), cmdb.snapshot().items().size(),
                cmdb.snapshot().relations().size(), cmdb.warnings().isEmpty() ? "" : ", " + cmdb.warnings().size() + " warnings:");
        cmdb.warnings().stream().limit(10).forEach(w -> out.println("      " + w));
        // the index templates first, so that the jobs' first writes get the dashboards' mappings
        List<SetupResult> templates = Setup.installTemplates(elasticsearch);
        out.printf("      %d Elasticsearch index templates installed (%d unchanged); Kibana dashboards: itsm setup --kibana URL%n",
                templates.size(), templates.stream().filter(r -> r.outcome() == SetupResult.Outcome.UNCHANGED).count());
        Scenario scenario = Scenario.load(settings.alerts());

        out.println("[3/5] Starting the incident job (with its SLA clocks) and the problem job on a local Flink cluster (parallelism 2) ...");
        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        IncidentJobRunner.build(env, conf);
        ProblemJobRunner.build(env, conf);
        job.client = env.executeAsync(IncidentJobRunner.JOB_NAME);
        waitUntilRunning(job.client);

        out.printf("[4/5] Playing %s: %d payloads over %s of simulated time at %s%n", settings.alerts(), scenario.size(),
                human(scenario.duration()), settings.speed() == 0 ? "full speed" : settings.speed() + "x");
        long started = System.nanoTime();
        int sent;
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            int step = Math.max(1, scenario.size() / 10);
            sent = new ScenarioPlayer(producer, kafka.topic(Topics.ALERTS_RAW), settings.speed()).play(scenario, (n, total, time) -> {
                if (n % step == 0 || n == total) {
                    out.printf("      %3d/%d sent, simulated time %s%n", n, total, time);
                }
            });
            Instant end = scenario.entries().isEmpty() ? scenario.base()
                    : scenario.entries().get(scenario.entries().size() - 1).time(scenario.base());
            sendHeartbeats(producer, kafka.topic(Topics.ALERTS_RAW), end.plus(HEARTBEAT_AFTER_END));
        }
        Duration playTime = Duration.ofNanos(System.nanoTime() - started);

        out.println("[5/5] Waiting for the results to settle ...");
        try (ElasticsearchClient client = ElasticsearchClients.client(elasticsearch)) {
            String incidents = elasticsearch.index("incidents");
            String alerts = elasticsearch.index("alerts");
            String problems = elasticsearch.index("problems");
            String slas = elasticsearch.index("sla");
            String slos = elasticsearch.index("slo");
            waitForQuiet(client, List.of(incidents, alerts, problems, slas, slos), job.client, kafka);
            return new Summary(sent, sum(client, alerts, "alert.count"), count(client, alerts), incidents(client, incidents),
                    documents(client, problems, "problem.first_seen", Problem.class),
                    documents(client, slas, "event.start", SlaStatus.class),
                    changelog(kafka, Topics.SLO, SloStatus.class), deadLetters(kafka), playTime);
        }
    }

    /** The running job, so the caller can cancel it whatever happened. */
    public static final class JobHolder {
        public JobClient client;
    }

    private void createTopics(KafkaConfig kafka) {
        KafkaBroker broker = stack.kafka();
        // one raw partition keeps the recorded order (a gateway would key by alert group); heartbeats cover every partition
        broker.createTopic(kafka.topic(Topics.ALERTS_RAW), 1);
        broker.createTopic(kafka.topic(Topics.ALERTS_DLQ), 1);
        broker.createTopic(kafka.topic(Topics.CMDB), 1, Map.of("cleanup.policy", "compact"));
        broker.createTopic(kafka.topic(Topics.INCIDENTS), 2, Map.of("cleanup.policy", "compact"));
        broker.createTopic(kafka.topic(Topics.ALERTS), 2, Map.of("cleanup.policy", "compact"));
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaConfig kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A heartbeat on every partition moves event time past the end, so resolve timers fire. */
    static void sendHeartbeats(KafkaProducer<byte[], byte[]> producer, String topic, Instant at) throws Exception {
        for (PartitionInfo partition : producer.partitionsFor(topic)) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(ScenarioPlayer.FORMAT_HEADER, ParseFunction.HEARTBEAT.getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(topic, partition.partition(), at.toEpochMilli(), null, new byte[0], headers)).get();
        }
    }

    private static void waitUntilRunning(JobClient client) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (client.getJobStatus().get() != JobStatus.RUNNING) {
            JobStatus status = client.getJobStatus().get();
            if (status.isGloballyTerminalState()) {
                client.getJobExecutionResult().get();
                throw new IllegalStateException("the incident job ended before it ran: " + status);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the incident job did not start within 2 minutes");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Waits until the incident job has committed the whole raw alerts topic (it commits on each completed checkpoint,
     * after its sinks flushed) and then the documents in Elasticsearch stop changing. Without the first condition a
     * job slow to start on a busy machine looked settled before it had read anything.
     */
    private void waitForQuiet(ElasticsearchClient client, List<String> indices, JobClient job, KafkaConfig kafka) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        String last = "";
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            JobStatus status = job.getJobStatus().get();
            if (status.isGloballyTerminalState()) {
                job.getJobExecutionResult().get(); // throws the job's failure
                throw new IllegalStateException("the incident job ended unexpectedly: " + status);
            }
            if (ConsumerLag.of(kafka, kafka.groupId(IncidentJobRunner.JOB_ID), Topics.ALERTS_RAW) > 0) {
                quietSince = System.nanoTime();
                Thread.sleep(500);
                continue;
            }
            StringBuilder state = new StringBuilder();
            for (String index : indices) {
                state.append(count(client, index)).append('/').append(sum(client, index, "itsm.revision")).append(' ');
            }
            String now = state.toString();
            if (!now.equals(last)) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > SETTLE_QUIET.toNanos()) {
                return;
            }
            Thread.sleep(500);
        }
        out.println("      (still changing after " + human(SETTLE_TIMEOUT) + "; showing what is there)");
    }

    private static boolean exists(ElasticsearchClient client, String index) throws Exception {
        return client.indices().exists(e -> e.index(index)).value();
    }

    static long count(ElasticsearchClient client, String index) throws Exception {
        if (!exists(client, index)) {
            return 0;
        }
        client.indices().refresh(r -> r.index(index));
        return client.count(c -> c.index(index)).count();
    }

    static long sum(ElasticsearchClient client, String index, String field) throws Exception {
        if (!exists(client, index)) {
            return 0;
        }
        client.indices().refresh(r -> r.index(index));
        var response = client.search(s -> s.index(index).size(0).aggregations("total", a -> a.sum(m -> m.field(field))), Void.class);
        Double value = response.aggregations().get("total").sum().value();
        return value == null ? 0 : Math.round(value);
    }

    static List<Incident> incidents(ElasticsearchClient client, String index) throws Exception {
        return documents(client, index, "event.start", Incident.class);
    }

    /** Up to 1,000 documents of an index as records, sorted by a date field. */
    @SuppressWarnings("rawtypes")
    static <T> List<T> documents(ElasticsearchClient client, String index, String sortField, Class<T> type) throws Exception {
        List<T> documents = new ArrayList<>();
        if (!exists(client, index)) {
            return documents;
        }
        var response = client.search(s -> s.index(index).size(1000)
                .sort(o -> o.field(f -> f.field(sortField).order(SortOrder.Asc))), Map.class);
        for (Hit<Map> hit : response.hits().hits()) {
            documents.add(Json.fromBytes(Json.toBytes(hit.source()), type));
        }
        return documents;
    }

    /** Every record of a changelog topic, in the order of each key (one partition per key). */
    private static <T> List<T> changelog(KafkaConfig kafka, String topic, Class<T> type) {
        List<T> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readAll(kafka, kafka.topic(topic))) {
            if (record.value() != null) {
                records.add(Json.fromBytes(record.value(), type));
            }
        }
        return records;
    }

    private static List<DeadLetter> deadLetters(KafkaConfig kafka) {
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readAll(kafka, kafka.topic(Topics.ALERTS_DLQ))) {
            letters.add(DeadLetters.fromRecord(record));
        }
        return letters;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaConfig kafka, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "itsm-demo-summary-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && emptyPolls < 3) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty() && !consumer.assignment().isEmpty()) {
                    emptyPolls++;
                }
                records.forEach(all::add);
            }
        }
        return all;
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 60 ? (seconds / 60) + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s") : seconds + " s";
    }
}
