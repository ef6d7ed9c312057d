package dev.itsm.cli;

import dev.itsm.cli.demo.DemoRun;
import dev.itsm.cli.demo.SummaryPrinter;
import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.devstack.LocalStack;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import dev.itsm.jobs.incident.IncidentJobOptions;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code itsm demo}: the whole pipeline on this machine, on the sample estate or the user's own data. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Starts a local Kafka and Elasticsearch, runs the incident job on a local Flink cluster with a CMDB, "
                + "plays a recorded alert stream into it in accelerated time and prints what came out.",
                "Without options it uses the sample estate (demo/cmdb.json) and its 30-minute scenario (demo/scenario.jsonl)."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--cmdb", paramLabel = "FILE", defaultValue = "demo/cmdb.json",
            description = "CMDB export (JSON, see README) (default: ${DEFAULT-VALUE}).")
    Path cmdb;

    @Option(names = "--alerts", paramLabel = "FILE", defaultValue = "demo/scenario.jsonl",
            description = "Recorded alert stream, JSON lines of {at, format, payload} (default: ${DEFAULT-VALUE}).")
    Path alerts;

    @Option(names = "--speed", paramLabel = "N", defaultValue = "120",
            description = "Simulated seconds per second; 0 plays as fast as possible (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--rules", paramLabel = "DIR", description = "A rule pack folder instead of the built-in default pack.")
    Path rules;

    @Option(names = "--burn-rate-alerts", description = "Also send the SLO burn-rate alerts back through the raw alerts topic, "
            + "where they become incidents of their own (off by default: the replay then gives the same result every time).")
    boolean burnRateAlerts;

    @Option(names = "--keep-running", description = "Keep Kafka, Elasticsearch and the job running for inspection until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".itsm/demo",
            description = "Where the local stack keeps its data and logs; emptied first (default: ${DEFAULT-VALUE}).")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (Path file : new Path[] {cmdb, alerts}) {
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + file);
            }
        }
        if (speed < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--speed must be 0 (as fast as possible) or more, not " + speed);
        }
        StackCommand.deleteRecursively(dir);
        Files.createDirectories(dir);
        System.out.println("[1/5] Starting Kafka and Elasticsearch in " + dir + " ...");
        long started = System.nanoTime();
        LocalStack stack = LocalStack.start(dir);
        System.out.printf("      ready in %.1f s: Kafka %s, Elasticsearch %s%n", (System.nanoTime() - started) / 1e9,
                stack.kafkaBootstrapServers(), stack.elasticsearchUrl());
        DemoRun.JobHolder job = new DemoRun.JobHolder();
        try {
            DemoRun demo = new DemoRun(stack, System.out);
            DemoRun.Settings settings = new DemoRun.Settings(cmdb, alerts, speed, rules);
            Configuration conf = demo.configuration(settings);
            conf.set(IncidentJobOptions.SLO_BURN_RATE_ALERTS, burnRateAlerts);
            DemoRun.Summary summary = demo.run(settings, conf, job);
            SummaryPrinter.print(summary, whereToLook(conf), System.out);
            if (keepRunning) {
                System.out.println("Everything keeps running; press Ctrl-C to stop.");
                CountDownLatch forever = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stop(job, stack);
                    forever.countDown();
                }));
                forever.await();
            }
        } finally {
            if (!keepRunning) {
                stop(job, stack);
            }
        }
        return 0;
    }

    private static void stop(DemoRun.JobHolder job, LocalStack stack) {
        try {
            if (job.client != null) {
                job.client.cancel().get();
            }
        } catch (Exception e) {
            // the job may have ended already; stopping the stack is what matters
        }
        stack.close();
    }

    private Map<String, String> whereToLook(Configuration conf) {
        ElasticsearchConfig es = ElasticsearchConfig.fromConfiguration(conf);
        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        String url = es.hosts().get(0);
        Map<String, String> where = new LinkedHashMap<>();
        where.put("Elasticsearch", url + (keepRunning ? "" : "  (stopped now; --keep-running keeps it)"));
        where.put("incidents", "index " + es.index("incidents") + ", e.g. curl '" + url + "/" + es.index("incidents") + "/_search?pretty'");
        where.put("alerts", "index " + es.index("alerts"));
        where.put("problems", "index " + es.index("problems"));
        where.put("Kafka", kafka.bootstrapServers() + ", topics " + kafka.topic(Topics.INCIDENTS) + ", " + kafka.topic(Topics.PROBLEMS) + ", "
                + kafka.topic(Topics.ALERTS_DLQ));
        where.put("Prometheus metrics", "http://localhost:9249/metrics (first free port of 9249-9269, while the job runs)");
        where.put("logs", dir + "/kafka/broker.log, " + dir + "/elasticsearch/elasticsearch.log");
        return where;
    }
}
