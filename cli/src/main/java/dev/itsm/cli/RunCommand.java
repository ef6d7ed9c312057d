package dev.itsm.cli;

import dev.itsm.core.Secrets;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.jobs.incident.IncidentJobRunner;
import dev.itsm.jobs.incident.IndexerJob;
import dev.itsm.jobs.problem.ProblemJobRunner;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import java.util.concurrent.Callable;

/** {@code itsm run JOB}: one of the jobs on a local Flink cluster, against the configured Kafka and Elasticsearch. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a job on a local Flink cluster until Ctrl-C, against the Kafka and Elasticsearch the configuration "
                + "names (e.g. the connection.properties that 'itsm stack' writes); with --jobmanager, submits it to a "
                + "running Flink cluster instead and returns."})
final class RunCommand implements Callable<Integer> {

    /** The runnable jobs and their entry classes. The SLA clocks run inside the incident job. */
    enum Job {
        incident(IncidentJobRunner.class), problem(ProblemJobRunner.class), indexer(IndexerJob.class);

        final Class<?> entryClass;

        Job(Class<?> entryClass) {
            this.entryClass = entryClass;
        }
    }

    @Parameters(index = "0", paramLabel = "JOB", description = "One of: ${COMPLETION-CANDIDATES} (the incident job "
            + "includes the SLA clocks).")
    Job job;

    @CommandLine.Mixin
    ConfigOptions options;

    @Option(names = "--jobmanager", paramLabel = "HOST:PORT",
            description = "The REST address of a running Flink cluster (its JobManager, e.g. localhost:8081): upload the job "
                    + "jar there and run the job, with the settings as its arguments. The CMDB file named by itsm.cmdb.file "
                    + "and a rules directory must then be readable on the JobManager. Secrets must be given as "
                    + "$${env:NAME} or $${file:PATH}, resolved there.")
    String jobManager;

    @Option(names = "--print-config", description = "Print the settings the job would get (secret values masked) and exit.")
    boolean printConfig;

    @Option(names = "--jar", paramLabel = "FILE",
            description = "The job jar to submit with --jobmanager. Default: jobs/target/itsm-jobs-*-flink-job.jar of this checkout.")
    Path jar;

    @Option(names = "--parallelism", paramLabel = "N", description = "Parallelism on the cluster (--jobmanager). Default: the cluster's.")
    int parallelism;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Configuration conf = options.configuration(spec.commandLine());
        if (printConfig) {
            PrintWriter out = spec.commandLine().getOut();
            new TreeMap<>(Secrets.masked(conf.toMap())).forEach((key, value) -> out.println(key + ": " + value));
            out.flush();
            return 0;
        }
        if (jobManager != null) {
            return submit(conf);
        }
        var env = JobEnvironments.create(conf);
        switch (job) {
            case incident -> IncidentJobRunner.build(env, conf);
            case problem -> ProblemJobRunner.build(env, conf);
            case indexer -> IndexerJob.build(env, conf, false);
        }
        System.out.println("Running the " + job + " job on a local Flink cluster; Ctrl-C stops it.");
        env.execute("itsm " + job + " job");
        return 0;
    }

    /** Uploads the job jar to the cluster and starts the job there; the job keeps running after this returns. */
    private int submit(Configuration conf) throws Exception {
        List<String> literalSecrets = conf.toMap().entrySet().stream()
                .filter(setting -> Secrets.isSecret(setting.getKey()) && !Secrets.isReference(setting.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
        if (!literalSecrets.isEmpty()) {
            // program arguments show in the cluster's web UI and logs
            throw new CommandLine.ParameterException(spec.commandLine(), "refusing to send the secret value of "
                    + String.join(", ", literalSecrets) + " to " + jobManager + " as a program argument, where its web UI "
                    + "shows it: give it as ${env:NAME} or ${file:PATH}, which the JobManager resolves");
        }
        Path jobJar = jobJar(jar, spec.commandLine());
        List<String> args = new ArrayList<>();
        conf.toMap().forEach((key, value) -> args.add("-D" + key + "=" + value));
        FlinkRestClient flink = new FlinkRestClient(jobManager);
        try {
            String jarId = flink.upload(jobJar);
            String jobId = flink.run(jarId, job.entryClass.getName(), args, parallelism);
            spec.commandLine().getOut().println("Submitted the " + job + " job to " + jobManager + " as job " + jobId
                    + "; it runs there until cancelled (web UI, or 'flink cancel " + jobId + "').");
            spec.commandLine().getOut().flush();
            return 0;
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("itsm run: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    /** The job jar a {@code --jar} option names, else {@link #defaultJar()}; a usage error when there is none. */
    static Path jobJar(Path given, CommandLine commandLine) throws java.io.IOException {
        Path jobJar = given != null ? given : defaultJar();
        if (!Files.isRegularFile(jobJar)) {
            throw new CommandLine.ParameterException(commandLine, "no such job jar: " + jobJar
                    + " (build it with 'mvn -q package -DskipTests', or name one with --jar)");
        }
        return jobJar;
    }

    /** The shaded job jar that the build leaves in {@code jobs/target}, found from this checkout. */
    static Path defaultJar() throws java.io.IOException {
        Path here = Path.of(".").toAbsolutePath().normalize();
        try {
            // the CLI's classes live in <checkout>/cli/target/classes
            Path classes = Path.of(RunCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            here = classes.getParent().getParent().getParent();
        } catch (Exception ignored) {
            // fall back to the working directory
        }
        Path target = here.resolve("jobs").resolve("target");
        if (Files.isDirectory(target)) {
            try (var files = Files.list(target)) {
                var found = files.filter(f -> f.getFileName().toString().matches("itsm-jobs-.*-flink-job\\.jar")).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        return target.resolve("itsm-jobs-VERSION-flink-job.jar");
    }
}
