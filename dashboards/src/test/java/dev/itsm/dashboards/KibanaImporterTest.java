package dev.itsm.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.itsm.dashboards.SetupResult.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kibana import client against {@link TestingKibana}, a small HTTP server that stands in for <b>Kibana</b> (not for
 * Elasticsearch, which the ITCase uses for real): no Kibana package exists for this machine. It records each request
 * and answers {@code _bulk_get} and {@code _import} the way Kibana's saved-objects API does, keeping what was imported.
 */
class KibanaImporterTest {

    private final TestingKibana kibana = new TestingKibana();
    private final List<ObjectNode> objects = DashboardResources.savedObjects("itsm");

    @BeforeEach
    void start() throws IOException {
        kibana.start();
    }

    @AfterEach
    void stop() {
        kibana.stop();
    }

    @Test
    void shouldImportEveryObjectInOneMultipartRequestWithTheXsrfHeaderAndCredentials() {
        List<SetupResult> results = Setup.importSavedObjects(new KibanaConfig(kibana.url(), "elastic", "s3cret", null), "itsm");

        assertThat(results).hasSize(objects.size()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.CREATED));
        assertThat(results).extracting(SetupResult::toString).contains("dashboard itsm-noc-overview: created");
        TestingKibana.Request imported = kibana.requests.get(1);
        assertThat(imported.method()).isEqualTo("POST");
        assertThat(imported.pathAndQuery()).isEqualTo("/api/saved_objects/_import?overwrite=true");
        assertThat(imported.header("kbn-xsrf")).isNotBlank();
        assertThat(imported.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString("elastic:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(imported.header("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(imported.body()).contains("Content-Disposition: form-data; name=\"file\"; filename=\"itsm-dashboards.ndjson\"");
        assertThat(TestingKibana.ndjsonLines(imported.body())).hasSize(objects.size());
        assertThat(kibana.stored).hasSize(objects.size());
    }

    @Test
    void shouldChangeNothingTheSecondTime() {
        Setup.importSavedObjects(KibanaConfig.of(kibana.url()), "itsm");
        kibana.requests.clear();

        List<SetupResult> again = Setup.importSavedObjects(KibanaConfig.of(kibana.url()), "itsm");

        assertThat(again).hasSize(objects.size()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.UNCHANGED));
        assertThat(kibana.requests).extracting(TestingKibana.Request::pathAndQuery).containsExactly("/api/saved_objects/_bulk_get");
    }

    @Test
    void shouldReimportOnlyWhatDiffersFromTheFiles() {
        Setup.importSavedObjects(KibanaConfig.of(kibana.url()), "itsm");
        ((ObjectNode) kibana.stored.get("dashboard/itsm-problems").path("attributes")).put("title", "edited by hand");
        // Kibana adds defaults when it migrates; they do not count as a difference
        ((ObjectNode) kibana.stored.get("lens/itsm-lens-open-incidents").path("attributes")).put("added_by_kibana", true);
        kibana.requests.clear();

        List<SetupResult> again = Setup.importSavedObjects(KibanaConfig.of(kibana.url()), "itsm");

        assertThat(again).filteredOn(r -> r.outcome() != Outcome.UNCHANGED).extracting(SetupResult::toString)
                .containsExactly("dashboard itsm-problems: updated");
        assertThat(TestingKibana.ndjsonLines(kibana.requests.get(1).body())).hasSize(1);
        assertThat(kibana.stored.get("dashboard/itsm-problems").at("/attributes/title").asText()).isEqualTo("ITSM: problems");
    }

    @Test
    void shouldSayThatKibanaRefusedTheCredentials() {
        kibana.refuseCredentials = true;

        assertThatThrownBy(() -> Setup.importSavedObjects(new KibanaConfig(kibana.url(), "elastic", "wrong", null), "itsm"))
                .isInstanceOf(SetupException.class)
                .hasMessage("Kibana at " + kibana.url() + " refused the credentials (401)");
    }

