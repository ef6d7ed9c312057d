package dev.itsm.cli.rules;

import dev.itsm.connectors.cmdb.CmdbRecord;
import dev.itsm.connectors.cmdb.CmdbSnapshot;
import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.Problem;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.core.model.SloStatus;
import dev.itsm.jobs.JobOptions;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.jobs.incident.AlertUpdate;
import dev.itsm.jobs.incident.IncidentJob;
import dev.itsm.jobs.incident.IncidentJobOptions;
import dev.itsm.jobs.problem.ProblemJob;
import dev.itsm.jobs.problem.ProblemLink;
import dev.itsm.jobs.sla.SlaStage;
import dev.itsm.rules.RulePack;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * The incident job and the problem job, the real graphs ({@link IncidentJob#build}, {@link ProblemJob#build}), run on
 * an embedded Flink MiniCluster over alerts held in memory, with their results collected in memory: no Kafka, no
 * Elasticsearch. One cluster serves every run, so a run costs a job submission, not a cluster start.
 *
 * <p>Runs are deterministic: alerts are correlated in event-time order
 * ({@link IncidentJobOptions.CorrelationOrder#EVENT_TIME}), and the end of the input moves event time to the end of
 * time, so every timer fires. The problem job runs after the incident job, on its incident changes in event-time
 * order; its problem links do not flow back into the incidents ({@code problem.id} stays empty), and SLO burn-rate
 * alerts do not come back as alerts (as in the demo).
 *
 * <pre>{@code
 * try (OfflineCluster cluster = OfflineCluster.start()) {
 *     OfflineOutcome outcome = cluster.run(RulePackLoader.loadDefault(), cmdb, rawRecords);
 * }
 * }</pre>
 */
final class OfflineCluster implements AutoCloseable {
    /**
     * One: the alerts then reach every operator in the order of the input, as the alerts of one Kafka partition reach
     * the real job (a parallel parse step would let a resolve overtake the firing alert it ends).
     */
    private static final int PARALLELISM = 1;

    private final MiniCluster cluster;

    private OfflineCluster(MiniCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts the embedded cluster: one task manager with one slot. */
    static OfflineCluster start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(CoreOptions.DEFAULT_PARALLELISM, PARALLELISM);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(PARALLELISM).withRandomPorts().build());
        cluster.start();
        return new OfflineCluster(cluster);
    }

    /**
     * Runs the raw records (in this order, each at its timestamp) through the incident job and its incident changes
     * through the problem job.
     */
    OfflineOutcome run(RulePack rules, CmdbSnapshot cmdb, List<RawRecord> raw) throws Exception {
        try (var incidents = new CollectingSink<Incident>(); var alerts = new CollectingSink<AlertUpdate>();
             var deadLetters = new CollectingSink<DeadLetter>(); var sla = new CollectingSink<SlaStatus>();
             var slo = new CollectingSink<SloStatus>(); var problems = new CollectingSink<Problem>();
             var links = new CollectingSink<ProblemLink>()) {
            StreamExecutionEnvironment env = environment();
            // recorded times are replayed as they are, however far ahead of this machine's clock a test file puts them
            IncidentJob incidentJob = new IncidentJob(rules, cmdb, IncidentJobOptions.CorrelationOrder.EVENT_TIME, OFFLINE_CLOCK_SKEW,
                    JobOptions.SOURCE_IDLE_TIMEOUT.defaultValue());
            incidentJob.build(new IncidentJob.Inputs(
                            env.fromData(raw, TypeInformation.of(RawRecord.class)).assignTimestampsAndWatermarks(incidentJob.watermarks()),
                            nothing(env, CmdbRecord.class).assignTimestampsAndWatermarks(IncidentJob.idleForever()),
                            nothing(env, ProblemLink.class).assignTimestampsAndWatermarks(IncidentJob.idleForever()),
                            nothing(env, IncidentAction.class).assignTimestampsAndWatermarks(SlaStage.actionWatermarks(rules)),
                            // the pack under test is the start-up pack; nothing is published while it runs
                            nothing(env, RawRecord.class).assignTimestampsAndWatermarks(IncidentJob.idleForever())),
                    new IncidentJob.Sinks(incidents, alerts, deadLetters, sla, slo, null));
            execute(env.getStreamGraph());

            List<Incident> changes = incidents.received().stream()
                    .sorted(Comparator.comparing(Incident::updated).thenComparing(Incident::id).thenComparingLong(Incident::revision))
                    .toList();
            if (!changes.isEmpty()) {
                StreamExecutionEnvironment problemEnv = environment();
                ProblemJob problemJob = new ProblemJob(rules);
                problemJob.build(new ProblemJob.Inputs(
                                problemEnv.fromData(changes, TypeInformation.of(Incident.class)).assignTimestampsAndWatermarks(problemJob.watermarks()),
                                nothing(problemEnv, RawRecord.class).assignTimestampsAndWatermarks(IncidentJob.idleForever())),
                        new ProblemJob.Sinks(problems, links));
                execute(problemEnv.getStreamGraph());
            }
            return new OfflineOutcome(changes, alerts.received(), sla.received(), slo.received(), problems.received(),
                    deadLetters.received());
        }
    }

    /** No clock-skew check offline: nothing here is sent by a live sender whose clock could be wrong. */
    private static final Duration OFFLINE_CLOCK_SKEW = Duration.ofDays(365L * 100);

    private static StreamExecutionEnvironment environment() {
        // only used to build graphs: they run on this class's cluster, not on a cluster of the environment's own
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // a failure is reported, not retried for ever
        StreamExecutionEnvironment env = JobEnvironments.configure(StreamExecutionEnvironment.getExecutionEnvironment(conf), conf);
        env.setParallelism(PARALLELISM);
        return env;
    }

    /** An input with nothing in it (an empty {@code fromData} fails at run time in Flink 2.2). */
    private static <T> DataStream<T> nothing(StreamExecutionEnvironment env, Class<T> type) {
        return env.fromSequence(0, 0).flatMap((Long n, Collector<T> out) -> { }).returns(TypeInformation.of(type))
                .name("no " + type.getSimpleName());
    }

    private void execute(StreamGraph graph) throws Exception {
        JobID id = cluster.submitJob(graph).get().getJobID();
        JobResult result = cluster.requestJobResult(id).get();
        if (result.getSerializedThrowable().isPresent()) {
            throw new IllegalStateException("the job failed: " + result.getSerializedThrowable().get().getFullStringifiedStackTrace());
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
