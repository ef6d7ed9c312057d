package dev.itsm.connectors.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How many records of a topic a job's consumer group has not committed yet. The Flink Kafka sources commit on each
 * completed checkpoint, so 0 means the job has read the whole topic and everything it made of it is in its sinks.
 *
 * <pre>{@code
 * long behind = ConsumerLag.of(kafka, kafka.groupId("incident-job"), Topics.ALERTS_RAW);
 * }</pre>
 */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    /**
     * The records of {@code topic} (one of the {@link Topics}, under the configured prefix) after the group's committed
     * offsets, over all partitions; a partition the group has not committed on counts whole.
     *
     * @throws IllegalStateException naming the broker when Kafka cannot answer within 30 s
     */
    public static long of(KafkaConfig kafka, String group, String topic) {
        String name = kafka.topic(topic);
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(java.util.List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name).partitions()
                    .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long behind = 0;
            for (var end : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                behind += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
            }
            return behind;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + kafka.bootstrapServers() + " for the lag of " + group, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot get the lag of consumer group " + group + " on " + name + " from "
                    + kafka.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }
}
