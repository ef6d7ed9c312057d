package dev.itsm.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * One {@link KafkaBroker} and one {@link ElasticsearchNode}, started in parallel.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start(Path.of("target/stack"))) {
 *     stack.connectionProperties().forEach((k, v) -> System.out.println(k + "=" + v));
 * }
 * }</pre>
 *
 * <p>Tests use {@link #shared()} (or {@link LocalStackExtension}): one stack per JVM, started on first use and stopped
 * when the JVM exits.
 */
public final class LocalStack implements AutoCloseable {
    /** Key of {@link #kafkaBootstrapServers()} in {@link #connectionProperties()}. */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    /** Key of {@link #elasticsearchUrl()} in {@link #connectionProperties()}. */
    public static final String ELASTICSEARCH_URL = "elasticsearch.url";

    private static LocalStack shared;
    private static RuntimeException sharedFailure;

    private final KafkaBroker kafka;
    private final ElasticsearchNode elasticsearch;
    private final boolean isShared;

    private LocalStack(KafkaBroker kafka, ElasticsearchNode elasticsearch, boolean isShared) {
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
        this.isShared = isShared;
    }

    /**
     * Starts a broker in {@code workDir/kafka} and a node in {@code workDir/elasticsearch}, in parallel, and returns
     * once both answer. If one fails the other is stopped and the failure thrown. The data stays in {@code workDir}.
     */
    public static LocalStack start(Path workDir) {
        return start(workDir, false);
    }

    /**
     * The stack of this JVM, started by the first call (in a fresh directory under {@code java.io.tmpdir}) and stopped,
     * its directory deleted, when the JVM exits. {@link #close()} does nothing on it. A failed start is remembered and
     * rethrown to later callers instead of being retried by every test class.
     */
    public static synchronized LocalStack shared() {
        if (shared == null) {
            if (sharedFailure != null) {
                throw new IllegalStateException("the shared local stack failed to start earlier", sharedFailure);
            }
            try {
                Path dir = Files.createTempDirectory("itsm-devstack-");
                Reaper.deleteOnExit(dir);
                shared = start(dir, true);
            } catch (IOException e) {
                sharedFailure = new UncheckedIOException("cannot create a directory for the shared stack", e);
                throw sharedFailure;
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    private static LocalStack start(Path workDir, boolean isShared) {
        // Both are mostly waiting on class loading and disk in their own JVMs, so two cores start them side by side.
        CompletableFuture<KafkaBroker> kafka = CompletableFuture.supplyAsync(
                () -> KafkaBroker.start(workDir.resolve("kafka")), runOnNewThread("devstack-start-kafka"));
        CompletableFuture<ElasticsearchNode> elasticsearch = CompletableFuture.supplyAsync(
                () -> ElasticsearchNode.start(workDir.resolve("elasticsearch")),
                runOnNewThread("devstack-start-elasticsearch"));
        try {
            CompletableFuture.allOf(kafka, elasticsearch).join();
        } catch (CompletionException e) {
            kafka.thenAccept(KafkaBroker::stop);
            elasticsearch.thenAccept(ElasticsearchNode::stop);
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
        return new LocalStack(kafka.join(), elasticsearch.join(), isShared);
    }

    private static Executor runOnNewThread(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        };
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public ElasticsearchNode elasticsearch() {
        return elasticsearch;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String elasticsearchUrl() {
        return elasticsearch.httpUrl();
    }

    /**
     * {@value #KAFKA_BOOTSTRAP_SERVERS} and {@value #ELASTICSEARCH_URL}, in that order, as the CLI prints them and a
     * job reads them.
     */
    public Map<String, String> connectionProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(KAFKA_BOOTSTRAP_SERVERS, kafkaBootstrapServers());
        properties.put(ELASTICSEARCH_URL, elasticsearchUrl());
        return properties;
    }

    /** Stops both, in parallel. Does nothing on the {@link #shared()} stack, which stops when the JVM exits. */
    @Override
    public void close() {
        if (isShared) {
            return;
        }
        CompletableFuture<Void> stopKafka = CompletableFuture.runAsync(kafka::stop, runOnNewThread("devstack-stop"));
        elasticsearch.stop();
        stopKafka.join();
    }

    @Override
    public String toString() {
        return "LocalStack[" + kafka + ", " + elasticsearch + "]";
    }
}
