package dev.itsm.cli.demo;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioPlayerTest {
    private static final Scenario SCENARIO = Scenario.parse("s.jsonl", String.join("\n",
            "{\"at\": \"PT10S\", \"format\": \"alertmanager\", \"payload\": {\"version\": \"4\"}}",
            "{\"at\": \"PT70S\", \"format\": \"zabbix\", \"payload\": {\"event_id\": \"7\"}}",
            "{\"at\": \"PT40S\", \"format\": \"nagios\", \"payload_text\": \"not json\"}",
            "{\"at\": \"PT130S\", \"format\": \"generic\", \"payload\": {\"name\": \"x\"}}"), Scenario.DEFAULT_BASE);

    /** A wall clock that only moves when the player sleeps. */
    private static final class TestingPacer implements ScenarioPlayer.Pacer {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    private static MockProducer<byte[], byte[]> producer() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void shouldStampEachRecordWithBasePlusAtAndNameItsFormat() throws InterruptedException {
        MockProducer<byte[], byte[]> producer = producer();

        int sent = new ScenarioPlayer(producer, "itsm.alerts.raw", 0).play(SCENARIO, (n, total, time) -> { });

        assertThat(sent).isEqualTo(4);
        List<ProducerRecord<byte[], byte[]>> records = producer.history();
        assertThat(records).extracting(ProducerRecord::topic).containsOnly("itsm.alerts.raw");
        assertThat(records).extracting(ProducerRecord::timestamp).containsExactly(
                Instant.parse("2026-01-15T09:00:10Z").toEpochMilli(), Instant.parse("2026-01-15T09:01:10Z").toEpochMilli(),
                Instant.parse("2026-01-15T09:00:40Z").toEpochMilli(), Instant.parse("2026-01-15T09:02:10Z").toEpochMilli());
        assertThat(records).extracting(r -> text(r.headers().lastHeader(ScenarioPlayer.FORMAT_HEADER).value()))
                .containsExactly("alertmanager", "zabbix", "nagios", "generic");
        assertThat(records).extracting(r -> text(r.value()))
                .containsExactly("{\"version\":\"4\"}", "{\"event_id\":\"7\"}", "not json", "{\"name\":\"x\"}");
        assertThat(records).extracting(ProducerRecord::key).containsOnlyNulls();
        assertThat(producer.flushed()).isTrue();
    }

    @Test
    void shouldPaceByScenarioTimeDividedBySpeedFromTheFirstEntry() throws InterruptedException {
        TestingPacer pacer = new TestingPacer();

        new ScenarioPlayer(producer(), "raw", 10, pacer).play(SCENARIO, (n, total, time) -> { });

        // 10 s -> 70 s is 6 s at speed 10; the entry at 40 s is late and goes at once; 70 s -> 130 s is 6 s
        assertThat(pacer.sleeps).containsExactly(6_000_000_000L, 6_000_000_000L);
    }

    @Test
    void shouldNotWaitAtSpeedZeroOrInfinity() throws InterruptedException {
        TestingPacer pacer = new TestingPacer();

        new ScenarioPlayer(producer(), "raw", 0, pacer).play(SCENARIO, (n, total, time) -> { });
        new ScenarioPlayer(producer(), "raw", Double.POSITIVE_INFINITY, pacer).play(SCENARIO, (n, total, time) -> { });

        assertThat(pacer.sleeps).isEmpty();
    }

    @Test
    void shouldReportProgressWithSimulatedTime() throws InterruptedException {
        List<String> progress = new ArrayList<>();

        new ScenarioPlayer(producer(), "raw", 0).play(SCENARIO, (n, total, time) -> progress.add(n + "/" + total + " " + time));

        assertThat(progress).containsExactly("1/4 2026-01-15T09:00:10Z", "2/4 2026-01-15T09:01:10Z",
                "3/4 2026-01-15T09:00:40Z", "4/4 2026-01-15T09:02:10Z");
    }

    @Test
    void shouldFailNamingTheLineTheBrokerRefused() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized void flush() {
                completeNext();
                errorNext(new RecordTooLargeException("the record is too large"));
                super.flush();
            }
        };

        assertThatThrownBy(() -> new ScenarioPlayer(producer, "raw", 0).play(SCENARIO, (n, total, time) -> { }))
                .isInstanceOf(KafkaException.class)
                .hasMessage("cannot send line 2 of s.jsonl to raw: the record is too large");
    }

    @Test
    void shouldRejectANegativeOrUndefinedSpeed() {
        assertThatThrownBy(() -> new ScenarioPlayer(producer(), "raw", -1))
                .hasMessage("speed must be > 0 (1 = real time, 60 = a simulated minute per second), or 0 for as fast as possible, but was -1.0");
        assertThatThrownBy(() -> new ScenarioPlayer(producer(), "raw", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
