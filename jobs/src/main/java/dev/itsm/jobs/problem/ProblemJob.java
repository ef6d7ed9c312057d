package dev.itsm.jobs.problem;

import dev.itsm.core.model.Incident;
import dev.itsm.core.model.Problem;
import dev.itsm.rules.RulePack;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.time.Duration;

import static dev.itsm.jobs.problem.ProblemJobDescriptors.PROBLEM_LINKS;
import static dev.itsm.jobs.problem.ProblemJobDescriptors.UID_PROBLEMS;
import static dev.itsm.jobs.problem.ProblemJobDescriptors.UID_SIGNATURES;

/**
 * The problem job's graph: incident changes → one candidate per problem pattern and signature → per pattern and
 * signature: recurrence, periodicity, service impact or chronic flapping, and the problem's lifecycle → the problems
 * changelog, and a link per incident that joined a problem (for the incident job to name the problem on the incident).
 *
 * <p>It takes its input and outputs from the caller, so tests hand it test sources and sinks and {@link
 * ProblemJobRunner} the real Kafka ones.
 *
 * <pre>{@code
 * ProblemJob job = new ProblemJob(RulePackLoader.loadDefault());
 * DataStream<Incident> incidents = env.fromSource(kafkaIncidentsSource, job.watermarks(), "incidents");
 * job.build(incidents, new ProblemJob.Sinks(problemsTopic, problemLinksTopic));
 * }</pre>
 */
public final class ProblemJob {

    /** Where the job's results go. */
    public record Sinks(Sink<Problem> problems, Sink<ProblemLink> links) {
    }

    /** How long an incidents partition may be silent before event time moves on without it. */
    static final Duration SOURCE_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final RulePack rules;

    public ProblemJob(RulePack rules) {
        this.rules = rules;
    }

    /**
     * Event time of incident changes: their {@code updated} timestamp, with the rule pack's bounded out-of-orderness.
     * Apply it at the source, so each Kafka partition has its own watermark.
     */
    public WatermarkStrategy<Incident> watermarks() {
        return WatermarkStrategy.<Incident>forBoundedOutOfOrderness(rules.outOfOrderness())
                .withTimestampAssigner((incident, previous) -> incident.updated().toEpochMilli())
                // a source subtask without a partition, or a quiet partition, must not hold event time back
                .withIdleness(SOURCE_IDLE_TIMEOUT);
    }

    /** Builds the graph on the given incident changes and attaches the sinks. */
    public void build(DataStream<Incident> incidents, Sinks sinks) {
        SingleOutputStreamOperator<Problem> problems = incidents
                .flatMap(new SignatureFunction(rules)).uid(UID_SIGNATURES).name("problem signatures")
                .keyBy(ProblemCandidate::key)
                .process(new ProblemFunction(rules)).uid(UID_PROBLEMS).name("problems");

        problems.sinkTo(sinks.problems()).uid("problems-topic-sink").name("problems to Kafka");
        problems.getSideOutput(PROBLEM_LINKS).sinkTo(sinks.links()).uid("problem-links-topic-sink")
                .name("problem links to Kafka");
    }
}
