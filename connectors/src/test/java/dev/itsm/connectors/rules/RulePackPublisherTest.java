package dev.itsm.connectors.rules;

import dev.itsm.rules.RulePackLoader;
import dev.itsm.rules.RuleValidationException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulePackPublisherTest {
    private static final Instant NOW = Instant.parse("2026-11-29T07:10:00Z");

    @TempDir
    Path dir;

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    private RulePackPublisher publisher() {
        return new RulePackPublisher(producer, "itsm.rules", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Path defaultPackWith(String file, String text) throws IOException {
        for (Map.Entry<String, String> entry : RulePackLoader.defaultFiles().entrySet()) {
            Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
        }
        Files.writeString(dir.resolve(file), text);
        return dir;
    }

    @Test
    void shouldPublishTheFilesKeyedByThePacksNameAndSayWhichLineage() throws IOException {
        Path pack = defaultPackWith("README.md", "not a rule file, not published");

        RulePackRecord published;
        try (RulePackPublisher publisher = publisher()) {
            published = publisher.publish(pack);
        }

        assertThat(published.lineage()).isEqualTo(RulePackLoader.load(pack).lineage()).startsWith("default@");
        assertThat(published.files()).isEqualTo(RulePackLoader.defaultFiles());
        assertThat(producer.history()).hasSize(1);
        ProducerRecord<byte[], byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo("itsm.rules");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("default");
        assertThat(record.timestamp()).isEqualTo(NOW.toEpochMilli());
        RulePackRecord read = RulePackRecord.fromJson(record.value());
        assertThat(read).isEqualTo(published);
        assertThat(read.publishedAt()).isEqualTo(NOW);
        assertThat(read.compile().lineage()).isEqualTo(published.lineage());
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void shouldRefuseAnInvalidPackAndSendNothing() throws IOException {
        Path pack = defaultPackWith("timing.yaml", "resolve-hold: 5 minutes\n");

        assertThatThrownBy(() -> publisher().publish(pack))
                .isInstanceOf(RuleValidationException.class)
                .satisfies(e -> assertThat(((RuleValidationException) e).problems()).singleElement().asString()
                        .contains("timing.yaml").contains("resolve-hold"));
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldRefuseAMissingFolder() {
        assertThatThrownBy(() -> publisher().publish(dir.resolve("nowhere")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no rule pack folder at");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldFailNamingThePackTheBrokerRefused() throws IOException {
        Path pack = defaultPackWith("README.md", "");
        MockProducer<byte[], byte[]> refusing = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
                return CompletableFuture.failedFuture(new RecordTooLargeException("the record is too large"));
            }
        };
        RulePackPublisher publisher = new RulePackPublisher(refusing, "itsm.rules", Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> publisher.publish(pack))
                .isInstanceOf(KafkaException.class)
                .hasMessageStartingWith("cannot publish rule pack default@")
                .hasMessageEndingWith(" to itsm.rules: the record is too large");
    }
}
