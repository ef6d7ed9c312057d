package dev.itsm.dashboards;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How setup words Elasticsearch's refusals. The devstack node runs without security, so a 401 and a 403 come from a
 * tiny HTTP server standing in for a secured Elasticsearch that refuses every request (the ITCase uses the real node
 * for everything else).
 */
class ElasticsearchErrorsTest {

    @Test
    void shouldSayThatElasticsearchRefusedTheCredentials() throws Exception {
        assertRefusal(401, "{\"error\":{\"type\":\"security_exception\",\"reason\":\"unable to authenticate user [elastic]\"},\"status\":401}",
                "Elasticsearch at %s refused the credentials (401)");
    }

    @Test
    void shouldSayThatTheUserMayNotManageTemplates() throws Exception {
        assertRefusal(403, "{\"error\":{\"type\":\"security_exception\",\"reason\":\"action [indices:admin/index_template/get] is unauthorized\"},\"status\":403}",
                "Elasticsearch at %s denied GET /_component_template/itsm-settings (403): the user lacks the privilege");
    }

    private static void assertRefusal(int status, String body, String message) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThatThrownBy(() -> Setup.installTemplates(SetupITCase.config(url, "itsm")))
                    .isInstanceOf(SetupException.class)
                    .hasMessage(message.formatted(url));
        } finally {
            server.stop(0);
        }
    }
}
