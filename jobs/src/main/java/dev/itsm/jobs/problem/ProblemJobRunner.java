package dev.itsm.jobs.problem;

import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaConnectors;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.connectors.kafka.TopicSetup;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.Problem;
import dev.itsm.jobs.JobOptions;
import dev.itsm.jobs.ConfigFiles;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.jobs.RulePacks;
import dev.itsm.jobs.incident.IncidentJob;
import dev.itsm.jobs.incident.IncidentJobOptions;
import dev.itsm.rules.RulePack;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

import static dev.itsm.jobs.problem.ProblemJobDescriptors.UID_INCIDENTS_SOURCE;
import static dev.itsm.jobs.problem.ProblemJobDescriptors.UID_RULES_SOURCE;

/**
 * Runs the problem job against real Kafka (and Elasticsearch), as configured:
 * {@code flink run -c dev.itsm.jobs.problem.ProblemJobRunner itsm-jobs-*-flink-job.jar --config itsm.yaml}.
 * It reads the incidents changelog and the rules topic as consumer group {@code PREFIX-problem-job} and writes the
 * problems changelog (key: problem id) and the problem links (key: incident id).
 */
public final class ProblemJobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemJobRunner.class);
    public static final String JOB_NAME = "itsm problem job";
    static final String JOB_ID = "problem-job";

    private ProblemJobRunner() {
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = ConfigFiles.fromArgs(List.of(args));
        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        build(env, conf);
        env.execute(JOB_NAME);
    }

    /**
     * Loads and validates the rule pack first (a bad one stops here, with its problems listed), then adds the job's
     * graph with its Kafka connectors to the environment, and the problems indexer when
     * {@link IncidentJobOptions#ELASTICSEARCH_ENABLED}.
     */
    public static void build(StreamExecutionEnvironment env, Configuration conf) {
        build(env, conf, false);
    }

    /**
     * As {@link #build(StreamExecutionEnvironment, Configuration)}; {@code bounded} stops the job at the topics' end
     * offsets as of its start (for replays), which also fires every pending event-time timer: every problem then
     * resolves and is forgotten at the end. A bounded run has no indexer: it would stop at the problems topic's end
     * as of the start, before this job wrote anything; run {@link ProblemIndexerJob} bounded after it instead.
     */
    public static void build(StreamExecutionEnvironment env, Configuration conf, boolean bounded) {
        RulePack rules = RulePacks.fromConfiguration(conf);
        LOG.info("Problem job with rule pack {} and the patterns {}", rules.lineage(), rules.problemPatterns());

        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        List<String> created = TopicSetup.ensureTopics(kafka, conf.get(KafkaOptions.TOPIC_PARTITIONS),
                List.of(Topics.INCIDENTS, Topics.RULES, Topics.PROBLEMS, Topics.PROBLEM_LINKS));
        if (!created.isEmpty()) {
            LOG.info("Created the topics {}", created);
        }
        ProblemJob job = new ProblemJob(rules, conf.get(JobOptions.SOURCE_IDLE_TIMEOUT));

        var source = KafkaConnectors.jsonSource(kafka, Incident.class, Topics.INCIDENTS, JOB_ID);
        // always the whole (compacted) topic when not restored from a checkpoint, as in the incident job
        var rulesSource = KafkaConnectors.rawSource(kafka, Topics.RULES, JOB_ID).setStartingOffsets(OffsetsInitializer.earliest());
        if (bounded) {
            source.setBounded(OffsetsInitializer.latest());
            rulesSource.setBounded(OffsetsInitializer.latest());
        }
        DataStream<Incident> incidents = env.fromSource(source.build(), job.watermarks(), "incidents topic")
                .uid(UID_INCIDENTS_SOURCE);
        DataStream<RawRecord> rulePacks = env.fromSource(rulesSource.build(), IncidentJob.idleForever(), "rule packs")
                .uid(UID_RULES_SOURCE);

        job.build(new ProblemJob.Inputs(incidents, rulePacks), new ProblemJob.Sinks(
                KafkaConnectors.jsonSink(kafka, Topics.PROBLEMS, Problem::id),
                KafkaConnectors.jsonSink(kafka, Topics.PROBLEM_LINKS, ProblemLink::incidentId)));
        if (conf.get(IncidentJobOptions.ELASTICSEARCH_ENABLED) && !bounded) {
            // in the same Flink job, but only connected through Kafka: Elasticsearch's pace never holds problems back
            ProblemIndexerJob.build(env, conf, false);
        }
    }
}
