package dev.itsm.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Reads back what the sink wrote, through the official client. */
final class EsTestSupport implements AutoCloseable {
    final ElasticsearchClient client;

    EsTestSupport(String url) {
        this.client = ElasticsearchClients.client(ElasticsearchConfig.forHosts(url));
    }

    /** Every document of an index as id -> stored version. */
    Map<String, Long> versions(String index) throws IOException {
        client.indices().refresh(r -> r.index(index));
        Map<String, Long> versions = new TreeMap<>();
        var response = client.search(s -> s.index(index).size(10_000).version(true), Map.class);
        for (Hit<Map> hit : response.hits().hits()) {
            versions.put(hit.id(), hit.version());
        }
        return versions;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> source(String index, String id) throws IOException {
        GetResponse<Map> response = client.get(g -> g.index(index).id(id), Map.class);
        return response.found() ? response.source() : null;
    }

    static byte[] json(String id, long revision) {
        return ("{\"id\":\"" + id + "\",\"revision\":" + revision + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        client._transport().close();
    }
}
