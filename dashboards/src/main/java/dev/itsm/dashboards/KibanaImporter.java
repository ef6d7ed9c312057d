package dev.itsm.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.dashboards.SetupResult.Outcome;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Imports saved objects through Kibana's saved-objects API.
 *
 * <p>Idempotent: the objects Kibana already holds are read first ({@code _bulk_get}); an object whose stored attributes
 * and references already contain everything the file says is {@code unchanged} and not sent again. The others are
 * imported in one request with {@code overwrite=true}: {@code created} if Kibana did not have them, else
 * {@code updated}. Kibana migrates what it imports and may add defaults, so "contains" rather than "equals".
 */
final class KibanaImporter {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final KibanaConfig kibana;
    private final HttpClient http;

    KibanaImporter(KibanaConfig kibana) {
        this.kibana = kibana;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    List<SetupResult> importObjects(List<ObjectNode> objects) {
        Map<String, JsonNode> stored = storedObjects(objects);
        List<SetupResult> results = new ArrayList<>();
        StringBuilder ndjson = new StringBuilder();
        int toImport = 0;
        for (ObjectNode object : objects) {
            String key = key(object);
            JsonNode existing = stored.get(key);
            Outcome outcome = existing == null ? Outcome.CREATED
                    : contains(existing.path("attributes"), object.path("attributes"))
                            && contains(existing.path("references"), object.path("references")) ? Outcome.UNCHANGED
                    : Outcome.UPDATED;
            if (outcome != Outcome.UNCHANGED) {
                ndjson.append(object).append('\n');
                toImport++;
            }
            results.add(new SetupResult(object.path("type").asText(), object.path("id").asText(), outcome));
        }
        if (toImport > 0) {
            importNdjson(ndjson.toString(), toImport);
        }
        return results;
    }

    /** Kibana's stored copies of the given objects, by {@code type/id}; missing ones are absent. */
    private Map<String, JsonNode> storedObjects(List<ObjectNode> objects) {
        ArrayNode wanted = JsonNodeFactory.instance.arrayNode();
        for (ObjectNode object : objects) {
            wanted.addObject().put("type", object.path("type").asText()).put("id", object.path("id").asText());
        }
        HttpRequest request = request("/api/saved_objects/_bulk_get")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(wanted.toString()))
                .build();
        JsonNode answer = send(request, "POST /api/saved_objects/_bulk_get");
        Map<String, JsonNode> stored = new HashMap<>();
        for (JsonNode object : answer.path("saved_objects")) {
            if (!object.has("error")) {
                stored.put(key(object), object);
            }
        }
        return stored;
    }

    private void importNdjson(String ndjson, int count) {
        String boundary = "itsm-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"itsm-dashboards.ndjson\"\r\n"
                + "Content-Type: application/ndjson\r\n\r\n"
                + ndjson
                + "\r\n--" + boundary + "--\r\n";
        HttpRequest request = request("/api/saved_objects/_import?overwrite=true")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        JsonNode answer = send(request, "POST /api/saved_objects/_import");
        if (!answer.path("success").asBoolean(false)) {
            List<String> problems = new ArrayList<>();
            for (JsonNode error : answer.path("errors")) {
                problems.add(error.path("type").asText() + " " + error.path("id").asText() + ": " + error.path("error").path("type").asText()
                        + (error.path("error").has("references") ? " " + error.path("error").get("references") : "")
                        + (error.path("error").has("message") ? " " + error.path("error").path("message").asText() : ""));
            }
            throw new SetupException("Kibana at " + kibana.url() + " imported " + answer.path("successCount").asInt() + " of "
                    + count + " saved objects; failed: " + String.join("; ", problems));
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(kibana.url() + path))
                .timeout(TIMEOUT)
                .header("kbn-xsrf", "itsm-setup");
        if (kibana.apiKey() != null) {
            builder.header("Authorization", "ApiKey " + kibana.apiKey());
        } else if (kibana.username() != null) {
            builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (kibana.username() + ":" + kibana.password()).getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    private JsonNode send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw TemplateInstaller.connectFailure("Kibana", kibana.url(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("interrupted while talking to Kibana at " + kibana.url(), e);
        }
        int status = response.statusCode();
        if (status == 404) {
            throw new SetupException("Kibana at " + kibana.url() + " has no " + what + " (404): is this Kibana's address?");
        }
        if (status / 100 != 2) {
            throw TemplateInstaller.statusFailure("Kibana", kibana.url(), what, status, response.body(), null);
        }
        try {
            return DashboardResources.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new SetupException("Kibana at " + kibana.url() + " answered " + what + " with something that is not JSON: "
                    + abbreviate(response.body()), e);
        }
    }

    private static String key(JsonNode object) {
        return object.path("type").asText() + "/" + object.path("id").asText();
    }

    /**
     * Whether {@code actual} holds everything {@code expected} holds: objects may have more fields, arrays must match
     * element by element, and a string that holds JSON (Kibana's {@code panelsJSON}, {@code searchSourceJSON}) is
     * compared as JSON.
     */
    static boolean contains(JsonNode actual, JsonNode expected) {
        if (expected.isTextual() && actual.isTextual()) {
            String e = expected.asText().trim();
            if ((e.startsWith("{") || e.startsWith("[")) && !e.equals(actual.asText().trim())) {
                try {
                    return contains(DashboardResources.MAPPER.readTree(actual.asText()), DashboardResources.MAPPER.readTree(e));
                } catch (IOException notJson) {
                    return false;
                }
            }
            return e.equals(actual.asText().trim());
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!actual.has(field.getKey()) || !contains(actual.get(field.getKey()), field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                return false;
            }
            for (int i = 0; i < expected.size(); i++) {
                if (!contains(actual.get(i), expected.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual) || expected.isNumber() && actual.isNumber() && expected.asDouble() == actual.asDouble();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
