package dev.itsm.cli.demo;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Replays a {@link Scenario} to a Kafka topic (the raw alerts topic), as the monitoring systems would have sent it.
 *
 * <p>Each entry becomes one record: value = the payload bytes, header {@value #FORMAT_HEADER} = the entry's format,
 * no key, and <b>timestamp = base + at</b>: the event time is fixed by the scenario, so the jobs reach the same
 * result whatever the speed and whenever the replay runs. Entries are sent in file order, the first at once and each
 * next one {@code (at - first at) / speed} of wall-clock time after the start; speed 0 or infinity sends as fast as
 * possible.
 *
 * <pre>{@code
 * Scenario scenario = Scenario.load(Path.of("demo/scenario.jsonl"));
 * try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
 *     new ScenarioPlayer(producer, kafka.topic(Topics.ALERTS_RAW), 60)   // a simulated minute per second
 *             .play(scenario, (sent, total, time) -> System.out.printf("%d/%d %s%n", sent, total, time));
 * }
 * }</pre>
 */
public final class ScenarioPlayer {

    /** The header naming the payload's format; the same as the alert parser's {@code AlertParser.FORMAT_HEADER}. */
    public static final String FORMAT_HEADER = "itsm.format";

    /** Told after each record is handed to the producer. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param sent          how many records were handed over so far, 1..total
         * @param total         how many the scenario has
         * @param simulatedTime the event time of the record just sent (base + at)
         */
        void sent(int sent, int total, Instant simulatedTime);
    }

    /** The wall clock, replaceable in tests. */
    interface Pacer {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    private static final Pacer SYSTEM = new Pacer() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    };

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final double speed;
    private final Pacer pacer;

    /**
     * @param producer used, not closed
     * @param speed    simulated time per wall-clock time: 1 is real time, 60 a simulated minute per second; 0 or
     *                 {@link Double#POSITIVE_INFINITY} as fast as possible
     */
    public ScenarioPlayer(Producer<byte[], byte[]> producer, String topic, double speed) {
        this(producer, topic, speed, SYSTEM);
    }

    ScenarioPlayer(Producer<byte[], byte[]> producer, String topic, double speed, Pacer pacer) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        if (Double.isNaN(speed) || speed < 0) {
            throw new IllegalArgumentException("speed must be > 0 (1 = real time, 60 = a simulated minute per second), "
                    + "or 0 for as fast as possible, but was " + speed);
        }
        this.speed = speed;
        this.pacer = Objects.requireNonNull(pacer, "pacer");
    }

    /** The record one entry becomes. */
    public static ProducerRecord<byte[], byte[]> toRecord(String topic, Instant base, ScenarioEntry entry) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(FORMAT_HEADER, entry.format().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, entry.time(base).toEpochMilli(), null, entry.payload(), headers);
    }

    /**
     * Sends every entry, paced, and returns when the broker has acknowledged all of them.
     *
     * @return how many records were sent
     * @throws KafkaException        naming the scenario line of the first record the broker refused
     * @throws InterruptedException  if interrupted while pacing (what was sent so far stays sent)
     */
    public int play(Scenario scenario, Progress progress) throws InterruptedException {
        Objects.requireNonNull(progress, "progress");
        List<ScenarioEntry> entries = scenario.entries();
        AtomicReference<KafkaException> failure = new AtomicReference<>();
        boolean paced = speed > 0 && !Double.isInfinite(speed);
        long start = pacer.nanoTime();
        Duration first = entries.isEmpty() ? Duration.ZERO : entries.get(0).at();
        for (int i = 0; i < entries.size(); i++) {
            ScenarioEntry entry = entries.get(i);
            if (paced) {
                long due = start + (long) (entry.at().minus(first).toNanos() / speed);
                long wait = due - pacer.nanoTime();
                if (wait > 0) {
                    pacer.sleepNanos(wait);
                }
            }
            throwIfFailed(failure);
            producer.send(toRecord(topic, scenario.base(), entry), (metadata, exception) -> {
                if (exception != null) {
                    failure.compareAndSet(null, new KafkaException("cannot send line " + entry.line() + " of "
                            + scenario.source() + " to " + topic + ": " + exception.getMessage(), exception));
                }
            });
            progress.sent(i + 1, entries.size(), entry.time(scenario.base()));
        }
        producer.flush();
        throwIfFailed(failure);
        return entries.size();
    }

    private static void throwIfFailed(AtomicReference<KafkaException> failure) {
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
