package dev.itsm.cli;

import dev.itsm.cli.bench.GatewayBenchmark;
import dev.itsm.cli.bench.IncidentBenchmark;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code itsm bench}: benchmarks on this machine (figures, not tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks on this machine.",
        subcommands = {BenchCommand.Incident.class, BenchCommand.Gateway.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing benchmark: choose one of " + spec.subcommands().keySet());
    }

    @Command(name = "incident", mixinStandardHelpOptions = true,
            description = {"Throughput of the incident job over a pre-loaded topic, against a pass-through job over the same "
                    + "topic, then latency from alert to incident record at a steady rate."})
    static final class Incident implements Callable<Integer> {
        @Option(names = "--alerts", defaultValue = "1000000", description = "Alerts to pre-load (default: ${DEFAULT-VALUE}).")
        long alerts;

        @Option(names = "--fingerprints", defaultValue = "50000", description = "Distinct alerts among them (default: ${DEFAULT-VALUE}).")
        int fingerprints;

        @Option(names = "--cis", defaultValue = "10000", description = "Hosts in the generated CMDB (default: ${DEFAULT-VALUE}).")
        int cis;

        @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
        int parallelism;

        @Option(names = "--rate", defaultValue = "5000", description = "Alerts per second in the latency phase (default: ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--latency-warmup-seconds", defaultValue = "10", description = "Warm-up of the latency phase: "
                + "sent at the same rate, printed, not counted in its percentiles (default: ${DEFAULT-VALUE}).")
        int latencyWarmupSeconds;

        @Option(names = "--latency-seconds", defaultValue = "20", description = "Measured part of the latency phase, after "
                + "the warm-up (default: ${DEFAULT-VALUE}).")
        int latencySeconds;

        @Option(names = "--dir", defaultValue = ".itsm/bench", description = "Work directory, emptied first (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--latency-only", description = "Skip the throughput phases (pass-through, incident job, indexer): "
                + "only the two latency phases, for comparing changes. Its figures are worse than the full run's: the JVM "
                + "has not been warmed up by the throughput phases.")
        boolean latencyOnly;

        @Override
        public Integer call() throws Exception {
            StackCommand.deleteRecursively(dir);
            Files.createDirectories(dir);
            System.out.println("Starting Kafka and Elasticsearch in " + dir + " ...");
            try (LocalStack stack = LocalStack.start(dir)) {
                IncidentBenchmark.Result r = new IncidentBenchmark(stack, dir, System.out).run(new IncidentBenchmark.Settings(
                        alerts, fingerprints, cis, parallelism, rate, Duration.ofSeconds(latencyWarmupSeconds),
                        Duration.ofSeconds(latencySeconds), latencyOnly));
                System.out.println();
                if (!latencyOnly) {
                    System.out.printf("incident job      %,10.0f alerts/s   (aim: >= 50,000)%n", r.incidentAlertsPerSecond());
                    System.out.printf("indexer          %,10.0f changelog records/s into Elasticsearch (runs beside it, lagging)%n",
                            r.indexerRecordsPerSecond());
                    System.out.printf("pass-through job  %,10.0f alerts/s%n", r.passThroughAlertsPerSecond());
                    System.out.printf("ratio             %9.0f %%          (aim: >= 40 %%)%n", 100 * r.ratio());
                }
                print("latency at %,d alerts/s, the incident job alone:          ", r.jobAlone());
                print("latency at %,d alerts/s, with its indexer on the same cores:", r.withIndexer());
            }
            return 0;
        }

        private void print(String what, IncidentBenchmark.Latency latency) {
            System.out.printf(what + " p50 %,d ms, p99 %,d ms, max %,d ms over %,d incident records   (aim: p99 < 1,000 ms)%n",
                    rate, latency.p50Millis(), latency.p99Millis(), latency.maxMillis(), latency.samples());
        }
    }

    @Command(name = "gateway", mixinStandardHelpOptions = true,
            description = {"Throughput of the ingest gateway: client threads post Alertmanager webhook batches over loopback "
                    + "to a gateway in this process, in front of a local Kafka broker; prints accepted alerts/s and request "
                    + "latency, and checks that the raw topic holds every accepted payload."})
    static final class Gateway implements Callable<Integer> {
        @Option(names = "--alerts", defaultValue = "500000", description = "Alerts to post in all (default: ${DEFAULT-VALUE}).")
        long alerts;

        @Option(names = "--batch", defaultValue = "100", description = "Alerts per webhook request (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients, one keep-alive connection each (default: ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--dir", defaultValue = ".itsm/bench-gateway", description = "Work directory, emptied first (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            StackCommand.deleteRecursively(dir);
            Files.createDirectories(dir);
            System.out.println("Starting Kafka in " + dir + " ...");
            try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"))) {
                GatewayBenchmark.Result r = new GatewayBenchmark(kafka, System.out)
                        .run(new GatewayBenchmark.Settings(alerts, batch, clients));
                System.out.println();
                System.out.printf("gateway   %,10.0f alerts/s accepted (%,.0f requests/s of %d alerts, %d clients)   (aim: >= 20,000)%n",
                        r.alertsPerSecond(), r.requestsPerSecond(), batch, clients);
                System.out.printf("latency   p50 %.1f ms, p99 %.1f ms, max %.1f ms per request (answered after Kafka's ack)%n",
                        r.p50Millis(), r.p99Millis(), r.maxMillis());
                System.out.printf("check     %,d requests accepted, %,d refused; the raw topic holds %,d records: %s%n",
                        r.acceptedRequests(), r.refused(), r.rawRecords(),
                        r.rawRecords() == r.acceptedRequests() ? "every accepted payload" : "MISMATCH");
                return r.rawRecords() == r.acceptedRequests() && r.refused() == 0 ? 0 : 1;
            }
        }
    }
}
