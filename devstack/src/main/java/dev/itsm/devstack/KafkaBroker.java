package dev.itsm.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import java.util.ArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), run as a child JVM from the
 * {@code kafka_2.13} jar on the class path. Both listeners bind to 127.0.0.1 on ports chosen when the broker is
 * created; {@link #restart()} keeps the ports and the data.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.start(Files.createTempDirectory("kafka"))) {
 *     String topic = broker.freshTopic("alerts");
 *     producerProps.put("bootstrap.servers", broker.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>The broker writes its log to {@link #logFile()} (appended across restarts) and exits by itself if this JVM dies.
 * Replication factors and min ISR are 1, automatic topic creation is on, and transactions may last an hour (what
 * Flink's exactly-once Kafka sink asks for by default).
 */
public final class KafkaBroker implements AutoCloseable {
    /** Partitions of a topic made by {@link #freshTopic(String)}: enough for a parallelism-2 job to spread. */
    public static final int FRESH_TOPIC_PARTITIONS = 4;
    /** The one user of the SASL listener ({@link #saslBootstrapServers()}); a test credential, nothing else. */
    public static final String SASL_USERNAME = "itsm";
    public static final String SASL_PASSWORD = "itsm-test-password";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicLong TOPIC_SEQUENCE = new AtomicLong();
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    private final Path workDir;
    private final int port;
    private final int controllerPort;
    private final int saslPort;
    private final ChildJvm jvm;
    private Admin admin;

    private KafkaBroker(Path workDir) {
        this.workDir = workDir.toAbsolutePath();
        int[] ports = FreePorts.pick(3);
        this.port = ports[0];
        this.controllerPort = ports[1];
        this.saslPort = ports[2];
        Path config = this.workDir.resolve("server.properties");
        try {
            Files.createDirectories(this.workDir);
            Files.writeString(config, serverProperties(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        this.jvm = new ChildJvm("kafka-broker", KafkaBrokerMain.class.getName(), List.of(
                "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + Logging.CHILD_CONFIG),
                List.of(config.toString()), this.workDir.resolve("broker.log"));
    }

    /**
     * Starts a broker whose configuration, data and log live in {@code workDir} (created if missing) and waits until
     * it answers an admin client.
     *
     * @throws IllegalStateException if the broker does not come up within 90 seconds; the message holds the tail of
     *     its log
     */
    public static KafkaBroker start(Path workDir) {
        KafkaBroker broker = new KafkaBroker(workDir);
        broker.launch();
        return broker;
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * {@code 127.0.0.1:PORT} of a second client listener that wants SASL/PLAIN authentication ({@code SASL_PLAINTEXT})
     * as {@link #SASL_USERNAME} with {@link #SASL_PASSWORD}: for tests of the clients' security settings.
     */
    public String saslBootstrapServers() {
        return "127.0.0.1:" + saslPort;
    }

    /** The client (PLAINTEXT) port. */
    public int port() {
        return port;
    }

    /** The broker's log file, appended across restarts. */
    public Path logFile() {
        return jvm.logFile();
    }

    /** Where the broker keeps its configuration, data and log. */
    public Path workDir() {
        return workDir;
    }

    public boolean isRunning() {
        return jvm.isAlive();
    }

    /** Creates a topic with replication factor 1 and waits until every partition has a leader. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /**
     * Creates a topic with replication factor 1 and the given topic configs (for example
     * {@code Map.of("cleanup.policy", "compact")}) and waits until every partition has a leader.
     */
    public synchronized void createTopic(String name, int partitions, Map<String, String> configs) {
        if (!jvm.isAlive()) {
            throw new IllegalStateException("cannot create topic " + name + ": the broker is not running");
        }
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(new LinkedHashMap<>(configs));
        try {
            admin().createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders(name, partitions);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topic " + name + " took longer than " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    /**
     * Creates a topic with a name no other call has returned (the prefix, a sequence number and a random suffix) and
     * {@value #FRESH_TOPIC_PARTITIONS} partitions, and returns its name. One per test keeps tests independent.
     */
    public String freshTopic(String prefix) {
        String name = uniqueName(prefix).replaceAll("[^a-zA-Z0-9._-]", "-");
        createTopic(name, FRESH_TOPIC_PARTITIONS);
        return name;
    }

    /**
     * Reads a topic from its beginning until {@code expected} records arrived or {@code timeout} passed, and returns
     * what arrived (the caller asserts the count). For tests and tools that check what a job wrote.
     */
    public List<ConsumerRecord<byte[], byte[]>> readFromStart(String topic, int expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "devstack-read-" + uniqueName("group"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Stops the broker cleanly (SIGTERM, then SIGKILL after 30 s). Its data stays for {@link #restart()}. */
    public synchronized void stop() {
        closeAdmin();
        jvm.stop(STOP_GRACE);
    }

    /** Kills the broker with SIGKILL, as a crash would. {@link #restart()} brings it back with its data. */
    public synchronized void kill() {
        closeAdmin();
        jvm.kill();
    }

    /**
     * Stops the broker if it runs, then starts it again on the same ports with the same data directory and waits until
     * it answers.
     */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + workDir + "]";
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + TOPIC_SEQUENCE.incrementAndGet() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000)).toLowerCase(Locale.ROOT);
    }

    private synchronized void launch() {
        long started = System.nanoTime();
        jvm.start();
        long deadline = started + START_TIMEOUT.toNanos();
        try {
            // Wait for the socket first: an admin client pointed at a closed port only burns time in its retries.
            while (!acceptsConnections()) {
                checkStillStarting(deadline);
                Thread.sleep(100);
            }
            Properties props = adminProperties();
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
            try (Admin probe = Admin.create(props)) {
                while (true) {
                    checkStillStarting(deadline);
                    try {
                        Collection<Node> nodes = probe.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                        if (!nodes.isEmpty()) {
                            LOG.info("Kafka broker ready on {} in {} ms (pid {}, log {})", bootstrapServers(),
                                    (System.nanoTime() - started) / 1_000_000, jvm.pid(), logFile());
                            return;
                        }
                    } catch (ExecutionException | TimeoutException notYet) {
                        // the broker is still starting
                    }
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jvm.kill();
            throw new IllegalStateException("interrupted while waiting for the broker to start", e);
        }
    }

    private void checkStillStarting(long deadline) {
        if (!jvm.isAlive()) {
            throw jvm.failure("exited before it answered describeCluster on " + bootstrapServers());
        }
        if (System.nanoTime() > deadline) {
            IllegalStateException failure = jvm.failure(
                    "did not answer describeCluster on " + bootstrapServers() + " within " + START_TIMEOUT);
            jvm.kill();
            throw failure;
        }
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitLeaders(String topic, int partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                TopicDescription description = admin().describeTopics(List.of(topic)).allTopicNames()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
                List<TopicPartitionInfo> infos = description.partitions();
                if (infos.size() == partitions && infos.stream().allMatch(p -> p.leader() != null)) {
                    return;
                }
            } catch (ExecutionException notYetKnown) {
                if (System.nanoTime() > deadline) {
                    throw notYetKnown;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + topic + " have no leader after " + ADMIN_TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminProperties());
        }
        return admin;
    }

    private void closeAdmin() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    private Properties adminProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "devstack-admin-" + port);
        return props;
    }

    private String serverProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", 1);
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort
                + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
        p.put("sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + SASL_USERNAME + "=\"" + SASL_PASSWORD + "\";");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT");
        p.put("log.dirs", workDir.resolve("data").toString());
        // one node: every replication factor and min ISR is 1
        p.put("default.replication.factor", 1);
        p.put("min.insync.replicas", 1);
        p.put("offsets.topic.replication.factor", 1);
        p.put("transaction.state.log.replication.factor", 1);
        p.put("transaction.state.log.min.isr", 1);
        p.put("share.coordinator.state.topic.replication.factor", 1);
        p.put("share.coordinator.state.topic.min.isr", 1);
        // fewer internal partitions: the first consumer group or transaction does not wait for 50 of them
        p.put("offsets.topic.num.partitions", 4);
        p.put("transaction.state.log.num.partitions", 4);
        p.put("share.coordinator.state.topic.num.partitions", 4);
        p.put("num.partitions", 1);
        p.put("auto.create.topics.enable", true);
        p.put("group.initial.rebalance.delay.ms", 0);
        // After a SIGKILL the controller refuses the restarted broker's registration until the old session expires
        // (9 s by default); 3 s still tolerates a long GC pause of a busy machine.
        p.put("broker.session.timeout.ms", 3000);
        p.put("broker.heartbeat.interval.ms", 500);
        // Flink's exactly-once sink asks for one-hour transactions; the broker's default maximum is 15 minutes
        p.put("transaction.max.timeout.ms", 3_600_000);
        // small: two cores are shared with Flink and Elasticsearch
        p.put("num.network.threads", 2);
        p.put("num.io.threads", 2);
        p.put("num.recovery.threads.per.data.dir", 1);
        p.put("background.threads", 2);
        p.put("log.cleaner.threads", 1);
        // 128 MiB by default, taken from the heap; compacted test topics are small
        p.put("log.cleaner.dedupe.buffer.size", 16 * 1024 * 1024);
        p.put("log.cleaner.backoff.ms", 1000);
        p.put("log.segment.bytes", 16 * 1024 * 1024);
        p.put("log.retention.hours", -1);
        StringBuilder text = new StringBuilder("# written by dev.itsm.devstack.KafkaBroker\n");
        p.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }
}
