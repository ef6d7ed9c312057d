package dev.itsm.cli.chaos;

import dev.itsm.cli.FlinkRestClient;
import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.cmdb.CmdbPublisher;
import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.elasticsearch.ElasticsearchOptions;
import dev.itsm.connectors.kafka.ConsumerLag;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.dashboards.Setup;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.FlinkCluster;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.jobs.incident.IncidentJobRunner;
import dev.itsm.jobs.incident.ParseFunction;
import dev.itsm.jobs.problem.ProblemJobRunner;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays a {@link ChaosStorm} through the incident and problem jobs on a standalone Flink cluster, once as the
 * reference and once per {@link Fault}, each run in topics, indices and consumer groups of its own, and compares each
 * run's final contents with the reference's.
 *
 * <pre>{@code
 * ChaosRunner chaos = new ChaosRunner(kafka, node, cluster, jar, dir, storm, ChaosRunner.Settings.defaults(), System.out);
 * RunSnapshot reference = chaos.reference().snapshot();
 * ChaosRunner.Outcome killed = chaos.run(Fault.TASKMANAGER, reference);
 * }</pre>
 */
public final class ChaosRunner {
    /** Event time the final heartbeats move to after the storm: past every resolve hold and reopen window. */
    static final Duration HEARTBEAT_AFTER_END = Duration.ofMinutes(45);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(10);
    /** Polls with nothing written and no lag before a run counts as settled: several checkpoint intervals. */
    private static final int QUIET_POLLS = 4;
    private static final Duration POLL = Duration.ofSeconds(2);

    /**
     * How a run plays the storm and how long the faults last.
     *
     * @param rate                notifications per second while the storm plays
     * @param checkpointInterval  the jobs' {@code itsm.checkpoint-interval}
     * @param feedback            whether the two paths that feed results back into the incident job run: the problem
     *                            job (its problem links) and the SLO burn-rate alerts (through the raw topic)
     */
    public record Settings(double rate, Duration checkpointInterval, Duration elasticsearchFrozen, Duration brokerDown,
                           boolean feedback) {
        public static Settings defaults() {
            return new Settings(50, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(15), true);
        }
    }

    /** One run: its final contents and how long it took to settle after the storm. */
    public record Run(String name, RunSnapshot snapshot, Duration settled, long restarts) {
    }

    /**
     * What a fault did: when the failed part was back ({@code recovered}: from the fault's end, or from its start
     * for one with no duration, to every job running with a checkpoint completed since) and the comparison.
     */
    public record Outcome(Fault fault, String what, Duration recovered, Run run, Comparison comparison) {
    }

    private final KafkaBroker kafka;
    private final ElasticsearchNode elasticsearch;
    private final FlinkCluster cluster;
    private final FlinkRestClient flink;
    private final Path jar;
    private final Path dir;
    private final ChaosStorm storm;
    private final Settings settings;
    private final PrintStream out;
    private final Path cmdbFile;
    private String jarId;
    private int runs;

    public ChaosRunner(KafkaBroker kafka, ElasticsearchNode elasticsearch, FlinkCluster cluster, Path jar, Path dir,
                       ChaosStorm storm, Settings settings, PrintStream out) throws IOException {
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
        this.cluster = cluster;
        this.flink = new FlinkRestClient(cluster.restAddress());
        this.jar = jar;
        this.dir = dir.toAbsolutePath();
        this.storm = storm;
        this.settings = settings;
        this.out = out;
        this.cmdbFile = this.dir.resolve("cmdb.json");
        java.nio.file.Files.createDirectories(this.dir);
        storm.writeCmdb(cmdbFile);
    }

    public Settings settings() {
        return settings;
    }

    /** The run without a fault. */
    public Run reference() throws Exception {
        return execute("reference", null, new AtomicReference<>());
    }

