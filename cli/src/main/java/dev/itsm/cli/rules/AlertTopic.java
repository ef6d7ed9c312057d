package dev.itsm.cli.rules;

import dev.itsm.connectors.kafka.RawRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * A stretch of a raw alerts topic to replay, as {@code itsm rules replay --alerts TOPIC[:FROM..TO]} names it, and its
 * reading with a plain consumer: no consumer group, nothing committed, nothing written.
 *
 * <p>{@code FROM} and {@code TO} are each an RFC 3339 time (a record's timestamp: the first record at or after it, in
 * each partition, as Kafka's offsets-for-times finds it) or {@code @OFFSET} (that offset in every partition); either
 * may be left out: the start, the end of the topic as of the start of the reading. {@code FROM} is included,
 * {@code TO} is not.
 *
 * <pre>{@code
 * AlertTopic range = AlertTopic.parse("itsm.alerts.raw:2026-11-28T09:00:00Z..2026-11-28T10:00:00Z");
 * List<RawRecord> records = range.read(kafka.clientConfig(), read -> System.err.println(read));
 * }</pre>
 *
 * @param topic the topic's full name
 * @param from  where to start; null: at each partition's first record
 * @param to    where to stop, exclusive; null: at each partition's end as of the start of the reading
 */
public record AlertTopic(String topic, Bound from, Bound to) {
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    /** How long without a record before the reading gives up, unless {@code default.api.timeout.ms} says otherwise. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** How often the progress is told. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    /** One end of the stretch: a time or an offset. */
    public record Bound(Instant time, Long offset) {
        @Override
        public String toString() {
            return time != null ? time.toString() : "@" + offset;
        }
    }

    /**
     * Reads {@code TOPIC}, {@code TOPIC:FROM..TO}, {@code TOPIC:FROM..} or {@code TOPIC:..TO}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static AlertTopic parse(String spec) {
        int colon = spec.indexOf(':');
        String topic = colon < 0 ? spec : spec.substring(0, colon);
        if (!TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("'" + topic + "' is not a topic name (letters, digits, '.', '_', '-')");
        }
        if (colon < 0) {
            return new AlertTopic(topic, null, null);
        }
        String range = spec.substring(colon + 1);
        int dots = range.indexOf("..");
        if (dots < 0) {
            throw new IllegalArgumentException("'" + range + "' is not a range: write FROM..TO, FROM.. or ..TO (each an "
                    + "RFC 3339 time or @OFFSET)");
        }
        Bound from = bound(range.substring(0, dots));
        Bound to = bound(range.substring(dots + 2));
        if (from != null && to != null && from.time() != null && to.time() != null && !from.time().isBefore(to.time())) {
            throw new IllegalArgumentException("the range " + range + " is empty: " + from + " is not before " + to);
        }
        if (from != null && to != null && from.offset() != null && to.offset() != null && from.offset() >= to.offset()) {
            throw new IllegalArgumentException("the range " + range + " is empty: " + from + " is not before " + to);
        }
        return new AlertTopic(topic, from, to);
    }

    private static Bound bound(String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.startsWith("@")) {
            try {
                long offset = Long.parseLong(text.substring(1));
                if (offset >= 0) {
                    return new Bound(null, offset);
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException("'" + text + "' is not an offset (@ and a number, e.g. @1000)");
        }
        try {
            return new Bound(OffsetDateTime.parse(text).toInstant(), null);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 time (e.g. 2026-11-28T09:00:00Z) or "
                    + "an offset (@1000)");
        }
    }

    @Override
    public String toString() {
        return from == null && to == null ? topic
                : topic + ":" + (from == null ? "" : from) + ".." + (to == null ? "" : to);
    }

    /**
     * Reads the stretch: every partition assigned, from {@code from} to {@code to}, and the records of all partitions
     * merged into one stream by timestamp, each partition's records in their order (as the job interleaves
     * partitions by their watermarks). Holds every record in memory.
     *
     * @param client   the Kafka client settings ({@code KafkaConfig.clientConfig()}): bootstrap servers, security
     * @param progress told the number of records read so far, every few seconds and at the end
     * @throws NoSuchTopicException if the topic does not exist
     * @throws KafkaException       if Kafka cannot be reached or stops answering
     */
    public List<RawRecord> read(Properties client, LongConsumer progress) {
        Properties props = new Properties();
        props.putAll(client);
        props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(DEFAULT_TIMEOUT.toMillis()));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        Duration timeout = Duration.ofMillis(Long.parseLong(props.getProperty(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new NoSuchTopicException(topic);
            }
            List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(topic, info.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> start = offsets(consumer, from, partitions, first, end, first, timeout);
            Map<TopicPartition, Long> stop = offsets(consumer, to, partitions, first, end, end, timeout);
            Map<TopicPartition, List<RawRecord>> read = new HashMap<>();
            List<TopicPartition> open = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                read.put(partition, new ArrayList<>());
                if (start.get(partition) < stop.get(partition)) {
                    open.add(partition);
                }
            }
            consumer.assign(open);
            open.forEach(partition -> consumer.seek(partition, start.get(partition)));
            long count = 0;
            long lastRecord = System.nanoTime();
            long lastTold = System.nanoTime();
            while (!open.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < stop.get(partition)) {
                        read.get(partition).add(RawRecord.of(record));
                        count++;
                        lastRecord = System.nanoTime();
                    }
                }
                // a compacted topic or transaction markers leave gaps: a partition is done once its position passes the stop
                for (TopicPartition partition : List.copyOf(open)) {
                    if (consumer.position(partition, timeout) >= stop.get(partition)) {
                        open.remove(partition);
                        consumer.pause(List.of(partition));
                    }
                }
                if (!open.isEmpty() && System.nanoTime() - lastRecord > timeout.toNanos()) {
                    throw new KafkaException("no record of " + topic + " arrived for " + timeout.toSeconds() + " s, "
                            + count + " read");
                }
                if (System.nanoTime() - lastTold > PROGRESS_EVERY.toNanos()) {
                    progress.accept(count);
                    lastTold = System.nanoTime();
                }
            }
            progress.accept(count);
            return merge(partitions.stream().map(read::get).toList());
        }
    }

    /** Where {@code bound} lies in each partition, within its first and end offsets; {@code absent} without one. */
    private static Map<TopicPartition, Long> offsets(KafkaConsumer<byte[], byte[]> consumer, Bound bound,
                                                     List<TopicPartition> partitions, Map<TopicPartition, Long> first,
                                                     Map<TopicPartition, Long> end, Map<TopicPartition, Long> absent,
                                                     Duration timeout) {
        if (bound == null) {
            return absent;
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (bound.offset() != null) {
            partitions.forEach(p -> offsets.put(p, Math.max(first.get(p), Math.min(end.get(p), bound.offset()))));
            return offsets;
        }
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, bound.time().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times, timeout);
        partitions.forEach(p -> offsets.put(p, found.get(p) == null ? end.get(p) : found.get(p).offset()));
        return offsets;
    }

    /**
     * One stream of the partitions' records: always the partition whose next record is the earliest next (the
     * lowest partition on a tie), so each partition keeps its order, late records included.
     */
    static List<RawRecord> merge(List<List<RawRecord>> partitions) {
        List<RawRecord> merged = new ArrayList<>();
        PriorityQueue<int[]> heads = new PriorityQueue<>(Comparator
                .comparingLong((int[] head) -> partitions.get(head[0]).get(head[1]).timestamp())
                .thenComparingInt(head -> head[0]));
        for (int p = 0; p < partitions.size(); p++) {
            if (!partitions.get(p).isEmpty()) {
                heads.add(new int[] {p, 0});
            }
        }
        while (!heads.isEmpty()) {
            int[] head = heads.poll();
            List<RawRecord> partition = partitions.get(head[0]);
            merged.add(partition.get(head[1]));
            if (head[1] + 1 < partition.size()) {
                heads.add(new int[] {head[0], head[1] + 1});
            }
        }
        return merged;
    }

    /** The topic does not exist (or the client may not see it). */
    public static final class NoSuchTopicException extends RuntimeException {
        NoSuchTopicException(String topic) {
            super("no topic " + topic + " (or not visible to this client)");
        }
    }
}
