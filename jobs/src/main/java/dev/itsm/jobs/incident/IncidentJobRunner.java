package dev.itsm.jobs.incident;

import dev.itsm.connectors.cmdb.CmdbFiles;
import dev.itsm.connectors.cmdb.CmdbLoadResult;
import dev.itsm.connectors.cmdb.CmdbRecord;
import dev.itsm.connectors.cmdb.CmdbSnapshot;
import dev.itsm.connectors.cmdb.CmdbSource;
import dev.itsm.connectors.kafka.DeadLetters;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaConnectors;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.TopicSetup;
import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.core.model.SloStatus;
import dev.itsm.jobs.JobOptions;
import dev.itsm.jobs.problem.ProblemLink;
import dev.itsm.jobs.ConfigFiles;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.jobs.RulePacks;
import dev.itsm.jobs.sla.SlaStage;
import dev.itsm.rules.RulePack;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.itsm.jobs.incident.IncidentJobDescriptors.UID_CMDB_SOURCE;
import static dev.itsm.jobs.incident.IncidentJobDescriptors.UID_PROBLEM_LINKS_SOURCE;
import static dev.itsm.jobs.incident.IncidentJobDescriptors.UID_RAW_SOURCE;
import static dev.itsm.jobs.incident.IncidentJobDescriptors.UID_RULES_SOURCE;
import static dev.itsm.jobs.sla.SlaJobDescriptors.UID_ACTIONS_SOURCE;

/**
 * Runs the incident job against real Kafka and Elasticsearch, as configured. The entry class of the job jar:
 * {@code flink run -c dev.itsm.jobs.incident.IncidentJobRunner itsm-jobs-*-flink-job.jar --config itsm.yaml}.
 */
