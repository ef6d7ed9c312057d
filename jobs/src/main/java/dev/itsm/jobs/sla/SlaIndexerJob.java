package dev.itsm.jobs.sla;

import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.elasticsearch.ElasticsearchSink;
import dev.itsm.connectors.elasticsearch.VersionedDocuments;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaConnectors;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.TopicSetup;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.jobs.ConfigFiles;
import dev.itsm.jobs.JobEnvironments;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;

/**
 * Copies the SLA changelog topic into the {@code itsm-sla} index: each clock by id, its revision as the external
 * version, so a replayed or late older revision never overwrites a newer one. Fed from Kafka so that
 * Elasticsearch's pace never holds the clocks back. Runs inside the SLA job by default
 * ({@code itsm.elasticsearch.enabled}), or alone through {@link #main}.
 */
public final class SlaIndexerJob {
    static final String JOB_ID = "sla-indexer";

    private SlaIndexerJob() {
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = ConfigFiles.fromArgs(List.of(args));
        StreamExecutionEnvironment env = JobEnvironments.create(conf);
        build(env, conf, false);
        env.execute("itsm sla indexer");
    }

    /** Adds the indexing pipeline to the environment. */
    public static void build(StreamExecutionEnvironment env, Configuration conf, boolean bounded) {
        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        TopicSetup.ensureTopics(kafka, conf.get(KafkaOptions.TOPIC_PARTITIONS), List.of(Topics.SLA));
        ElasticsearchConfig elasticsearch = ElasticsearchConfig.fromConfiguration(conf);
        var statuses = KafkaConnectors.jsonSource(kafka, SlaStatus.class, Topics.SLA, JOB_ID);
        if (bounded) {
            statuses.setBounded(OffsetsInitializer.latest());
        }
        env.fromSource(statuses.build(), WatermarkStrategy.noWatermarks(), "sla topic")
                .uid("sla-indexer-source")
                .sinkTo(ElasticsearchSink.<SlaStatus>builder().setConfiguration(conf)
                        .setDocumentMapper(VersionedDocuments.into(elasticsearch.index("sla"))).build())
                .uid("sla-index-sink").name("sla to Elasticsearch");
    }
}
