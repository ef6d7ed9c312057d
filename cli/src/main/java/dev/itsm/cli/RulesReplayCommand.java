package dev.itsm.cli;

import dev.itsm.cli.demo.Scenario;
import dev.itsm.cli.demo.ScenarioFormatException;
import dev.itsm.cli.rules.AlertTopic;
import dev.itsm.cli.rules.Replay;
import dev.itsm.cli.rules.ReplayReport;
import dev.itsm.connectors.cmdb.CmdbFiles;
import dev.itsm.connectors.cmdb.CmdbFormatException;
import dev.itsm.connectors.cmdb.CmdbSnapshot;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.core.json.Json;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import dev.itsm.rules.RuleValidationException;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.concurrent.Callable;

/** {@code itsm rules replay}: what a rule change would have changed, on recorded alerts. */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        description = {"Runs recorded alerts through a baseline rule pack and a new one with the real incident and problem jobs "
                + "on an embedded Flink cluster (no Kafka, no Elasticsearch: nothing in production is touched) and reports "
                + "how the outcome changes: incidents merged or split, priorities, support groups, root causes, alerts "
                + "newly suppressed, problems gained or lost, SLA states.",
                "Exit code: 0 the report was made (whatever it says), 1 Kafka could not be read, 2 bad input."})
final class RulesReplayCommand implements Callable<Integer> {

    @Option(names = "--alerts", required = true, paramLabel = "FILE|TOPIC[:FROM..TO]",
            description = {"Recorded alert stream: JSON lines of {at, format, payload} as the demo plays (demo/scenario.jsonl), "
                    + "or a raw alerts topic by its full name (itsm.alerts.raw), read without a consumer group and without "
                    + "committing anything. FROM and TO are RFC 3339 times (each partition from its first record at or "
                    + "after FROM to the last before TO) or @OFFSET (the same offset in every partition); either may be left "
                    + "out: itsm.alerts.raw:2026-11-28T09:00:00Z..2026-11-28T10:00:00Z, itsm.alerts.raw:@1000.., "
                    + "itsm.alerts.raw (all of it). A value with a / or ending in .jsonl is a file."})
    String alerts;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka's bootstrap servers, for a topic (the setting kafka.bootstrap-servers; "
                    + "kafka.properties.* apply too).")
    String bootstrapServers;

    @CommandLine.Mixin
    ConfigOptions options;

    @Option(names = "--rules", required = true, paramLabel = "DIR", description = "The new rule pack.")
    Path rules;

    @Option(names = "--baseline", paramLabel = "DIR", description = "The rule pack to compare with (default: the built-in default pack).")
    Path baseline;

    @Option(names = "--cmdb", paramLabel = "FILE", description = "CMDB export (JSON) both runs use (default: none, every CI unknown).")
    Path cmdb;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "How many changes to detail (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print the report as JSON, for machines.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = Path.of(alerts);
        AlertTopic topic = null;
        if (!Files.isRegularFile(file)) {
            if (alerts.contains("/") || alerts.endsWith(".jsonl")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + alerts);
            }
            try {
                topic = AlertTopic.parse(alerts);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--alerts " + alerts + ": no such file, and "
                        + "not a topic: " + e.getMessage());
            }
        }
        for (Path folder : baseline == null ? List.of(rules) : List.of(rules, baseline)) {
            if (!Files.isDirectory(folder)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no rule pack folder: " + folder);
            }
        }
        if (cmdb != null && !Files.isRegularFile(cmdb)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + cmdb);
        }
        Configuration conf = options.configuration(spec.commandLine());
        if (bootstrapServers != null) {
            conf.set(KafkaOptions.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        RulePack changed;
        RulePack before;
        List<RawRecord> records;
        Duration recorded;
        CmdbSnapshot estate;
        try {
            changed = RulePackLoader.load(rules);
            before = baseline == null ? RulePackLoader.loadDefault() : RulePackLoader.load(baseline);
            estate = cmdb == null ? new CmdbSnapshot(List.of(), List.of()) : CmdbFiles.load(cmdb).snapshot();
            if (topic == null) {
                Scenario scenario = Scenario.load(file);
                records = Replay.records(scenario);
                recorded = scenario.duration();
            } else {
                records = read(topic, KafkaConfig.fromConfiguration(conf), err);
                LongSummaryStatistics times = records.stream().mapToLong(RawRecord::timestamp).summaryStatistics();
                recorded = records.isEmpty() ? Duration.ZERO : Duration.ofMillis(times.getMax() - times.getMin());
            }
        } catch (RuleValidationException | ScenarioFormatException | CmdbFormatException | AlertTopic.NoSuchTopicException e) {
            out.println(e.getMessage());
            return 2;
        } catch (KafkaException e) {
            String servers = conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
            err.println("itsm rules replay: cannot read " + topic + " from Kafka at " + servers + ": " + e.getMessage()
                    + " (is Kafka running at " + servers + "? see --bootstrap-servers, kafka.bootstrap-servers)");
            err.flush();
            return 1;
        }
        if (records.isEmpty()) {
            out.println("nothing to replay: no payloads in " + alerts);
            return 2;
        }
        if (!json) {
            out.printf("Replaying %d payloads of %s (%d min of recorded time), CMDB with %d configuration items%n",
                    records.size(), alerts, recorded.toMinutes(), estate.items().size());
            out.printf("  baseline %s%s%n  new      %s (%s)%n%n", before.lineage(), baseline == null ? " (built in)" : " (" + baseline + ")",
                    changed.lineage(), rules);
            out.flush();
        }
        ReplayReport report = Replay.run(records, estate, before, changed);
        if (json) {
            out.println(Json.toString(report));
        } else {
            report.print(out, top);
        }
        return 0;
    }

    /** Reads the stretch of the topic, telling its progress on standard error. */
    private static List<RawRecord> read(AlertTopic topic, KafkaConfig kafka, PrintWriter err) {
        err.printf("Reading %s from %s (no consumer group, nothing committed)%n", topic, kafka.bootstrapServers());
        err.flush();
        return topic.read(kafka.clientConfig(), count -> {
            err.printf("  %d records read%n", count);
            err.flush();
        });
    }
}
