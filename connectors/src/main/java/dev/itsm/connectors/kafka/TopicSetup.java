package dev.itsm.connectors.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the project's topics that do not exist yet, so a job started against a fresh Kafka runs instead of failing
 * over and over on a missing topic. Existing topics are left exactly as they are.
 */
public final class TopicSetup {
    /** Topics holding the latest state per key: compacted. */
    private static final Set<String> COMPACTED = Set.of(Topics.CMDB, Topics.RULES, Topics.INCIDENTS, Topics.ALERTS);

    /**
     * Largest record the raw alerts topic takes (its {@code max.message.bytes}): 16 MiB, far above the job's own
     * limit (ingest.yaml {@code max-payload-size}, 1 MiB by default), so that an oversized payload reaches the job and
     * is dead-lettered with its reason and counted, instead of being refused to a producer nobody watches.
     */
    public static final int RAW_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /** The dead-letter topic takes whatever the raw topic took, with the dead letter's headers on top. */
    public static final int DLQ_MAX_MESSAGE_BYTES = RAW_MAX_MESSAGE_BYTES + 64 * 1024;

    private TopicSetup() {
    }

    /** The topic configs the project creates a topic with (name without the prefix): compaction, message size. */
    public static Map<String, String> configs(String name) {
        if (COMPACTED.contains(name)) {
            return Map.of("cleanup.policy", "compact");
        }
        return switch (name) {
            case Topics.ALERTS_RAW -> Map.of("max.message.bytes", String.valueOf(RAW_MAX_MESSAGE_BYTES));
            case Topics.ALERTS_DLQ -> Map.of("max.message.bytes", String.valueOf(DLQ_MAX_MESSAGE_BYTES));
            default -> Map.of();
        };
    }

    /**
     * @return the full names of the topics it created
     * @throws IllegalStateException naming the broker and the reason when Kafka cannot be reached or refuses
     */
    public static List<String> ensureTopics(KafkaConfig kafka, int partitions, List<String> names) {
        Properties props = kafka.clientConfig();
        List<String> created = new ArrayList<>();
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (String name : names) {
                String topic = kafka.topic(name);
                if (existing.contains(topic)) {
                    continue;
                }
                NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs(name));
                try {
                    admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
                    created.add(topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics on " + kafka.bootstrapServers(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the topics on " + kafka.bootstrapServers() + " ("
                    + KafkaOptions.BOOTSTRAP_SERVERS.key() + "): " + e.getMessage(), e);
        }
        return created;
    }
}
