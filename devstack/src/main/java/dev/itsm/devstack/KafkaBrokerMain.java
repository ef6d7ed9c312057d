package dev.itsm.devstack;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.Uuid;

import kafka.Kafka;
import kafka.tools.StorageTool;

/**
 * Main class of the broker's child JVM (started by {@link KafkaBroker}): formats the log directory on first start,
 * then runs the broker exactly as {@code kafka-server-start.sh} would.
 *
 * <p>Arguments: the path of {@code server.properties}.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: KafkaBrokerMain <server.properties>");
            System.exit(2);
        }
        ParentWatch.exitWhenParentDies();
        String config = args[0];
        if (!isFormatted(config)) {
            // Formatting here saves a second JVM start. A formatted directory is left alone: formatting again with a
            // new cluster id would be refused, and a restart must keep the data anyway.
            int formatted = StorageTool.execute(
                    new String[] {"format", "--config", config, "--cluster-id", Uuid.randomUuid().toString()},
                    System.out);
            if (formatted != 0) {
                System.err.println("devstack: formatting the log directory failed with code " + formatted);
                System.exit(formatted);
            }
        }
        Kafka.main(new String[] {config});
    }

    private static boolean isFormatted(String config) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(config), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        String logDir = properties.getProperty("log.dirs").split(",")[0].trim();
        return Files.exists(Path.of(logDir, "meta.properties"));
    }
}
