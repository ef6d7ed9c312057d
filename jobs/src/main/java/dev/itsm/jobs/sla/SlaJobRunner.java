package dev.itsm.jobs.sla;

import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaConnectors;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.TopicSetup;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.jobs.ConfigFiles;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.jobs.RulePacks;
import dev.itsm.jobs.incident.IncidentJobOptions;
import dev.itsm.rules.RulePack;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

import static dev.itsm.jobs.sla.SlaJobDescriptors.UID_ACTIONS_SOURCE;
import static dev.itsm.jobs.sla.SlaJobDescriptors.UID_INCIDENTS_SOURCE;

/**
 * Runs the SLA job against real Kafka (and Elasticsearch), as configured:
 * {@code flink run -c dev.itsm.jobs.sla.SlaJobRunner itsm-jobs-*-flink-job.jar --config itsm.yaml}.
 * It reads the incidents changelog and the incident actions as consumer group {@code PREFIX-sla-job} and writes the
 * SLA changelog (key: SLA id, {@code incidentId:kind}).
 */
public final class SlaJobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SlaJobRunner.class);
    public static final String JOB_NAME = "itsm sla job";
    static final String JOB_ID = "sla-job";

    private SlaJobRunner() {
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = ConfigFiles.fromArgs(List.of(args));
        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        build(env, conf);
        env.execute(JOB_NAME);
    }

    /**
     * Loads and validates the rule pack first (a bad one stops here, with its problems listed), then adds the job's
     * graph with its Kafka connectors to the environment, and the SLA indexer when
     * {@link IncidentJobOptions#ELASTICSEARCH_ENABLED}.
     */
    public static void build(StreamExecutionEnvironment env, Configuration conf) {
        build(env, conf, false);
    }

    /**
     * As {@link #build(StreamExecutionEnvironment, Configuration)}; {@code bounded} stops the job at the topics' end
     * offsets as of its start (for replays), which also fires every pending event-time timer: every running clock
     * then breaches at the end. A bounded run has no indexer (it would stop before this job wrote anything); run
     * {@link SlaIndexerJob} bounded after it instead.
     */
    public static void build(StreamExecutionEnvironment env, Configuration conf, boolean bounded) {
        RulePack rules = RulePacks.fromConfiguration(conf);
        LOG.info("SLA job with rule pack {} and the policies {}", rules.lineage(), rules.slaPolicies());

        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        List<String> created = TopicSetup.ensureTopics(kafka, conf.get(KafkaOptions.TOPIC_PARTITIONS),
                List.of(Topics.INCIDENTS, Topics.INCIDENT_ACTIONS, Topics.SLA));
        if (!created.isEmpty()) {
            LOG.info("Created the topics {}", created);
        }
        SlaJob job = new SlaJob(rules);

        var incidentsSource = KafkaConnectors.jsonSource(kafka, Incident.class, Topics.INCIDENTS, JOB_ID);
        var actionsSource = KafkaConnectors.jsonSource(kafka, IncidentAction.class, Topics.INCIDENT_ACTIONS, JOB_ID);
        if (bounded) {
            incidentsSource.setBounded(OffsetsInitializer.latest());
            actionsSource.setBounded(OffsetsInitializer.latest());
        }
        DataStream<Incident> incidents = env.fromSource(incidentsSource.build(), job.watermarks(), "incidents topic")
                .uid(UID_INCIDENTS_SOURCE);
        DataStream<IncidentAction> actions = env.fromSource(actionsSource.build(), SlaJob.actionWatermarks(),
                "incident actions topic").uid(UID_ACTIONS_SOURCE);

        job.build(incidents, actions, KafkaConnectors.jsonSink(kafka, Topics.SLA, SlaStatus::id));
        if (conf.get(IncidentJobOptions.ELASTICSEARCH_ENABLED) && !bounded) {
            // in the same Flink job, but only connected through Kafka: Elasticsearch's pace never holds clocks back
            SlaIndexerJob.build(env, conf, false);
        }
    }
}
