package dev.itsm.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.dashboards.SetupResult.Outcome;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Installs component and index templates through Elasticsearch's REST API. Each template is read back first and only
 * written when it differs from the shipped one, so a second run reports {@code unchanged} and writes nothing.
 */
final class TemplateInstaller {

    private final RestClient client;
    private final String where;

    TemplateInstaller(RestClient client, String where) {
        this.client = client;
        this.where = where;
    }

    List<SetupResult> install(Map<String, ObjectNode> componentTemplates, Map<String, ObjectNode> indexTemplates) {
        List<SetupResult> results = new ArrayList<>();
        componentTemplates.forEach((name, body) -> results.add(
                install("component template", "/_component_template/", "component_templates", "component_template", name, body)));
        indexTemplates.forEach((name, body) -> results.add(
                install("index template", "/_index_template/", "index_templates", "index_template", name, body)));
        return results;
    }

    private SetupResult install(String kind, String endpoint, String listField, String bodyField, String name, ObjectNode body) {
        JsonNode installed = get(endpoint + name, listField, bodyField);
        if (installed != null && normalise(installed).equals(normalise(body))) {
            return new SetupResult(kind, name, Outcome.UNCHANGED);
        }
        Request put = new Request("PUT", endpoint + name);
        put.setEntity(new NStringEntity(body.toString(), ContentType.APPLICATION_JSON));
        perform(put);
        return new SetupResult(kind, name, installed == null ? Outcome.CREATED : Outcome.UPDATED);
    }

    /** The installed template's body, or null when there is none. */
    private JsonNode get(String path, String listField, String bodyField) {
        Response response;
        try {
            response = client.performRequest(new Request("GET", path));
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                return null;
            }
            throw failure("GET " + path, e);
        } catch (IOException e) {
            throw failure("GET " + path, e);
        }
        try {
            JsonNode list = DashboardResources.MAPPER.readTree(response.getEntity().getContent()).path(listField);
            return list.size() == 1 ? list.get(0).get(bodyField) : null;
        } catch (IOException e) {
            throw new SetupException("Elasticsearch at " + where + " answered GET " + path + " with something that is not JSON", e);
        }
    }

    private void perform(Request request) {
        try {
            client.performRequest(request);
        } catch (IOException e) {
            throw failure(request.getMethod() + " " + request.getEndpoint(), e);
        }
    }

    private SetupException failure(String what, IOException e) {
        return failure("Elasticsearch", where, what, e);
    }

    /** A message that says what to fix: the address, the credentials, the permissions, or Elasticsearch's own reason. */
    static SetupException failure(String service, String where, String what, IOException e) {
        if (e instanceof ResponseException re) {
            int status = re.getResponse().getStatusLine().getStatusCode();
            return statusFailure(service, where, what, status, e.getMessage(), e);
        }
        return connectFailure(service, where, e);
    }

    static SetupException statusFailure(String service, String where, String what, int status, String body, Exception cause) {
        if (status == 401) {
            return new SetupException(service + " at " + where + " refused the credentials (401)", cause);
        }
        if (status == 403) {
            return new SetupException(service + " at " + where + " denied " + what + " (403): the user lacks the privilege", cause);
        }
        return new SetupException(service + " at " + where + " answered " + status + " to " + what + ": " + body, cause);
    }

    static SetupException connectFailure(String service, String where, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason;
        if (e instanceof ConnectException || root instanceof ConnectException) {
            reason = "connection refused";
        } else if (e instanceof UnknownHostException || root instanceof UnknownHostException) {
            reason = "unknown host " + root.getMessage();
        } else if (e instanceof SocketTimeoutException || root instanceof SocketTimeoutException
                || e instanceof java.net.http.HttpTimeoutException) {
            reason = "no answer in time";
        } else {
            reason = String.valueOf(root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName());
        }
        return new SetupException("cannot reach " + service + " at " + where + ": " + reason, e);
    }

    /**
     * The template as Elasticsearch gives it back: settings flattened to {@code index.*} keys with text values, and
     * every scalar as text (Elasticsearch returns {@code "1"} for {@code 1} in settings).
     */
    static JsonNode normalise(JsonNode template) {
        ObjectNode copy = template.deepCopy();
        ObjectNode inner = copy.path("template") instanceof ObjectNode t ? t : null;
        if (inner != null && inner.has("settings")) {
            ObjectNode flat = JsonNodeFactory.instance.objectNode();
            flatten("", inner.get("settings"), flat);
            inner.set("settings", flat);
        }
        return scalarsAsText(copy);
    }

    private static void flatten(String prefix, JsonNode node, ObjectNode into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else {
            String key = prefix.startsWith("index.") ? prefix : "index." + prefix;
            into.put(key, node.isValueNode() ? node.asText() : node.toString());
        }
    }

    private static JsonNode scalarsAsText(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(f -> out.set(f.getKey(), scalarsAsText(f.getValue())));
            return out;
        }
        if (node.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(scalarsAsText(n)));
            return out;
        }
        return node.isNull() ? node : JsonNodeFactory.instance.textNode(node.asText());
    }
}