    @Test
    void shouldSayWhenKibanaCannotBeReached() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        assertThatThrownBy(() -> Setup.importSavedObjects(KibanaConfig.of(url), "itsm"))
                .isInstanceOf(SetupException.class)
                .hasMessage("cannot reach Kibana at " + url + ": connection refused");
    }

    @Test
    void shouldNameTheObjectsKibanaCouldNotImport() {
        kibana.failImportOf = "lens/itsm-lens-open-problems";

        assertThatThrownBy(() -> Setup.importSavedObjects(KibanaConfig.of(kibana.url()), "itsm"))
                .isInstanceOf(SetupException.class)
                .hasMessage("Kibana at " + kibana.url() + " imported " + (objects.size() - 1) + " of " + objects.size()
                        + " saved objects; failed: lens itsm-lens-open-problems: missing_references"
                        + " [{\"type\":\"index-pattern\",\"id\":\"itsm-problems-state\"}]");
    }

    @Test
    void shouldSayWhenTheUrlIsNotKibana() {
        assertThatThrownBy(() -> Setup.importSavedObjects(KibanaConfig.of(kibana.url() + "/not-kibana"), "itsm"))
                .isInstanceOf(SetupException.class)
                .hasMessage("Kibana at " + kibana.url() + "/not-kibana has no POST /api/saved_objects/_bulk_get (404): is this Kibana's address?");
    }

    @Test
    void shouldBeRefusedLikeKibanaRefusesAnUploadThatIsNoNdjsonFile() {
        Setup.importSavedObjects(KibanaConfig.of(kibana.url()), "itsm");

        assertThat(TestingKibana.importRefusal(kibana.requests.get(1).body())).isNull();
        assertThat(TestingKibana.importRefusal("Content-Disposition: form-data; name=\"file\"; filename=\"objects.json\""))
                .isEqualTo("Invalid file extension .json");
        assertThat(TestingKibana.importRefusal("Content-Disposition: form-data; name=\"upload\"; filename=\"objects.ndjson\""))
                .isEqualTo("[request body.file]: expected value of type [Stream] but got [undefined]");
    }

    /**
     * A stand-in for Kibana's saved-objects API ({@code POST /api/saved_objects/_bulk_get} and
     * {@code POST /api/saved_objects/_import}), answering as Kibana 8.x documents it; like Kibana's import route it wants
     * the NDJSON as the multipart field {@code file} with a name ending in {@code .ndjson}.
     */
    static final class TestingKibana {
        record Request(String method, String pathAndQuery, Map<String, String> headers, String body) {
            String header(String name) {
                return headers.get(name.toLowerCase(java.util.Locale.ROOT));
            }
        }

        private static final Pattern PART = Pattern.compile("Content-Disposition: form-data; name=\"([^\"]*)\"(?:; filename=\"([^\"]*)\")?");

        final List<Request> requests = new ArrayList<>();
        final Map<String, ObjectNode> stored = new LinkedHashMap<>();
        boolean refuseCredentials;
        String failImportOf;
        private HttpServer server;

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        void stop() {
            server.stop(0);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private synchronized void handle(HttpExchange exchange) throws IOException {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(new Request(exchange.getRequestMethod(), path + (query == null ? "" : "?" + query), headers, body));

            if (refuseCredentials) {
                respond(exchange, 401, "{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"[security_exception] unable to authenticate user\"}");
            } else if (!headers.containsKey("kbn-xsrf")) {
                respond(exchange, 400, "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"Request must contain a kbn-xsrf header.\"}");
            } else if ("/api/saved_objects/_bulk_get".equals(path)) {
                ArrayNode found = JsonNodeFactory.instance.arrayNode();
                for (JsonNode wanted : DashboardFilesTestJson.parse(body)) {
                    String key = wanted.path("type").asText() + "/" + wanted.path("id").asText();
                    if (stored.containsKey(key)) {
                        found.add(stored.get(key));
                    } else {
                        found.addObject().put("id", wanted.path("id").asText()).put("type", wanted.path("type").asText())
                                .putObject("error").put("statusCode", 404).put("error", "Not Found")
                                .put("message", "Saved object [" + key + "] not found");
                    }
                }
                ObjectNode answer = JsonNodeFactory.instance.objectNode();
                answer.set("saved_objects", found);
                respond(exchange, 200, answer.toString());
            } else if ("/api/saved_objects/_import".equals(path) && importRefusal(body) != null) {
                respond(exchange, 400, "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"" + importRefusal(body) + "\"}");
            } else if ("/api/saved_objects/_import".equals(path) && "overwrite=true".equals(query)) {
                ObjectNode answer = JsonNodeFactory.instance.objectNode();
                ArrayNode results = answer.putArray("successResults");
                ArrayNode errors = JsonNodeFactory.instance.arrayNode();
                for (String line : ndjsonLines(body)) {
                    ObjectNode object = (ObjectNode) DashboardFilesTestJson.parse(line);
                    String key = object.path("type").asText() + "/" + object.path("id").asText();
                    if (key.equals(failImportOf)) {
                        ObjectNode error = errors.addObject().put("id", object.path("id").asText()).put("type", object.path("type").asText());
                        ObjectNode detail = error.putObject("error").put("type", "missing_references");
                        detail.putArray("references").addObject().put("type", "index-pattern").put("id", "itsm-problems-state");
                        continue;
                    }
                    boolean existed = stored.put(key, object) != null;
                    ObjectNode result = results.addObject().put("type", object.path("type").asText()).put("id", object.path("id").asText());
                    if (existed) {
                        result.put("overwrite", true);
                    }
                }
                answer.put("success", errors.isEmpty()).put("successCount", results.size());
                if (!errors.isEmpty()) {
                    answer.set("errors", errors);
                }
                respond(exchange, 200, answer.toString());
            } else {
                respond(exchange, 404, "{\"statusCode\":404,\"error\":\"Not Found\",\"message\":\"Not Found\"}");
            }
        }

        /**
         * Why Kibana's import route would refuse the multipart body before reading it, or null: its body schema wants a
         * part named {@code file}, and it refuses a file name not ending in {@code .ndjson}.
         */
        static String importRefusal(String multipart) {
            Matcher part = PART.matcher(multipart);
            if (!part.find() || !"file".equals(part.group(1))) {
                return "[request body.file]: expected value of type [Stream] but got [undefined]";
            }
            String name = part.group(2) == null ? "" : part.group(2);
            String extension = name.contains(".") ? name.substring(name.lastIndexOf('.')).toLowerCase(java.util.Locale.ROOT) : "";
            return ".ndjson".equals(extension) ? null : "Invalid file extension " + extension;
        }

        /** The NDJSON lines inside a multipart body. */
        static List<String> ndjsonLines(String multipart) {
            return multipart.lines().filter(l -> l.startsWith("{")).toList();
        }

        private static void respond(HttpExchange exchange, int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }
    }
}
