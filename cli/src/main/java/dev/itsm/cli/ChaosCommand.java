package dev.itsm.cli;

import dev.itsm.cli.chaos.ChaosReport;
import dev.itsm.cli.chaos.ChaosRunner;
import dev.itsm.cli.chaos.ChaosStorm;
import dev.itsm.cli.chaos.Fault;
import dev.itsm.devstack.FlinkCluster;
import dev.itsm.devstack.LocalStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code itsm chaos}: the pipeline on a real cluster, a recorded storm, and one fault per run. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Fault injection: starts a Kafka broker, an Elasticsearch node and a standalone Flink cluster (a "
                + "JobManager and two TaskManagers) as processes, plays a recorded alert storm through the incident and "
                + "problem jobs once without faults as the reference, then once per fault, and compares every itsm index "
                + "and the incidents topic with the reference. Exit code 0 only if every fault was survived without a "
                + "lost alert, a duplicated incident or a difference."})
final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--alerts", defaultValue = "3000", description = "About how many notifications the storm holds (default: ${DEFAULT-VALUE}).")
    int alerts;

    @Option(names = "--cis", defaultValue = "300", description = "About how many CIs the generated CMDB holds (default: ${DEFAULT-VALUE}).")
    int cis;

    @Option(names = "--faults", split = ",", defaultValue = "taskmanager,elasticsearch,broker,savepoint,cmdb",
            description = "Faults to inject, one run each: taskmanager, elasticsearch, broker, savepoint, cmdb, and repeat "
                    + "(the reference again, no fault) (default: ${DEFAULT-VALUE}).")
    List<String> faults;

    @Option(names = "--rate", defaultValue = "50", description = "Notifications per second while the storm plays (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--jar", paramLabel = "FILE", description = "The job jar. Default: jobs/target/itsm-jobs-*-flink-job.jar of this checkout.")
    Path jar;

    @Option(names = "--dir", defaultValue = ".itsm/chaos", description = "Work directory, emptied first (default: ${DEFAULT-VALUE}).")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Fault> chosen;
        try {
            chosen = faults.stream().map(Fault::of).toList();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path jobJar = RunCommand.jobJar(jar, spec.commandLine());
        ChaosStorm storm = new ChaosStorm(cis, alerts);
        ChaosRunner.Settings settings = new ChaosRunner.Settings(rate, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(15), true);
        StackCommand.deleteRecursively(dir);
        Files.createDirectories(dir);
        System.out.printf("Storm: %,d notifications (%,d alerts, %d broken payloads) over %d CIs, %s of event time, played at %.0f/s%n",
                storm.notifications().size(), storm.identities().size(),
                storm.notifications().stream().filter(ChaosStorm.Notification::broken).count(), storm.configurationItems(),
                Duration.between(ChaosStorm.START, storm.end()).toMinutes() + " min", rate);
        System.out.println("Correlation order EVENT_TIME (ARRIVAL trades replay-determinism for latency; see README).");
        System.out.println("Starting Kafka, Elasticsearch and a Flink cluster (1 JobManager, 2 TaskManagers of 3 slots) in " + dir + " ...");
        try (LocalStack stack = LocalStack.start(dir.resolve("stack"));
             FlinkCluster cluster = FlinkCluster.start(dir.resolve("flink"), FlinkCluster.flinkClassPath(), 2,
                     Map.of("taskmanager.numberOfTaskSlots", "3"))) {
            ChaosRunner runner = new ChaosRunner(stack.kafka(), stack.elasticsearch(), cluster, jobJar, dir.resolve("runs"),
                    storm, settings, System.out);
            ChaosReport report = ChaosReport.run(runner, chosen, storm, System.out);
            return report.survivedAll() ? 0 : 1;
        }
    }
}
