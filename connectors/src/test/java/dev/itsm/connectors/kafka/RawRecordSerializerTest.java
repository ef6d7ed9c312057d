package dev.itsm.connectors.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A raw record goes out as it came in: value, key, timestamp and headers; its origin is not written. */
class RawRecordSerializerTest {

    @Test
    void shouldWriteValueKeyTimestampAndHeadersToTheSinksTopic() {
        var record = new RawRecord("", -1, -1, 1_700_000_000_000L, bytes("svc-shop"), bytes("{\"name\":\"x\"}"),
                Map.of("itsm.format", "slo", "b", "2"));

        ProducerRecord<byte[], byte[]> out = new RawRecordSerializer("itsm.alerts.raw").serialize(record, null, 42L);

        assertThat(out.topic()).isEqualTo("itsm.alerts.raw");
        assertThat(out.partition()).isNull();
        assertThat(out.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(out.key()).isEqualTo(bytes("svc-shop"));
        assertThat(out.value()).isEqualTo(bytes("{\"name\":\"x\"}"));
        assertThat(out.headers().toArray()).extracting(h -> h.key(), h -> new String(h.value(), StandardCharsets.UTF_8))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", "2"),
                        org.assertj.core.groups.Tuple.tuple("itsm.format", "slo"));
    }

    @Test
    void shouldFallBackToTheSinksTimestampWhenTheRecordHasNone() {
        var record = new RawRecord("", -1, -1, -1, null, bytes("{}"), null);

        ProducerRecord<byte[], byte[]> out = new RawRecordSerializer("t").serialize(record, null, 42L);

        assertThat(out.timestamp()).isEqualTo(42L);
        assertThat(out.key()).isNull();
        assertThat(out.headers().toArray()).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
