package dev.itsm.jobs;

import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.elasticsearch.ElasticsearchSink;
import dev.itsm.connectors.elasticsearch.VersionedDocuments;
import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.KafkaConnectors;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.connectors.kafka.TopicSetup;
import dev.itsm.core.model.Versioned;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;

/**
 * Copies a changelog topic of versioned records into an Elasticsearch index: each record by id, its revision as the
 * external version, so a replayed or late older revision never overwrites a newer one. Fed from Kafka, so that
 * Elasticsearch's pace never holds the job that writes the topic back.
 *
 * <pre>{@code
 * ChangelogIndexer.build(env, conf, bounded, Problem.class, Topics.PROBLEMS, "problems", "problem-indexer");
 * }</pre>
 */
public final class ChangelogIndexer {

    private ChangelogIndexer() {
    }

    /**
     * Adds the pipeline to the environment.
     *
     * @param index the index name without prefix ({@code problems} → {@code itsm-problems})
     * @param jobId names the consumer group and the operators
     */
    public static <T extends Versioned> void build(StreamExecutionEnvironment env, Configuration conf, boolean bounded,
                                                   Class<T> type, String topic, String index, String jobId) {
        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        TopicSetup.ensureTopics(kafka, conf.get(KafkaOptions.TOPIC_PARTITIONS), List.of(topic));
        ElasticsearchConfig elasticsearch = ElasticsearchConfig.fromConfiguration(conf);
        var source = KafkaConnectors.jsonSource(kafka, type, topic, jobId);
        if (bounded) {
            source.setBounded(OffsetsInitializer.latest());
        }
        env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), topic + " topic")
                .uid(jobId + "-source")
                .sinkTo(ElasticsearchSink.<T>builder().setConfiguration(conf)
                        .setDocumentMapper(VersionedDocuments.into(elasticsearch.index(index))).build())
                .uid(index + "-index-sink").name(index + " to Elasticsearch");
    }
}
