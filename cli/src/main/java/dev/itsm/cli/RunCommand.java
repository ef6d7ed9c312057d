package dev.itsm.cli;

import dev.itsm.jobs.JobEnvironments;
import dev.itsm.jobs.incident.IncidentJobRunner;
import dev.itsm.jobs.incident.IndexerJob;
import dev.itsm.jobs.problem.ProblemJobRunner;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code itsm run JOB}: one of the jobs on a local Flink cluster, against the configured Kafka and Elasticsearch. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a job on a local Flink cluster until Ctrl-C, against the Kafka and Elasticsearch the configuration "
                + "names (e.g. the connection.properties that 'itsm stack' writes). On a real cluster, submit the job jar instead "
                + "(see README, Deployment)."})
final class RunCommand implements Callable<Integer> {

    /** The runnable jobs and their graph builders. The SLA clocks run inside the incident job. */
    enum Job {
        incident, problem, indexer
    }

    @Parameters(index = "0", paramLabel = "JOB", description = "One of: ${COMPLETION-CANDIDATES} (the incident job "
            + "includes the SLA clocks).")
    Job job;

    @CommandLine.Mixin
    ConfigOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Configuration conf = options.configuration(spec.commandLine());
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
}
