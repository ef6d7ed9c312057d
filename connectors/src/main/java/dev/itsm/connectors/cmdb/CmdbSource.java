package dev.itsm.connectors.cmdb;

import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.Topics;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.Objects;

/**
 * The Flink source of the {@code itsm.cmdb} topic ({@link Topics#CMDB} under the configured prefix).
 *
 * <pre>{@code
 * KafkaSource<CmdbRecord> cmdb = CmdbSource.builder(kafka, "incident-job").build();
 * DataStream<CmdbRecord> records = env.fromSource(cmdb, WatermarkStrategy.noWatermarks(), "cmdb");
 * // records with change() != null feed the broadcast state; rejected() ones go to the dead-letter sink
 * }</pre>
 *
 * Like the other sources it starts from the group's committed offsets, or from the earliest record for a new group
 * (a compacted topic read from the start is the whole current CMDB), and commits on checkpoints.
 */
public final class CmdbSource {

    private CmdbSource() {
    }

    // Flink's OffsetsInitializer takes only Kafka's deprecated OffsetResetStrategy
    @SuppressWarnings("deprecation")
    public static KafkaSourceBuilder<CmdbRecord> builder(KafkaConfig kafka, String job) {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(job, "job");
        return KafkaSource.<CmdbRecord>builder()
                .setProperties(kafka.clientConfig())
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(kafka.topic(Topics.CMDB))
                .setGroupId(kafka.groupId(job))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setDeserializer(new CmdbRecordDeserializer());
    }
}
