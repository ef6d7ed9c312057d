package dev.itsm.jobs.problem;

import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.Problem;
import dev.itsm.jobs.JobOptions;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.jobs.RulePackChecker;
import dev.itsm.jobs.incident.IncidentJob;
import dev.itsm.rules.RulePack;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.time.Duration;

import static dev.itsm.jobs.problem.ProblemJobDescriptors.PROBLEM_LINKS;
import static dev.itsm.jobs.problem.ProblemJobDescriptors.UID_PROBLEMS;
import static dev.itsm.jobs.problem.ProblemJobDescriptors.UID_RULES_CHECK;
import static dev.itsm.jobs.problem.ProblemJobDescriptors.UID_SIGNATURES;

/**
 * The problem job's graph: incident changes → one candidate per problem pattern and signature → per pattern and
 * signature: recurrence, periodicity, service impact or chronic flapping, and the problem's lifecycle → the problems
 * changelog, and a link per incident that joined a problem (for the incident job to name the problem on the incident).
 *
 * <p>Rule packs published while the job runs (the rules topic) are checked ({@link RulePackChecker}) and broadcast to
 * the signatures and the problems; each switches when the pack reaches it ({@link ActiveRulePack}). Only the
 * watermarks' out-of-orderness stays the start-up pack's (it is fixed when the sources start).
 *
 * <p>It takes its inputs and outputs from the caller, so tests hand it test sources and sinks and {@link
 * ProblemJobRunner} the real Kafka ones.
 *
 * <pre>{@code
 * ProblemJob job = new ProblemJob(RulePackLoader.loadDefault());
 * DataStream<Incident> incidents = env.fromSource(kafkaIncidentsSource, job.watermarks(), "incidents");
 * DataStream<RawRecord> rulePacks = env.fromSource(kafkaRulesSource, IncidentJob.idleForever(), "rule packs");
 * job.build(new ProblemJob.Inputs(incidents, rulePacks), new ProblemJob.Sinks(problemsTopic, problemLinksTopic));
 * }</pre>
 */
public final class ProblemJob {

    /**
     * What the job reads.
     *
     * @param incidents incident changes, with {@link #watermarks()} applied at their source
     * @param rulePacks the rules topic's records as read, with {@link IncidentJob#idleForever()} watermarks
     */
    public record Inputs(DataStream<Incident> incidents, DataStream<RawRecord> rulePacks) {
    }

    /** Where the job's results go. */
    public record Sinks(Sink<Problem> problems, Sink<ProblemLink> links) {
    }

    private final RulePack rules;
    private final Duration sourceIdleTimeout;

    public ProblemJob(RulePack rules) {
        this(rules, JobOptions.SOURCE_IDLE_TIMEOUT.defaultValue());
    }

    /** @param sourceIdleTimeout how long an incidents partition may be silent ({@link JobOptions#SOURCE_IDLE_TIMEOUT}) */
    public ProblemJob(RulePack rules, Duration sourceIdleTimeout) {
        this.rules = rules;
        this.sourceIdleTimeout = sourceIdleTimeout;
    }

    /**
     * Event time of incident changes: their {@code updated} timestamp, with the rule pack's bounded out-of-orderness
     * ({@code timing.yaml}'s {@code out-of-orderness}, 30s by default). Apply it at the source, so each Kafka partition
     * has its own watermark. A partition without a record for {@link JobOptions#SOURCE_IDLE_TIMEOUT} (wall clock) is left out
     * until its next record. The problems decide in event-time order once the watermark passes a change
     * ({@link ProblemFunction}); a change that reaches them at or behind the watermark (more out of order than the
     * out-of-orderness, or from a partition that was idle) is taken at once instead.
     */
    public WatermarkStrategy<Incident> watermarks() {
        return WatermarkStrategy.<Incident>forBoundedOutOfOrderness(rules.outOfOrderness())
                .withTimestampAssigner((incident, previous) -> incident.updated().toEpochMilli())
                // a source subtask without a partition, or a quiet partition, must not hold event time back
                .withIdleness(sourceIdleTimeout);
    }

    /** Builds the graph on the given inputs and attaches the sinks. */
    public void build(Inputs inputs, Sinks sinks) {
        BroadcastStream<RulePackRecord> rulePacks = inputs.rulePacks()
                .process(new RulePackChecker(rules.name())).uid(UID_RULES_CHECK).name("check rule packs")
                .broadcast(ActiveRulePack.STATE);
        SingleOutputStreamOperator<Problem> problems = inputs.incidents()
                .connect(rulePacks)
                .process(new SignatureFunction(rules)).uid(UID_SIGNATURES).name("problem signatures")
                .keyBy(ProblemCandidate::key)
                .connect(rulePacks)
                .process(new ProblemFunction(rules)).uid(UID_PROBLEMS).name("problems");

        problems.sinkTo(sinks.problems()).uid("problems-topic-sink").name("problems to Kafka");
        problems.getSideOutput(PROBLEM_LINKS).sinkTo(sinks.links()).uid("problem-links-topic-sink")
                .name("problem links to Kafka");
    }
}
