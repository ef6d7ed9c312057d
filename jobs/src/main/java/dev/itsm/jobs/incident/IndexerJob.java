package dev.itsm.jobs.incident;

import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.elasticsearch.ElasticsearchSink;
import dev.itsm.connectors.elasticsearch.VersionedDocuments;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaConnectors;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.TopicSetup;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.core.model.SloStatus;
import dev.itsm.jobs.ChangelogIndexer;
import dev.itsm.jobs.ConfigFiles;
import dev.itsm.jobs.JobEnvironments;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;

/**
 * Copies the incidents, alerts, SLA and SLO changelog topics into the {@code itsm-incidents}, {@code itsm-alerts},
 * {@code itsm-sla} and {@code itsm-slo} indices.
 *
 * <p>Kept apart from the incident logic on purpose: Elasticsearch indexes a few thousand documents a second on a
 * small node, far fewer than the incident job handles alerts, and a sink's backpressure would slow everything
 * upstream of it. Fed from Kafka, Elasticsearch only lags (the consumer lag of group {@code PREFIX-indexer} says by
 * how much) while incidents keep flowing. Replays are harmless: documents carry their revision as external version.
 * Runs inside the incident job by default ({@code itsm.elasticsearch.enabled}), or alone through {@link #main}.
 */
public final class IndexerJob {
    static final String JOB_ID = "indexer";

    private IndexerJob() {
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = ConfigFiles.fromArgs(List.of(args));
        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        build(env, conf, false);
        env.execute("itsm indexer");
    }

    /** Adds the indexing pipelines to the environment. */
    public static void build(StreamExecutionEnvironment env, Configuration conf, boolean bounded) {
        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        TopicSetup.ensureTopics(kafka, conf.get(KafkaOptions.TOPIC_PARTITIONS), List.of(Topics.INCIDENTS, Topics.ALERTS));
        ElasticsearchConfig elasticsearch = ElasticsearchConfig.fromConfiguration(conf);
        var incidents = KafkaConnectors.jsonSource(kafka, Incident.class, Topics.INCIDENTS, JOB_ID);
        var alerts = KafkaConnectors.jsonSource(kafka, AlertUpdate.class, Topics.ALERTS, JOB_ID);
        if (bounded) {
            incidents.setBounded(OffsetsInitializer.latest());
            alerts.setBounded(OffsetsInitializer.latest());
        }
        env.fromSource(incidents.build(), WatermarkStrategy.noWatermarks(), "incidents topic").uid("indexer-incidents-source")
                .sinkTo(ElasticsearchSink.<Incident>builder().setConfiguration(conf)
                        .setDocumentMapper(VersionedDocuments.into(elasticsearch.index("incidents"))).build())
                .uid("incidents-index-sink").name("incidents to Elasticsearch");
        env.fromSource(alerts.build(), WatermarkStrategy.noWatermarks(), "alerts topic").uid("indexer-alerts-source")
                .sinkTo(ElasticsearchSink.<AlertUpdate>builder().setConfiguration(conf)
                        .setDocumentMapper(AlertDocuments.into(elasticsearch.index("alerts"))).build())
                .uid("alerts-index-sink").name("alerts to Elasticsearch");
        // its own consumer group, as when the SLA clocks were a job of their own
        ChangelogIndexer.build(env, conf, bounded, SlaStatus.class, Topics.SLA, "sla", "sla-indexer");
        ChangelogIndexer.build(env, conf, bounded, SloStatus.class, Topics.SLO, "slo", "slo-indexer");
    }
}
