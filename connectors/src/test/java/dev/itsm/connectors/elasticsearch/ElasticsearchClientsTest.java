package dev.itsm.connectors.elasticsearch;

import com.sun.net.httpserver.HttpServer;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client sends the configured credentials. A tiny HTTP server records what arrives; no Elasticsearch involved. */
class ElasticsearchClientsTest {

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(auth));
            if (auth == null) {
                // challenge, as a secured Elasticsearch does, so the client answers with basic credentials
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"security\"");
                exchange.sendResponseHeaders(401, -1);
            } else {
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void shouldSendTheApiKeyOnEveryRequest() throws Exception {
        ElasticsearchConfig config = ElasticsearchSink.<String>builder().setHosts(url()).setApiKey("a2V5OnNlY3JldA==")
                .setDocumentMapper(s -> null).build().config();

        try (RestClient client = ElasticsearchClients.restClient(config)) {
            client.performRequest(new Request("GET", "/"));
        }

        assertThat(authorizations).containsExactly("ApiKey a2V5OnNlY3JldA==");
    }

    @Test
    void shouldAnswerABasicAuthenticationChallenge() throws Exception {
        ElasticsearchConfig config = ElasticsearchSink.<String>builder().setHosts(url()).setBasicAuth("elastic", "changeme")
                .setDocumentMapper(s -> null).build().config();

        try (RestClient client = ElasticsearchClients.restClient(config)) {
            client.performRequest(new Request("GET", "/"));
        }

        String expected = "Basic " + Base64.getEncoder().encodeToString("elastic:changeme".getBytes(StandardCharsets.UTF_8));
        assertThat(authorizations).endsWith(expected);
    }

    @Test
    void shouldNameTheOptionWhenTheCaCertificateCannotBeRead() {
        ElasticsearchConfig config = ElasticsearchSink.<String>builder().setHosts("https://127.0.0.1:9200")
                .setCaCertificate("/nonexistent/http_ca.crt").setDocumentMapper(s -> null).build().config();

        assertThatThrownBy(() -> ElasticsearchClients.restClient(config))
                .hasMessageContaining("cannot read the CA certificate /nonexistent/http_ca.crt (elasticsearch.tls.ca-certificate)");
    }
}
