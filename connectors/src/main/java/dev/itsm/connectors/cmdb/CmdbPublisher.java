package dev.itsm.connectors.cmdb;

import dev.itsm.connectors.kafka.AcknowledgedProducers;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Publishes CMDB changes to the {@code itsm.cmdb} topic with a plain Kafka producer, outside Flink (for the demo and
 * {@code itsm cmdb publish}). Each call returns only when the broker has acknowledged every record.
 *
 * <pre>{@code
 * CmdbSnapshot snapshot = CmdbFiles.load(Path.of("demo/cmdb.json")).snapshot();
 * try (CmdbPublisher publisher = CmdbPublisher.create(kafka.bootstrapServers(), kafka.topic(Topics.CMDB))) {
 *     CmdbPublishResult result = publisher.publish(snapshot);
 * }
 * }</pre>
 *
 * Publishing a snapshot upserts; it deletes nothing that is missing from it (that needs the previous state: send
 * {@link CmdbChange#deleteItem} / {@link CmdbChange#deleteRelation} with {@link #publish(List)}).
 */
public final class CmdbPublisher implements AutoCloseable {
    private final Producer<byte[], byte[]> producer;
    private final String topic;

    /** Uses (and on {@link #close()} closes) the given producer, e.g. Kafka's {@code MockProducer} in a test. */
    public CmdbPublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /** A publisher with its own idempotent producer ({@code acks=all}). */
    public static CmdbPublisher create(String bootstrapServers, String topic) {
        return new CmdbPublisher(AcknowledgedProducers.create(bootstrapServers, "itsm-cmdb-publisher",
                Map.of(ProducerConfig.LINGER_MS_CONFIG, "5")), topic);
    }

    /** Upserts every CI, then every relation (so a reader meets few relations to CIs it has not seen yet). */
    public CmdbPublishResult publish(CmdbSnapshot snapshot) {
        return publish(snapshot.changes());
    }

    /**
     * Sends the changes in order and waits for every acknowledgement.
     *
     * @throws KafkaException naming the first record the broker did not accept
     */
    public CmdbPublishResult publish(List<CmdbChange> changes) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(changes.size());
        int items = 0;
        int relations = 0;
        int deletes = 0;
        for (CmdbChange change : changes) {
            sent.add(producer.send(CmdbCodec.toRecord(topic, change)));
            if (change.deleted()) {
                deletes++;
            } else if (change.kind() == CmdbChange.Kind.CI) {
                items++;
            } else {
                relations++;
            }
        }
        producer.flush();
        for (int i = 0; i < sent.size(); i++) {
            await(sent.get(i), changes.get(i));
        }
        return new CmdbPublishResult(items, relations, deletes);
    }

    private void await(Future<RecordMetadata> future, CmdbChange change) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            throw new KafkaException("cannot publish '" + change.key() + "' to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
