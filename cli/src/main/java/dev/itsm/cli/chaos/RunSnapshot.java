package dev.itsm.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.connectors.kafka.DeadLetters;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.model.Versioned;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The final contents of one run: every document of its itsm indices by index and id, the latest revision of every
 * incident on its incidents topic, and the original bytes of every dead letter.
 *
 * @param documents   kind ({@code incidents}, {@code alerts}, {@code problems}, {@code sla}, {@code slo}, and
 *                    {@code incidents topic}) → id → document
 * @param deadLetters the values on the dead-letter topic, as text, once each, with their error type
 */
record RunSnapshot(Map<String, Map<String, JsonNode>> documents, Map<String, String> deadLetters) {
    static final List<String> INDICES = List.of("incidents", "alerts", "problems", "sla", "slo");
    static final String INCIDENTS_TOPIC = "incidents topic";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One search reads an index; a run writes a few thousand documents at most. */
    private static final int MAX_DOCUMENTS = 10_000;

    Map<String, JsonNode> of(String kind) {
        return documents.getOrDefault(kind, Map.of());
    }

    /** Reads a run's indices ({@code indexPrefix-*}) and topics ({@code topicPrefix.*}). */
    static RunSnapshot read(String elasticsearchUrl, String indexPrefix, String bootstrapServers, String topicPrefix) throws IOException {
        Map<String, Map<String, JsonNode>> documents = new TreeMap<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        request(http, elasticsearchUrl + "/" + indexPrefix + "-*/_refresh", null);
        for (String kind : INDICES) {
            JsonNode answer = request(http, elasticsearchUrl + "/" + indexPrefix + "-" + kind
                    + "/_search?ignore_unavailable=true", "{\"size\": " + MAX_DOCUMENTS + ", \"track_total_hits\": true}");
            long total = answer.path("hits").path("total").path("value").asLong();
            if (total >= MAX_DOCUMENTS) {
                throw new IllegalStateException(indexPrefix + "-" + kind + " holds " + total + " documents, more than a snapshot reads");
            }
            Map<String, JsonNode> byId = new TreeMap<>();
            answer.path("hits").path("hits").forEach(hit -> byId.put(hit.path("_id").asText(), hit.path("_source")));
            documents.put(kind, byId);
        }
        Map<String, JsonNode> latest = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : readTopic(bootstrapServers, topicPrefix + "." + Topics.INCIDENTS)) {
            JsonNode incident = JSON.readTree(record.value());
            String key = new String(record.key(), StandardCharsets.UTF_8);
            JsonNode known = latest.get(key);
            // at-least-once: a revision may come twice, and a replay may write older revisions after newer ones
            if (known == null || revision(incident) >= revision(known)) {
                latest.put(key, incident);
            }
        }
        documents.put(INCIDENTS_TOPIC, latest);
        Map<String, String> deadLetters = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : readTopic(bootstrapServers, topicPrefix + "." + Topics.ALERTS_DLQ)) {
            Header type = record.headers().lastHeader(DeadLetters.ERROR_TYPE);
            deadLetters.put(new String(record.value(), StandardCharsets.UTF_8),
                    type == null ? "" : new String(type.value(), StandardCharsets.UTF_8));
        }
        return new RunSnapshot(documents, deadLetters);
    }

    /** Writes the snapshot as one JSON file, for a look at what differed. */
    void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        documents.forEach((kind, byId) -> {
            ObjectNode docs = root.putObject(kind);
            byId.forEach(docs::set);
        });
        ObjectNode letters = root.putObject("dead letters");
        deadLetters.forEach(letters::put);
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    static long revision(JsonNode document) {
        return document.path(Versioned.REVISION_FIELD).asLong();
    }

    /** Every record of the topic up to its end offsets as of now. */
    private static List<ConsumerRecord<byte[], byte[]>> readTopic(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map((PartitionInfo p) -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static JsonNode request(HttpClient http, String url, String body) throws IOException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(1))
                    .header("Content-Type", "application/json")
                    .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: POST " + url, e);
        }
    }

    /** A copy of the document without the fields at these dotted paths (top-level keys; ECS names contain dots). */
    static JsonNode without(JsonNode document, Set<String> fields) {
        if (fields.isEmpty() || !document.isObject()) {
            return document;
        }
        ObjectNode copy = ((ObjectNode) document).deepCopy();
        copy.remove(fields);
        return copy;
    }
}
