package dev.itsm.connectors.cmdb;

import dev.itsm.core.model.Relation;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CmdbPublisherTest {

    private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<String> keys(MockProducer<byte[], byte[]> producer) {
        return producer.history().stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void shouldPublishEveryCiBeforeAnyRelationAndCountThem() {
        MockProducer<byte[], byte[]> producer = producer(true);
        CmdbSnapshot shop = TestingCmdb.shop();

        CmdbPublishResult result;
        try (CmdbPublisher publisher = new CmdbPublisher(producer, "itsm.cmdb")) {
            result = publisher.publish(shop);
        }

        assertThat(result).isEqualTo(new CmdbPublishResult(13, 12, 0));
        assertThat(result.total()).isEqualTo(25);
        assertThat(keys(producer).subList(0, 13)).allMatch(k -> k.startsWith("ci:"));
        assertThat(keys(producer).subList(13, 25)).allMatch(k -> k.startsWith("relation:"));
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly("itsm.cmdb");
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void shouldPublishDeletesAsTombstones() {
        MockProducer<byte[], byte[]> producer = producer(true);
        Relation relation = TestingCmdb.shop().relations().get(0);

        CmdbPublishResult result = new CmdbPublisher(producer, "itsm.cmdb").publish(List.of(
                CmdbChange.deleteItem("host-legacy"), CmdbChange.deleteRelation(relation.id()), CmdbChange.upsert(relation)));

        assertThat(result).isEqualTo(new CmdbPublishResult(0, 1, 2));
        assertThat(producer.history().get(0).value()).isNull();
        assertThat(producer.history().get(1).value()).isNull();
        assertThat(keys(producer)).containsExactly("ci:host-legacy", "relation:" + relation.id(), "relation:" + relation.id());
    }

    @Test
    void shouldFailNamingTheRecordTheBrokerRefused() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
                return new String(record.key(), StandardCharsets.UTF_8).equals("ci:b")
                        ? CompletableFuture.failedFuture(new RecordTooLargeException("the record is too large"))
                        : super.send(record);
            }
        };
        CmdbPublisher publisher = new CmdbPublisher(producer, "itsm.cmdb");

        assertThatThrownBy(() -> publisher.publish(List.of(CmdbChange.deleteItem("a"), CmdbChange.deleteItem("b"))))
                .isInstanceOf(KafkaException.class)
                .hasMessage("cannot publish 'ci:b' to itsm.cmdb: the record is too large")
                .hasCauseInstanceOf(RecordTooLargeException.class);
    }
}