    /** A run with the fault in the middle of the storm, compared with the reference. */
    public Outcome run(Fault fault, Run reference) throws Exception {
        AtomicReference<Duration> recovered = new AtomicReference<>(Duration.ZERO);
        Run run = execute(fault.id(), fault, recovered);
        Comparison comparison = Comparison.of(reference.snapshot(), run.snapshot(), storm);
        return new Outcome(fault, fault.describe(settings), recovered.get(), run, comparison);
    }

    /** The ids of the two jobs of a run; the incident job's changes when it is restarted from a savepoint. */
    private static final class Jobs {
        volatile String incident;
        volatile String problem;

        List<String> ids() {
            return problem == null ? List.of(incident) : List.of(incident, problem);
        }
    }

    private Run execute(String name, Fault fault, AtomicReference<Duration> recovered) throws Exception {
        String prefix = "chaos-" + (++runs) + "-" + name;
        out.printf("[%s] topics, indices and consumer groups %s.*; submitting the incident and problem jobs%n", name, prefix);
        out.flush();
        Configuration indices = new Configuration();
        indices.set(ElasticsearchOptions.HOSTS, List.of(elasticsearch.httpUrl()));
        indices.set(ElasticsearchOptions.INDEX_PREFIX, prefix);
        Setup.installTemplates(ElasticsearchConfig.fromConfiguration(indices));
        if (jarId == null) {
            jarId = flink.upload(jar);
        }
        List<String> args = arguments(prefix);
        Jobs jobs = new Jobs();
        jobs.incident = flink.run(jarId, IncidentJobRunner.class.getName(), args, 2);
        awaitRunning(jobs.incident);
        if (settings.feedback()) {
            jobs.problem = flink.run(jarId, ProblemJobRunner.class.getName(), args, 1);
            awaitRunning(jobs.problem);
        }

        String raw = prefix + "." + Topics.ALERTS_RAW;
        List<ChaosStorm.Notification> notifications = storm.notifications();
        int middle = notifications.size() / 2;
        CompletableFuture<Void> injected = CompletableFuture.completedFuture(null);
        Duration settled;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            // a live raw topic carries traffic on every partition: without it a partition idle since the job started
            // is left out of event time until its first alert, which a storm played this fast finds already late
            heartbeats(producer, raw, ChaosStorm.START);
            long start = System.nanoTime();
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (int i = 0; i < notifications.size(); i++) {
                if (i == middle && fault != null) {
                    out.printf("[%s] %d/%d alerts sent: %s%n", name, i, notifications.size(), fault.describe(settings));
                    out.flush();
                    injected = CompletableFuture.runAsync(() -> recovered.set(inject(fault, prefix, jobs)));
                } else if (i > 0 && i % (notifications.size() / 5) == 0) {
                    out.printf("[%s] %d/%d alerts sent%n", name, i, notifications.size());
                    out.flush();
                }
                pace(start, i);
                sends.add(send(producer, raw, notifications.get(i)));
            }
            long sentAt = System.nanoTime();
            injected.get(JOB_TIMEOUT.toMillis() + settings.elasticsearchFrozen().toMillis(), TimeUnit.MILLISECONDS);
            producer.flush();
            for (CompletableFuture<?> sent : sends) {
                sent.get(); // an idempotent producer rode through the fault without losing or repeating a record
            }
            // in real time the storm's last 45 minutes pass slowly; here event time jumps there at once, so first let
            // everything sent during the storm (the problem job's links to incidents included) arrive
            awaitSettled(name, prefix, jobs);
            settled = Duration.ofNanos(System.nanoTime() - sentAt);
            out.printf("[%s] %d/%d alerts sent and settled; heartbeats move event time to the storm's end + %d min%n", name,
                    notifications.size(), notifications.size(), HEARTBEAT_AFTER_END.toMinutes());
            out.flush();
            heartbeats(producer, raw, storm.end().plus(HEARTBEAT_AFTER_END));
        }
        awaitSettled(name, prefix, jobs);
        long restarts = 0;
        for (String job : jobs.ids()) {
            restarts += restarts(job);
        }
        RunSnapshot snapshot = RunSnapshot.read(elasticsearch.httpUrl(), prefix, kafka.bootstrapServers(), prefix);
        snapshot.write(dir.resolve(prefix + ".json"));
        for (String job : jobs.ids()) {
            flink.cancel(job);
        }
        if (fault == Fault.TASKMANAGER) {
            cluster.restartTaskManager(0);
            cluster.awaitTaskManagers();
        }
        return new Run(name, snapshot, settled, restarts);
    }

    private List<String> arguments(String prefix) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        conf.put("kafka.topic-prefix", prefix);
        conf.put("kafka.group-id-prefix", prefix);
        conf.put("elasticsearch.hosts", elasticsearch.httpUrl());
        conf.put("elasticsearch.index-prefix", prefix);
        conf.put("itsm.cmdb.file", cmdbFile.toString());
        // the same incidents however the input is read: a replay after a failure reads partitions interleaved differently
        conf.put("itsm.correlation-order", "EVENT_TIME");
        // the partitions of the raw topic stay in event time through the broker's outage: when it comes back they
        // resume one after the other, and at the storm's 60-fold speed the first could otherwise move event time past
        // the others' next alerts by more than the allowed lateness (README, Guarantees)
        conf.put("itsm.source-idle-timeout", settings.brokerDown().plus(settings.brokerDown()).plusSeconds(30).toMillis() + " ms");
        conf.put("itsm.checkpoint-interval", settings.checkpointInterval().toMillis() + " ms");
        conf.put("itsm.slo.burn-rate-alerts", Boolean.toString(settings.feedback()));
        List<String> args = new ArrayList<>();
        conf.forEach((key, value) -> args.add("-D" + key + "=" + value));
        return args;
    }

    /** Injects the fault and waits until the pipeline is whole again; returns how long that took after the fault ended. */
    private Duration inject(Fault fault, String prefix, Jobs jobs) {
        try {
            Map<String, Long> checkpoints = checkpoints(jobs);
            long back;
            switch (fault) {
                case REPEAT -> back = System.nanoTime();
                case TASKMANAGER -> {
                    cluster.killTaskManager(0);
                    back = System.nanoTime();
                }
                case ELASTICSEARCH -> {
                    elasticsearch.pause();
                    try {
                        Thread.sleep(settings.elasticsearchFrozen().toMillis());
                    } finally {
                        elasticsearch.resume();
                    }
                    back = System.nanoTime();
                }
                case BROKER -> {
                    kafka.kill();
                    Thread.sleep(settings.brokerDown().toMillis());
                    kafka.restart();
                    back = System.nanoTime();
                }
                case SAVEPOINT -> {
                    back = System.nanoTime();
                    String savepoint = flink.stopWithSavepoint(jobs.incident, dir.resolve("savepoints").toUri().toString(), JOB_TIMEOUT);
                    jobs.incident = flink.run(jarId, IncidentJobRunner.class.getName(), arguments(prefix), 2, savepoint);
                }
                case CMDB -> {
                    try (CmdbPublisher publisher = CmdbPublisher.create(kafka.bootstrapServers(), prefix + "." + Topics.CMDB)) {
                        publisher.publish(storm.hostileCmdbChanges());
                    }
                    back = System.nanoTime();
                }
                default -> throw new IllegalArgumentException(fault.id());
            }
            awaitRecovered(jobs, checkpoints);
            return Duration.ofNanos(System.nanoTime() - back);
        } catch (Exception e) {
            throw new IllegalStateException("injecting " + fault.id() + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Long> checkpoints(Jobs jobs) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (String job : jobs.ids()) {
            counts.put(job, flink.completedCheckpoints(job));
        }
        return counts;
    }

    /** Until every job runs all its tasks and completed a checkpoint after {@code before} (a new job: any). */
    private void awaitRecovered(Jobs jobs, Map<String, Long> before) throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean whole = true;
            for (String job : jobs.ids()) {
                whole &= running(job) && flink.completedCheckpoints(job) > before.getOrDefault(job, 0L);
            }
            if (whole) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the jobs did not recover within " + JOB_TIMEOUT + "; logs " + cluster.logFiles());
    }

    private boolean running(String job) throws IOException {
        String state = flink.state(job);
        if (List.of("FAILED", "CANCELED", "FINISHED").contains(state)) {
            throw new IllegalStateException("job " + job + " is " + state + ": " + cluster.get("/jobs/" + job + "/exceptions"));
        }
        return flink.isFullyRunning(job);
    }

    private void awaitRunning(String job) throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (!running(job)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + job + " is " + flink.state(job) + " after " + JOB_TIMEOUT
                        + "; logs " + cluster.logFiles());
            }
            Thread.sleep(250);
        }
    }

    private long restarts(String job) {
        Matcher m = Pattern.compile("\"value\"\\s*:\\s*\"(\\d+)\"").matcher(cluster.get("/jobs/" + job + "/metrics?get=numRestarts"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * Until the run's consumer groups have read everything on every topic they read, and nothing was written to its
     * indices for {@value #QUIET_POLLS} polls in a row.
     */
    private void awaitSettled(String name, String prefix, Jobs jobs) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        long lastWrites = -1;
        int quiet = 0;
        long lastReport = System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            while (quiet < QUIET_POLLS) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("run " + prefix + " did not settle within " + SETTLE_TIMEOUT);
                }
                Thread.sleep(POLL.toMillis());
                boolean running = true;
                for (String job : jobs.ids()) {
                    running &= running(job);
                }
                long lag = ConsumerLag.ofGroups(admin, prefix);
                long writes = indexOperations(prefix);
                quiet = running && lag == 0 && writes == lastWrites ? quiet + 1 : 0;
                lastWrites = writes;
                if (System.nanoTime() - lastReport > Duration.ofSeconds(15).toNanos()) {
                    out.printf("[%s] settling: consumer lag %d, %d documents indexed%n", name, lag, writes);
                    out.flush();
                    lastReport = System.nanoTime();
                }
            }
        }
    }


    /** Index operations on the run's indices so far (a changing number: something is still being written). */
    private long indexOperations(String prefix) throws IOException, InterruptedException {
        HttpResponse<String> stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(elasticsearch.httpUrl() + "/" + prefix + "-*/_stats/indexing")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"_all\"\\s*:\\s*\\{\\s*\"primaries\"\\s*:\\s*\\{\\s*\"indexing\"\\s*:\\s*\\{\\s*\"index_total\"\\s*:\\s*(\\d+)")
                .matcher(stats.body());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private void pace(long start, int i) throws InterruptedException {
        long due = start + (long) (i * 1e9 / settings.rate());
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static CompletableFuture<?> send(KafkaProducer<byte[], byte[]> producer, String topic, ChaosStorm.Notification n) {
        CompletableFuture<Object> sent = new CompletableFuture<>();
        RecordHeaders headers = new RecordHeaders();
        headers.add(AlertParser.FORMAT_HEADER, "generic".getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(topic, null, n.at().toEpochMilli(), n.key().getBytes(StandardCharsets.UTF_8),
                n.payload(), headers), (metadata, error) -> {
            if (error != null) {
                sent.completeExceptionally(error);
            } else {
                sent.complete(metadata);
            }
        });
        return sent;
    }

    /** One heartbeat per raw partition: event time moves past every hold, so every timer fires. */
    private static void heartbeats(KafkaProducer<byte[], byte[]> producer, String topic, Instant at) throws Exception {
        for (PartitionInfo partition : producer.partitionsFor(topic)) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(AlertParser.FORMAT_HEADER, ParseFunction.HEARTBEAT.getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(topic, partition.partition(), at.toEpochMilli(), null, new byte[0], headers)).get();
        }
    }

    /**
     * Idempotent, {@code acks=all}, and patient: it keeps retrying through a broker restart instead of failing a
     * send the application would then repeat (a genuine duplicate, which no fault should be blamed for).
     */
    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(10).toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Duration.ofMinutes(5).toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return props;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
    }
}