public final class IncidentJobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentJobRunner.class);
    public static final String JOB_NAME = "itsm incident job";
    /** Names the job's consumer group ({@code KafkaConfig.groupId(JOB_ID)}) and its operators. */
    public static final String JOB_ID = "incident-job";

    private IncidentJobRunner() {
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = ConfigFiles.fromArgs(List.of(args));
        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        build(env, conf);
        env.execute(JOB_NAME);
    }

    /**
     * Loads and validates the rule pack and the CMDB export first (a bad one stops here, with its problems listed),
     * then adds the job's graph with its Kafka and Elasticsearch connectors to the environment.
     */
    public static void build(StreamExecutionEnvironment env, Configuration conf) throws IOException {
        build(env, conf, false);
    }

    /**
     * As {@link #build(StreamExecutionEnvironment, Configuration)}; {@code bounded} stops the job at the topics' end
     * offsets as of its start (for benchmarks and replays), which also fires every pending event-time timer. A bounded
     * run has no indexer: it would stop at the changelog topics' end as of the start, before this job wrote anything;
     * run {@link IndexerJob} bounded after it instead (as the benchmark does).
     */
    public static void build(StreamExecutionEnvironment env, Configuration conf, boolean bounded) throws IOException {
        RulePack rules = RulePacks.fromConfiguration(conf);
        CmdbSnapshot cmdb = conf.getOptional(IncidentJobOptions.CMDB_FILE).map(IncidentJobRunner::loadCmdb)
                .orElseGet(() -> new CmdbSnapshot(List.of(), List.of()));
        LOG.info("Incident job with rule pack {} and a CMDB of {} items, {} relations", rules.lineage(), cmdb.items().size(), cmdb.relations().size());

        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        List<String> created = TopicSetup.ensureTopics(kafka, conf.get(KafkaOptions.TOPIC_PARTITIONS),
                List.of(Topics.ALERTS_RAW, Topics.ALERTS_DLQ, Topics.CMDB, Topics.RULES, Topics.INCIDENTS, Topics.ALERTS, Topics.PROBLEM_LINKS,
                        Topics.INCIDENT_ACTIONS, Topics.SLA, Topics.SLO));
        if (!created.isEmpty()) {
            LOG.info("Created the topics {}", created);
        }
        IncidentJob job = new IncidentJob(rules, cmdb, conf.get(IncidentJobOptions.CORRELATION_ORDER),
                conf.get(IncidentJobOptions.MAX_CLOCK_SKEW), conf.get(JobOptions.SOURCE_IDLE_TIMEOUT));

        var rawSource = KafkaConnectors.rawSource(kafka, Topics.ALERTS_RAW, JOB_ID);
        var cmdbSource = CmdbSource.builder(kafka, JOB_ID);
        var linksSource = KafkaConnectors.jsonSource(kafka, ProblemLink.class, Topics.PROBLEM_LINKS, JOB_ID);
        var actionsSource = KafkaConnectors.jsonSource(kafka, IncidentAction.class, Topics.INCIDENT_ACTIONS, JOB_ID);
        // always the whole (compacted) topic when not restored from a checkpoint: a restart without one must end on
        // the last published pack too, not on the start-up pack because the group's offsets are past that record
        var rulesSource = KafkaConnectors.rawSource(kafka, Topics.RULES, JOB_ID).setStartingOffsets(OffsetsInitializer.earliest());
        if (bounded) {
            rulesSource.setBounded(OffsetsInitializer.latest());
            rawSource.setBounded(OffsetsInitializer.latest());
            cmdbSource.setBounded(OffsetsInitializer.latest());
            linksSource.setBounded(OffsetsInitializer.latest());
            actionsSource.setBounded(OffsetsInitializer.latest());
        }
        DataStream<RawRecord> raw = env.fromSource(rawSource.build(), job.watermarks(), "raw alerts").uid(UID_RAW_SOURCE);
        DataStream<CmdbRecord> cmdbRecords = env.fromSource(cmdbSource.build(), IncidentJob.idleForever(), "cmdb").uid(UID_CMDB_SOURCE);
        DataStream<ProblemLink> problemLinks = env.fromSource(linksSource.build(), IncidentJob.idleForever(), "problem links")
                .uid(UID_PROBLEM_LINKS_SOURCE);
        DataStream<IncidentAction> actions = env.fromSource(actionsSource.build(), SlaStage.actionWatermarks(rules),
                "incident actions").uid(UID_ACTIONS_SOURCE);
        DataStream<RawRecord> rulePacks = env.fromSource(rulesSource.build(), IncidentJob.idleForever(), "rule packs")
                .uid(UID_RULES_SOURCE);

        job.build(new IncidentJob.Inputs(raw, cmdbRecords, problemLinks, actions, rulePacks), new IncidentJob.Sinks(
                KafkaConnectors.jsonSink(kafka, Topics.INCIDENTS, Incident::id),
                KafkaConnectors.jsonSink(kafka, Topics.ALERTS, (AlertUpdate update) -> update.alert().id()),
                DeadLetters.sink(kafka),
                KafkaConnectors.jsonSink(kafka, Topics.SLA, SlaStatus::id),
                KafkaConnectors.jsonSink(kafka, Topics.SLO, SloStatus::id),
                conf.get(IncidentJobOptions.SLO_BURN_RATE_ALERTS) ? KafkaConnectors.rawSink(kafka, Topics.ALERTS_RAW) : null));
        if (conf.get(IncidentJobOptions.ELASTICSEARCH_ENABLED) && !bounded) {
            // in the same Flink job, but only connected through Kafka: Elasticsearch's pace never holds incidents back
            IndexerJob.build(env, conf, false);
        }
    }

    private static CmdbSnapshot loadCmdb(String file) {
        try {
            CmdbLoadResult result = CmdbFiles.load(Path.of(file));
            result.warnings().forEach(warning -> LOG.warn("CMDB {}: {}", file, warning));
            return result.snapshot();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the CMDB export " + file + " (" + IncidentJobOptions.CMDB_FILE.key() + ")", e);
        }
    }
}
