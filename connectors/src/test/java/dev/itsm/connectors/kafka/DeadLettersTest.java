package dev.itsm.connectors.kafka;

import dev.itsm.core.model.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLettersTest {

    private static ConsumerRecord<byte[], byte[]> consumed(ProducerRecord<byte[], byte[]> sent) {
        return new ConsumerRecord<>(sent.topic(), 0, 7L, sent.timestamp(), TimestampType.CREATE_TIME, 0, sent.value().length,
                sent.key(), sent.value(), sent.headers(), Optional.empty());
    }

    @Test
    void shouldKeepTheOriginalBytesExactlyAndTheReasonInHeaders() {
        byte[] original = {'{', '"', 'a', (byte) 0xC3, 0x28};
        DeadLetter letter = DeadLetter.of(original, DeadLetter.NOT_JSON, "invalid UTF-8 at byte 3", "alertmanager",
                Instant.parse("2026-11-28T10:00:00Z")).withOrigin("itsm.alerts.raw", 2, 41L);

        ProducerRecord<byte[], byte[]> record = DeadLetters.toRecord("itsm.alerts.dlq", letter);

        assertThat(record.value()).isEqualTo(original);
        assertThat(new String(record.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo("invalid UTF-8 at byte 3");
        assertThat(record.timestamp()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z").toEpochMilli());
        assertThat(DeadLetters.fromRecord(consumed(record))).isEqualTo(letter);
    }

    @Test
    void shouldRoundTripALetterWithoutOriginOrSource() {
        DeadLetter letter = DeadLetter.of("x".getBytes(StandardCharsets.UTF_8), DeadLetter.UNKNOWN_FORMAT, "no adapter for 'foo'",
                null, Instant.parse("2026-11-28T10:00:00Z"));

        assertThat(DeadLetters.fromRecord(consumed(DeadLetters.toRecord("dlq", letter)))).isEqualTo(letter);
    }
}
