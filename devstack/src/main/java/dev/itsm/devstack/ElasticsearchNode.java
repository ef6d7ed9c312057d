package dev.itsm.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Elasticsearch {@value #VERSION} node, run as a child JVM from the server jar on the class path: single-node
 * discovery, HTTP and transport on 127.0.0.1 on ports chosen when it is created, no security. {@link #restart()} keeps
 * the ports and the data.
 *
 * <pre>{@code
 * try (ElasticsearchNode node = ElasticsearchNode.start(Files.createTempDirectory("es"))) {
 *     String index = node.freshIndex("incidents");
 *     // PUT node.httpUrl() + "/" + index + "/_doc/1"
 * }
 * }</pre>
 *
 * <p>What works: indices, index templates, mappings, bulk (also {@code version_type=external}), term/bool/range
 * queries, terms/date_histogram/cardinality aggregations, {@code GET /}. What does not, because the distribution's
 * modules are not on Maven Central: painless scripts, update/delete by query, reindex, ingest pipelines, data streams,
 * pipeline aggregations. Write whole documents by id instead.
 *
 * <p>The node writes its log to {@link #logFile()} (appended across restarts) and exits by itself if this JVM dies.
 */
public final class ElasticsearchNode implements AutoCloseable {
    /** The server version on the class path. */
    public static final String VERSION = "8.19.21";
    public static final String CLUSTER_NAME = "itsm-devstack";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchNode.class);

    private final Path workDir;
    private final int httpPort;
    private final int transportPort;
    private final ChildJvm jvm;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private ElasticsearchNode(Path workDir) {
        this.workDir = workDir.toAbsolutePath();
        int[] ports = FreePorts.pick(2);
        this.httpPort = ports[0];
        this.transportPort = ports[1];
        try {
            Files.createDirectories(this.workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + this.workDir, e);
        }
        this.jvm = new ChildJvm("elasticsearch", ElasticsearchNodeMain.class.getName(), List.of(
                "-Xms256m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:-OmitStackTraceInFastThrow",
                "-Djava.awt.headless=true",
                "-Dfile.encoding=UTF-8",
                // as the distribution (8.15+) sets it: the server's own ISO calendar data provider, then CLDR
                "-Djava.locale.providers=SPI,CLDR",
                // there is no native library here; without this the node logs a long stack trace saying so
                "-Des.nativelibs.path=/nonexistent",
                // as the distribution's jvm.options
                "-Dio.netty.noUnsafe=true",
                "-Dio.netty.noKeySetOptimization=true",
                "-Dio.netty.recycler.maxCapacityPerThread=0",
                "-Dlog4j2.formatMsgNoLookups=true",
                "-Dlog4j2.disable.jmx=true",
                "-Dlog4j2.configurationFile=" + Logging.CHILD_CONFIG),
                List.of(this.workDir.resolve("home").toString(), this.workDir.resolve("data").toString(),
                        Integer.toString(httpPort), Integer.toString(transportPort), CLUSTER_NAME),
                this.workDir.resolve("elasticsearch.log"));
    }

    /**
     * Starts a node whose home, data and log live in {@code workDir} (created if missing) and waits until {@code GET /}
     * answers 200 and the cluster is at least yellow.
     *
     * @throws IllegalStateException if the node does not come up within 90 seconds; the message holds the tail of its
     *     log
     */
    public static ElasticsearchNode start(Path workDir) {
        ElasticsearchNode node = new ElasticsearchNode(workDir);
        node.launch();
        return node;
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int transportPort() {
        return transportPort;
    }

    /** The node's log file, appended across restarts. */
    public Path logFile() {
        return jvm.logFile();
    }

    /** Where the node keeps its home, data and log. */
    public Path workDir() {
        return workDir;
    }

    public boolean isRunning() {
        return jvm.isAlive();
    }

    /**
     * A valid index name no other call has returned: the prefix, lowercased and cleaned of characters an index name
     * may not hold, a sequence number and a random suffix. The index is not created, so that a test can first put a
     * template or create it with its own settings.
     */
    public String freshIndex(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-").replaceAll("^[-_.+]+", "");
        return KafkaBroker.uniqueName(clean.isEmpty() ? "index" : clean);
    }

    /** Stops the node cleanly (SIGTERM, then SIGKILL after 30 s). Its data stays for {@link #restart()}. */
    public synchronized void stop() {
        jvm.stop(STOP_GRACE);
    }

    /** Kills the node with SIGKILL, as a crash would. Acknowledged writes survive a {@link #restart()}. */
    public synchronized void kill() {
        jvm.kill();
    }

    /**
     * Freezes the node (SIGSTOP): connections stay open and requests hang unanswered, as in a network partition or a
     * long stop-the-world pause, rather than being refused. {@link #resume()} lets it go on where it stopped.
     */
    public synchronized void pause() {
        jvm.signal("STOP");
    }

    /** Lets a node frozen by {@link #pause()} run again (SIGCONT). */
    public synchronized void resume() {
        jvm.signal("CONT");
    }

    /**
     * Stops the node if it runs, then starts it again on the same ports with the same data and waits until it
     * answers and its indices are at least yellow.
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
        return "ElasticsearchNode[" + httpUrl() + ", " + workDir + "]";
    }

    private synchronized void launch() {
        long started = System.nanoTime();
        jvm.start();
        long deadline = started + START_TIMEOUT.toNanos();
        try {
            while (status("/", Duration.ofSeconds(2)) != 200) {
                checkStillStarting(deadline);
                Thread.sleep(100);
            }
            while (status("/_cluster/health?wait_for_status=yellow&timeout=5s", Duration.ofSeconds(10)) != 200) {
                checkStillStarting(deadline);
            }
            LOG.info("Elasticsearch node ready on {} in {} ms (pid {}, log {})", httpUrl(),
                    (System.nanoTime() - started) / 1_000_000, jvm.pid(), logFile());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jvm.kill();
            throw new IllegalStateException("interrupted while waiting for Elasticsearch to start", e);
        }
    }

    private void checkStillStarting(long deadline) {
        if (!jvm.isAlive()) {
            throw jvm.failure("exited before " + httpUrl() + " answered");
        }
        if (System.nanoTime() > deadline) {
            IllegalStateException failure = jvm.failure(
                    "was not ready (GET / and yellow health) on " + httpUrl() + " within " + START_TIMEOUT);
            jvm.kill();
            throw failure;
        }
    }

    /** The status of a GET, or -1 if nothing answered. */
    private int status(String path, Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl() + path)).timeout(timeout).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListeningYet) {
            return -1;
        }
    }
}
