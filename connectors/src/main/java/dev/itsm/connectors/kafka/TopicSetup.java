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

    private TopicSetup() {
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
                NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty());
                if (COMPACTED.contains(name)) {
                    newTopic.configs(Map.of("cleanup.policy", "compact"));
                }
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
