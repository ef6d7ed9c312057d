package dev.itsm.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.InfoResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class ElasticsearchNodeITCase {
    private static JsonHttp http;

    @BeforeAll
    static void connect(ElasticsearchNode node) {
        http = new JsonHttp(node.httpUrl());
    }

    @Test
    void shouldReturnAnIndexedDocumentById(ElasticsearchNode node) {
        String index = node.freshIndex("incidents");

        JsonHttp.Response created = http.put("/" + index + "/_doc/inc-1", """
                {"title": "disk full on db-1", "priority": "P1"}""");
        JsonHttp.Response read = http.get("/" + index + "/_doc/inc-1");

        assertThat(created.status()).isEqualTo(201);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().at("/_source/title").asText()).isEqualTo("disk full on db-1");
    }

    @Test
    void shouldAnswerTheRootEndpointAsAClusterDoes() {
        JsonHttp.Response root = http.get("/");

        assertThat(root.status()).isEqualTo(200);
        assertThat(root.body().at("/version/number").asText()).isEqualTo(ElasticsearchNode.VERSION);
        assertThat(root.body().at("/cluster_name").asText()).isEqualTo(ElasticsearchNode.CLUSTER_NAME);
        assertThat(root.body().at("/cluster_uuid").asText()).isNotBlank().isNotEqualTo("_na_");
        assertThat(root.body().at("/tagline").asText()).isEqualTo("You Know, for Search");
        assertThat(http.head("/")).isEqualTo(200);
    }

    @Test
    void shouldSatisfyTheOfficialJavaClientsInfoAndPing(ElasticsearchNode node) throws Exception {
        try (RestClient rest = RestClient.builder(HttpHost.create(node.httpUrl())).build();
                RestClientTransport transport = new RestClientTransport(rest, new JacksonJsonpMapper())) {
            ElasticsearchClient client = new ElasticsearchClient(transport);

            InfoResponse info = client.info();

            assertThat(info.version().number()).isEqualTo(ElasticsearchNode.VERSION);
            assertThat(info.clusterName()).isEqualTo(ElasticsearchNode.CLUSTER_NAME);
            assertThat(client.ping().value()).isTrue();
        }
    }

    @Test
    void shouldApplyAnIndexTemplateToANewIndexThatMatchesIt(ElasticsearchNode node) {
        String prefix = node.freshIndex("itsm-incidents");
        JsonHttp.Response template = http.put("/_index_template/" + prefix, """
                {"index_patterns": ["%s-*"],
                 "template": {
                   "settings": {"number_of_shards": 1, "number_of_replicas": 0},
                   "mappings": {"properties": {
                     "service": {"type": "keyword"},
                     "opened_at": {"type": "date"}}}}}""".formatted(prefix));

        String index = prefix + "-2026.11";
        http.put("/" + index + "/_doc/1", """
                {"service": "checkout", "opened_at": "2026-11-28T10:00:00Z"}""");

        assertThat(template.status()).isEqualTo(200);
        JsonNode mapping = http.get("/" + index + "/_mapping").body().at("/" + index + "/mappings/properties");
        assertThat(mapping.at("/service/type").asText()).isEqualTo("keyword");
        assertThat(mapping.at("/opened_at/type").asText()).isEqualTo("date");
        assertThat(http.get("/" + index + "/_settings").body()
                .at("/" + index + "/settings/index/number_of_replicas").asText()).isEqualTo("0");
    }

    @Test
    void shouldFindDocumentsByTermAndCountThemPerTerm(ElasticsearchNode node) {
        String index = node.freshIndex("alerts");
        http.put("/" + index, """
                {"mappings": {"properties": {"service": {"type": "keyword"}, "severity": {"type": "keyword"}}}}""");
        JsonHttp.Response bulk = http.postNdjson("/" + index + "/_bulk?refresh=true",
                "{\"index\": {\"_id\": \"a1\"}}", "{\"service\": \"checkout\", \"severity\": \"critical\"}",
                "{\"index\": {\"_id\": \"a2\"}}", "{\"service\": \"checkout\", \"severity\": \"warning\"}",
                "{\"index\": {\"_id\": \"a3\"}}", "{\"service\": \"payments\", \"severity\": \"critical\"}");

        JsonHttp.Response search = http.post("/" + index + "/_search", """
                {"size": 10,
                 "query": {"term": {"service": "checkout"}},
                 "aggs": {"by_severity": {"terms": {"field": "severity"}}}}""");

        assertThat(bulk.body().path("errors").asBoolean()).isFalse();
        assertThat(search.body().at("/hits/total/value").asInt()).isEqualTo(2);
        List<String> buckets = new ArrayList<>();
        search.body().at("/aggregations/by_severity/buckets")
                .forEach(b -> buckets.add(b.path("key").asText() + ":" + b.path("doc_count").asInt()));
        assertThat(buckets).containsExactlyInAnyOrder("critical:1", "warning:1");
    }

    @Test
    void shouldRejectAnOlderExternalVersionInABulkAndKeepTheNewerDocument(ElasticsearchNode node) {
        String index = node.freshIndex("incident-state");
        http.postNdjson("/" + index + "/_bulk",
                "{\"index\": {\"_id\": \"inc-7\", \"version\": 2, \"version_type\": \"external\"}}",
                "{\"status\": \"resolved\"}");

        JsonHttp.Response stale = http.postNdjson("/" + index + "/_bulk",
                "{\"index\": {\"_id\": \"inc-7\", \"version\": 1, \"version_type\": \"external\"}}",
                "{\"status\": \"open\"}",
                "{\"index\": {\"_id\": \"inc-8\", \"version\": 1, \"version_type\": \"external\"}}",
                "{\"status\": \"open\"}");

        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body().path("errors").asBoolean()).isTrue();
        JsonNode rejected = stale.body().at("/items/0/index");
        assertThat(rejected.path("status").asInt()).isEqualTo(409);
        assertThat(rejected.at("/error/type").asText()).isEqualTo("version_conflict_engine_exception");
        assertThat(stale.body().at("/items/1/index/status").asInt()).isEqualTo(201);
        JsonHttp.Response kept = http.get("/" + index + "/_doc/inc-7");
        assertThat(kept.body().path("_version").asLong()).isEqualTo(2);
        assertThat(kept.body().at("/_source/status").asText()).isEqualTo("resolved");
    }

    @Test
    void shouldKeepADocumentWhenTheNodeStopsAndRestarts(ElasticsearchNode node) {
        String index = node.freshIndex("durable");
        http.put("/" + index + "/_doc/kept", """
                {"note": "written before the stop"}""");

        try {
            node.stop();
            assertThat(node.isRunning()).isFalse();
            assertThatThrownBy(() -> http.get("/")).isInstanceOf(UncheckedIOException.class);
        } finally {
            node.restart(); // the shared node must be back for the next test
        }

        JsonHttp.Response read = http.get("/" + index + "/_doc/kept");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().at("/_source/note").asText()).isEqualTo("written before the stop");
    }
}
