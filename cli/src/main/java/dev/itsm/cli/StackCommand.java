package dev.itsm.cli;

import dev.itsm.connectors.elasticsearch.ElasticsearchOptions;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.devstack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/** {@code itsm stack}: a real Kafka broker and Elasticsearch node on this machine, until Ctrl-C. */
@Command(name = "stack",
        mixinStandardHelpOptions = true,
        description = {"Starts a local Kafka broker (KRaft, single node) and Elasticsearch node as child processes, "
                + "prints their addresses and keeps them running until Ctrl-C.",
                "The addresses are also written to DIR/connection.properties, in the option keys the jobs read."})
final class StackCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".itsm/stack",
            description = "Where the broker and node keep their data and logs (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--fresh", description = "Delete the data of an earlier run first.")
    boolean fresh;

    @Override
    public Integer call() throws Exception {
        if (fresh) {
            deleteRecursively(dir);
        }
        Files.createDirectories(dir);
        System.out.println("Starting Kafka and Elasticsearch in " + dir.toAbsolutePath() + " ...");
        long started = System.nanoTime();
        LocalStack stack = LocalStack.start(dir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the local stack ...");
            stack.close();
            stopped.countDown();
        }, "itsm-stack-stop"));

        Map<String, String> properties = connectionProperties(stack);
        Path file = dir.resolve("connection.properties");
        Files.writeString(file, render(properties));
        System.out.printf("Ready in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        properties.forEach((k, v) -> System.out.println(k + "=" + v));
        System.out.println("Logs: " + stack.kafka().logFile() + " and " + stack.elasticsearch().logFile());
        System.out.println("Connection settings written to " + file + ". Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    /** The addresses under the option keys the jobs read. */
    static Map<String, String> connectionProperties(LocalStack stack) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), stack.kafkaBootstrapServers());
        properties.put(ElasticsearchOptions.HOSTS.key(), stack.elasticsearchUrl());
        return properties;
    }

    private static String render(Map<String, String> properties) {
        StringWriter out = new StringWriter();
        PrintWriter writer = new PrintWriter(out);
        writer.println("# written by 'itsm stack'; valid while it runs");
        properties.forEach((k, v) -> writer.println(k + "=" + v));
        writer.flush();
        return out.toString();
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
