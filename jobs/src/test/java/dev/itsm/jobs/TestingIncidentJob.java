package dev.itsm.jobs;

import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.elasticsearch.ElasticsearchOptions;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.TopicSetup;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.jobs.incident.IncidentJobRunner;
import dev.itsm.jobs.incident.ParseFunction;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * The incident job as the ITCases run it: its real runner on the test's MiniCluster, against the real broker and
 * node, with a fresh topic prefix and index prefix, one raw-alerts partition (alerts are read in the order they are
 * sent) and a producer that writes raw payloads at their event time.
 *
 * <pre>{@code
 * Configuration conf = TestingIncidentJob.configuration(kafka, node, work, "sla-clocks");
 * try (TestingIncidentJob job = TestingIncidentJob.start(kafka, conf)) {
 *     job.send(payload, "generic", at);
 *     job.heartbeat(later);
 * }
 * }</pre>
 */
public final class TestingIncidentJob implements AutoCloseable {
    private final JobClient client;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String rawTopic;

    private TestingIncidentJob(JobClient client, KafkaProducer<byte[], byte[]> producer, String rawTopic) {
        this.client = client;
        this.producer = producer;
        this.rawTopic = rawTopic;
    }

    /** Connection settings for the broker and node, fresh prefixes named after the test, checkpoints every second. */
    public static Configuration configuration(KafkaBroker kafka, ElasticsearchNode node, Path work, String name) {
        String prefix = kafka.freshTopic(name);
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(KafkaOptions.TOPIC_PREFIX, prefix);
        conf.set(KafkaOptions.GROUP_ID_PREFIX, prefix);
        conf.set(ElasticsearchOptions.HOSTS, List.of(node.httpUrl()));
        conf.set(ElasticsearchOptions.INDEX_PREFIX, node.freshIndex(name));
        conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        conf.setString("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        return conf;
    }

    /** Creates the raw topic with one partition and starts the job (parallelism 2) without waiting for it. */
    public static TestingIncidentJob start(KafkaBroker kafka, Configuration conf) throws Exception {
        return start(kafka, conf, 1);
    }

    /**
     * Creates the raw topic with {@code partitions} partitions (and the configs the job would give it) and starts the
     * job (parallelism 2) without waiting for it.
     */
    public static TestingIncidentJob start(KafkaBroker kafka, Configuration conf, int partitions) throws Exception {
        String raw = KafkaConfig.fromConfiguration(conf).topic(Topics.ALERTS_RAW);
        kafka.createTopic(raw, partitions, TopicSetup.configs(Topics.ALERTS_RAW));
        return submit(kafka, conf, raw);
    }

    /**
     * Starts the job again on the topics of an earlier start, e.g. from a savepoint ({@code execution.savepoint.path}
     * in {@code conf}).
     */
    public static TestingIncidentJob restart(KafkaBroker kafka, Configuration conf) throws Exception {
        return submit(kafka, conf, KafkaConfig.fromConfiguration(conf).topic(Topics.ALERTS_RAW));
    }

    private static TestingIncidentJob submit(KafkaBroker kafka, Configuration conf, String raw) throws Exception {
        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        env.setParallelism(2);
        IncidentJobRunner.build(env, conf);
        JobClient client = env.executeAsync(IncidentJobRunner.JOB_NAME);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new TestingIncidentJob(client, new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()), raw);
    }

    /** Writes a raw payload in a format (header {@code itsm.format}) at its event time, and waits for the ack. */
    public void send(byte[] payload, String format, Instant at) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add(AlertParser.FORMAT_HEADER, format.getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(rawTopic, 0, at.toEpochMilli(), null, payload, headers)).get();
    }

    /** Moves the raw alerts' event time to {@code at}, so that the job's timers due before it fire. */
    public void heartbeat(Instant at) throws Exception {
        send(new byte[0], ParseFunction.HEARTBEAT, at);
    }

    /** The running job's id. */
    public JobID jobId() {
        return client.getJobID();
    }

    /** The raw alerts topic's full name. */
    public String rawTopic() {
        return rawTopic;
    }

    /**
     * Stops the job with a savepoint in {@code directory}, without draining (as an upgrade would), and closes the
     * producer; returns the savepoint's path.
     */
    public String stopWithSavepoint(String directory) throws Exception {
        producer.close();
        return client.stopWithSavepoint(false, directory, SavepointFormatType.CANONICAL).get();
    }

    @Override
    public void close() throws Exception {
        producer.close();
        if (!client.getJobStatus().get().isGloballyTerminalState()) {
            client.cancel().get();
        }
    }
}
