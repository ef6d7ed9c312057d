package dev.itsm.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.connectors.elasticsearch.ElasticsearchOptions;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.AlertRole;
import dev.itsm.core.model.TestingRecords;
import dev.itsm.dashboards.SetupResult.Outcome;
import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.LocalStackExtension;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Setup against the real Elasticsearch node: templates installed twice (the second time nothing changes), then one
 * document of each kind indexed into a new index, whose mapping must come from the template.
 */
@ExtendWith(LocalStackExtension.class)
class SetupITCase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldInstallTheTemplatesOnceAndFindThemUnchangedTheSecondTime(ElasticsearchNode node) {
        ElasticsearchConfig config = config(node.httpUrl(), node.freshIndex("setup"));

        List<SetupResult> first = Setup.installTemplates(config);
        List<SetupResult> second = Setup.installTemplates(config);

        assertThat(first).hasSize(8).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.CREATED));
        assertThat(first).extracting(SetupResult::toString).contains(
                "component template " + config.indexPrefix() + "-settings: created",
                "index template " + config.indexPrefix() + "-incidents: created");
        assertThat(second).hasSize(8).allSatisfy(r -> assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.UNCHANGED));
    }

    @Test
    void shouldUpdateATemplateThatSomeoneChanged(ElasticsearchNode node) throws Exception {
        ElasticsearchConfig config = config(node.httpUrl(), node.freshIndex("setup"));
        Setup.installTemplates(config);
        String name = config.indexPrefix() + "-settings";
        send("PUT", node.httpUrl() + "/_component_template/" + name,
                "{\"template\": {\"settings\": {\"index\": {\"number_of_shards\": \"1\", \"refresh_interval\": \"30s\"}}}}");

        List<SetupResult> again = Setup.installTemplates(config);

        assertThat(again).filteredOn(r -> r.outcome() != Outcome.UNCHANGED).extracting(SetupResult::toString)
                .containsExactly("component template " + name + ": updated");
    }

    @Test
    void shouldMapEachKindOfDocumentAsItsTemplateSays(ElasticsearchNode node) throws Exception {
        ElasticsearchConfig config = config(node.httpUrl(), node.freshIndex("setup"));
        Setup.installTemplates(config);
        String es = node.httpUrl();

        ObjectNode alert = (ObjectNode) Json.tree(Json.toBytes(TestingRecords.alert()));
        // what the incident job adds to an alert document (jobs' AlertDocuments)
        alert.put("incident.id", "inc-1").put("alert.role", AlertRole.ROOT_CAUSE.json()).put("alert.flapping", false);
        index(es, config.index("incidents"), "inc-1", Json.toString(TestingRecords.incident()));
        index(es, config.index("alerts"), "a-1", alert.toString());
        index(es, config.index("problems"), "prb-1", Json.toString(TestingRecords.problem()));
        index(es, config.index("sla"), "inc-1:resolution", Json.toString(TestingRecords.slaStatus()));
        index(es, config.index("slo"), "svc-billing:30d", Json.toString(TestingRecords.sloStatus()));
        index(es, config.index("dlq"), "dl-1", Json.toString(TestingRecords.deadLetter()));

        JsonNode incidents = mapping(es, config.index("incidents"));
        assertThat(incidents.at("/dynamic").asText()).isEqualTo("false");
        assertThat(type(incidents, "incident.id")).isEqualTo("keyword");
        assertThat(type(incidents, "incident.title")).isEqualTo("text");
        assertThat(incidents.at("/properties/incident/properties/title/fields/keyword/type").asText()).isEqualTo("keyword");
        assertThat(type(incidents, "@timestamp")).isEqualTo("date");
        assertThat(type(incidents, "event.start")).isEqualTo("date");
        assertThat(type(incidents, "itsm.revision")).isEqualTo("long");
        assertThat(type(incidents, "incident.alerts.role")).isEqualTo("keyword");
        assertThat(type(incidents, "labels.team")).isEqualTo("keyword"); // from the dynamic template

        JsonNode alerts = mapping(es, config.index("alerts"));
        assertThat(type(alerts, "event.original")).isEqualTo("keyword");
        assertThat(alerts.at("/properties/event/properties/original/index").asBoolean(true)).isFalse();
        assertThat(alerts.at("/properties/alert/properties/annotations/enabled").asBoolean(true)).isFalse();
        assertThat(type(alerts, "host.ip")).isEqualTo("ip");
        assertThat(type(alerts, "alert.role")).isEqualTo("keyword");
        // the raw payload is kept in _source but cannot be searched
        assertThat(count(es, config.index("alerts"), "{\"query\": {\"term\": {\"event.original\": \"{\\\"status\\\":\\\"firing\\\"}\"}}}"))
                .isEqualTo(-400);
        assertThat(count(es, config.index("alerts"), "{\"query\": {\"term\": {\"incident.id\": \"inc-1\"}}}")).isEqualTo(1);

        assertThat(type(mapping(es, config.index("problems")), "problem.occurrences")).isEqualTo("integer");
        assertThat(type(mapping(es, config.index("sla")), "sla.percent")).isEqualTo("double");
        assertThat(type(mapping(es, config.index("sla")), "sla.target_ms")).isEqualTo("long");
        JsonNode slo = mapping(es, config.index("slo"));
        assertThat(type(slo, "slo.burn_rates.long_rate")).isEqualTo("double");
        assertThat(type(slo, "slo.burn_rates.firing")).isEqualTo("boolean");
        assertThat(type(slo, "service.impacted")).isEqualTo("boolean");
        assertThat(type(mapping(es, config.index("dlq")), "dlq.original_base64")).isEqualTo("binary");

        JsonNode settings = HTTP.send(HttpRequest.newBuilder(URI.create(es + "/" + config.index("incidents") + "/_settings")).build(),
                HttpResponse.BodyHandlers.ofString()).body().transform(DashboardFilesTestJson::parse)
                .at("/" + config.index("incidents") + "/settings/index");
        assertThat(settings.path("number_of_shards").asText()).isEqualTo("1");
        assertThat(settings.path("refresh_interval").asText()).isEqualTo("1s");
        assertThat(settings.path("auto_expand_replicas").asText()).isEqualTo("0-1");
    }

    @Test
    void shouldSayWhenElasticsearchCannotBeReached() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        assertThatThrownBy(() -> Setup.installTemplates(config(url, "itsm")))
                .isInstanceOf(SetupException.class)
                .hasMessage("cannot reach Elasticsearch at " + url + ": connection refused");
    }

    static ElasticsearchConfig config(String url, String prefix) {
        Configuration conf = new Configuration();
        conf.set(ElasticsearchOptions.HOSTS, List.of(url));
        conf.set(ElasticsearchOptions.INDEX_PREFIX, prefix);
        return ElasticsearchConfig.fromConfiguration(conf);
    }

    private static void index(String es, String index, String id, String json) throws Exception {
        HttpResponse<String> response = send("PUT", es + "/" + index + "/_doc/" + id + "?refresh=true", json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static JsonNode mapping(String es, String index) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(es + "/" + index + "/_mapping")).build(),
                HttpResponse.BodyHandlers.ofString());
        return DashboardFilesTestJson.parse(response.body()).at("/" + index + "/mappings");
    }

    /** The hit count, or minus the HTTP status when the search was refused. */
    private static int count(String es, String index, String query) throws Exception {
        HttpResponse<String> response = send("POST", es + "/" + index + "/_search", query);
        if (response.statusCode() != 200) {
            return -response.statusCode();
        }
        return DashboardFilesTestJson.parse(response.body()).at("/hits/total/value").asInt();
    }

    private static String type(JsonNode mapping, String dottedField) {
        JsonNode node = mapping;
        for (String part : dottedField.split("\\.")) {
            node = node.path("properties").path(part);
        }
        return node.path("type").asText();
    }

    private static HttpResponse<String> send(String method, String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
