package dev.itsm.connectors.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How many records consumer groups have not committed yet. The Flink Kafka sources commit on each completed
 * checkpoint, so 0 means a job has read everything and what it made of it is in its sinks.
 *
 * <pre>{@code
 * long behind = ConsumerLag.of(kafka, kafka.groupId("incident-job"), Topics.ALERTS_RAW);
 * }</pre>
 */
public final class ConsumerLag {
    private static final long TIMEOUT_SECONDS = 30;

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
            return behind(admin, group, List.of(name));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + kafka.bootstrapServers() + " for the lag of " + group, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot get the lag of consumer group " + group + " on " + name + " from "
                    + kafka.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The summed lag of every consumer group named {@code groupPrefix-*}, each over every partition of every topic it
     * has committed offsets on: what a whole deployment (its jobs and indexers) has not read yet.
     */
    public static long ofGroups(Admin admin, String groupPrefix) throws ExecutionException, InterruptedException, TimeoutException {
        long lag = 0;
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            if (group.groupId().startsWith(groupPrefix + "-")) {
                lag += behind(admin, group.groupId(), null);
            }
        }
        return lag;
    }

    /** The group's lag over every partition of {@code topics}, or of the topics it committed on when null. */
    private static long behind(Admin admin, String group, Collection<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Collection<String> names = topics != null ? topics : committed.keySet().stream().map(TopicPartition::topic).distinct().toList();
        if (names.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((name, description) ->
                description.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        long behind = 0;
        for (var end : admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            behind += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
        }
        return behind;
    }
}
