package dev.itsm.cli;

import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.connectors.rules.RulePackPublisher;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.rules.RuleValidationException;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/**
 * {@code itsm rules publish DIR}: validates a rule pack and writes it to the compacted rules topic, where the running
 * jobs pick it up and switch to it without a restart. Exit codes: 0 published, 1 invalid pack or Kafka refused it,
 * 2 usage error (e.g. no such folder).
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Validates the rule pack in DIR and writes it to the rules topic (itsm.rules, keyed by the pack's "
                + "name). Running jobs that run a pack of that name switch to it without a restart; an invalid pack "
                + "is not published (exit code 1, every problem listed)."})
final class RulesPublishCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The rule pack's folder.")
    Path directory;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka's bootstrap servers (the setting kafka.bootstrap-servers).")
    String bootstrapServers;

    @CommandLine.Mixin
    ConfigOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Makes the publisher from the bootstrap servers and the topic; tests hand in one on a mock producer. */
    BiFunction<String, String, RulePackPublisher> publishers = RulePackPublisher::create;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(directory)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such folder: " + directory);
        }
        Configuration conf = options.configuration(spec.commandLine());
        if (bootstrapServers != null) {
            conf.set(KafkaOptions.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        String topic = kafka.topic(Topics.RULES);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (RulePackPublisher publisher = publishers.apply(kafka.bootstrapServers(), topic)) {
            RulePackRecord published = publisher.publish(directory);
            out.printf("published %s to %s (%d files)%n", published.lineage(), topic, published.files().size());
            out.flush();
            return 0;
        } catch (RuleValidationException e) {
            err.println("itsm rules publish: not published: " + e.getMessage());
            err.flush();
            return 1;
        } catch (KafkaException e) {
            err.println("itsm rules publish: " + e.getMessage() + " (is Kafka running at " + kafka.bootstrapServers()
                    + "? see kafka.bootstrap-servers)");
            err.flush();
            return 1;
        }
    }
}
