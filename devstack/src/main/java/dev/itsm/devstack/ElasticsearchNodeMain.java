package dev.itsm.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.DevstackNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * Main class of the Elasticsearch child JVM (started by {@link ElasticsearchNode}): one node, single-node discovery,
 * HTTP and transport on 127.0.0.1, plugins Netty4 (HTTP) and {@link RootInfoPlugin}. Security, ingest pipelines,
 * painless and the other modules of the distribution are absent.
 *
 * <p>Arguments: home directory, data directory, HTTP port, transport port, cluster name.
 */
public final class ElasticsearchNodeMain {
    static final String NODE_NAME = "devstack";

    private ElasticsearchNodeMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: ElasticsearchNodeMain <home> <data> <http port> <transport port> <cluster name>");
            System.exit(2);
        }
        ParentWatch.exitWhenParentDies();
        // Elasticsearch's logging facade must point at Log4j before any server class logs.
        LogConfigurator.configureESLogging();

        Path home = Path.of(args[0]);
        Files.createDirectories(home.resolve("config"));
        Settings settings = Settings.builder()
                .put("path.home", home.toString())
                .put("path.data", args[1])
                .put("cluster.name", args[4])
                .put("node.name", NODE_NAME)
                .put("discovery.type", "single-node")
                .put("http.host", "127.0.0.1")
                .put("http.port", args[2])
                .put("transport.host", "127.0.0.1")
                .put("transport.port", args[3])
                // a nearly full developer disk must not turn indices read-only in the middle of a test
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                // tests and the demo delete indices with wildcards
                .put("action.destructive_requires_name", false)
                // with a small heap the real-memory breaker trips on bursts of bulk requests
                .put("indices.breaker.total.use_real_memory", false)
                .build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null,
                () -> NODE_NAME);
        Node node;
        try {
            node = new DevstackNode(environment, List.of(Netty4Plugin.class, RootInfoPlugin.class));
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            System.exit(1);
            return;
        }
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "devstack-node-close"));
        try {
            node.start();
        } catch (Exception | Error e) {
            // the shutdown hook closes what was started
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println("devstack: node started, http port " + args[2]);
        // Elasticsearch's threads are daemons: without a live non-daemon thread the JVM would exit right away.
        closed.await();
    }
}
