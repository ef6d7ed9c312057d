package dev.itsm.cli;

import dev.itsm.cli.demo.Scenario;
import dev.itsm.cli.demo.ScenarioFormatException;
import dev.itsm.cli.rules.Replay;
import dev.itsm.cli.rules.ReplayReport;
import dev.itsm.connectors.cmdb.CmdbFiles;
import dev.itsm.connectors.cmdb.CmdbFormatException;
import dev.itsm.connectors.cmdb.CmdbSnapshot;
import dev.itsm.core.json.Json;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import dev.itsm.rules.RuleValidationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code itsm rules replay}: what a rule change would have changed, on recorded alerts. */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        description = {"Runs recorded alerts through a baseline rule pack and a new one with the real incident and problem jobs "
                + "on an embedded Flink cluster (no Kafka, no Elasticsearch: nothing in production is touched) and reports "
                + "how the outcome changes: incidents merged or split, priorities, support groups, root causes, alerts "
                + "newly suppressed, problems gained or lost, SLA states.",
                "Exit code: 0 the report was made (whatever it says), 2 bad input."})
final class RulesReplayCommand implements Callable<Integer> {

    @Option(names = "--alerts", required = true, paramLabel = "FILE",
            description = "Recorded alert stream: JSON lines of {at, format, payload} as the demo plays (demo/scenario.jsonl). "
                    + "Reading a Kafka topic (TOPIC[:from-to]) is not supported yet.")
    String alerts;

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
        Path file = Path.of(alerts);
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + alerts
                    + " (reading a Kafka topic is not supported yet: record the alerts to a JSON lines file first)");
        }
        for (Path folder : baseline == null ? List.of(rules) : List.of(rules, baseline)) {
            if (!Files.isDirectory(folder)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no rule pack folder: " + folder);
            }
        }
        if (cmdb != null && !Files.isRegularFile(cmdb)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + cmdb);
        }
        RulePack changed;
        RulePack before;
        Scenario scenario;
        CmdbSnapshot estate;
        try {
            changed = RulePackLoader.load(rules);
            before = baseline == null ? RulePackLoader.loadDefault() : RulePackLoader.load(baseline);
            scenario = Scenario.load(file);
            estate = cmdb == null ? new CmdbSnapshot(List.of(), List.of()) : CmdbFiles.load(cmdb).snapshot();
        } catch (RuleValidationException | ScenarioFormatException | CmdbFormatException e) {
            out.println(e.getMessage());
            return 2;
        }
        if (!json) {
            out.printf("Replaying %d payloads of %s (%d min of recorded time), CMDB with %d configuration items%n",
                    scenario.size(), file, scenario.duration().toMinutes(), estate.items().size());
            out.printf("  baseline %s%s%n  new      %s (%s)%n%n", before.lineage(), baseline == null ? " (built in)" : " (" + baseline + ")",
                    changed.lineage(), rules);
            out.flush();
        }
        ReplayReport report = Replay.run(scenario, estate, before, changed);
        if (json) {
            out.println(Json.toString(report));
        } else {
            report.print(out, top);
        }
        return 0;
    }
}
