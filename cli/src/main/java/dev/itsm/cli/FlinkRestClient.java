package dev.itsm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Submits a job jar to a running Flink cluster through its REST API, as {@code flink run} does for a session cluster:
 * upload the jar ({@code POST /jars/upload}), run its entry class ({@code POST /jars/ID/run}, optionally from a
 * savepoint), then watch ({@code GET /jobs/ID}), stop it with a savepoint ({@code POST /jobs/ID/stop}) or cancel it
 * ({@code PATCH /jobs/ID}).
 *
 * <pre>{@code
 * FlinkRestClient flink = new FlinkRestClient("jobmanager:8081");
 * String jobId = flink.run(flink.upload(jar), "dev.itsm.jobs.incident.IncidentJobRunner", List.of("-Dk=v"), 2);
 * }</pre>
 */
public final class FlinkRestClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param address {@code host:port} of the JobManager's REST endpoint, or a full {@code http(s)://} URL */
    public FlinkRestClient(String address) {
        String url = address.contains("://") ? address : "http://" + address;
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Uploads the jar; returns its id on the cluster. */
    public String upload(Path jar) throws IOException {
        String boundary = "itsm-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(jar));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), "upload " + jar.getFileName());
        String file = answer.path("filename").asText("");
        if (!"success".equals(answer.path("status").asText()) || file.isEmpty()) {
            throw new IOException("the cluster at " + base + " did not accept the jar: " + answer);
        }
        return Path.of(file).getFileName().toString();
    }

    /** Runs the uploaded jar's entry class with the arguments; returns the job id once the job is submitted. */
    public String run(String jarId, String entryClass, List<String> args, int parallelism) throws IOException {
        return run(jarId, entryClass, args, parallelism, null);
    }

    /**
     * As {@link #run(String, String, List, int)}, the job's state restored from a savepoint (or retained checkpoint)
     * when {@code savepointPath} is not null. Every piece of state must find its operator (no
     * {@code allowNonRestoredState}): an upgrade that would silently drop state fails instead.
     */
    public String run(String jarId, String entryClass, List<String> args, int parallelism, String savepointPath) throws IOException {
        ObjectNode request = JSON.createObjectNode();
        request.put("entryClass", entryClass);
        request.set("programArgsList", JSON.valueToTree(args));
        if (parallelism > 0) {
            request.put("parallelism", parallelism);
        }
        if (savepointPath != null) {
            request.put("savepointPath", savepointPath);
            request.put("allowNonRestoredState", false);
        }
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(base + "/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request))), "run " + entryClass);
        String jobId = answer.path("jobid").asText("");
        if (jobId.isEmpty()) {
            throw new IOException("the cluster at " + base + " did not start " + entryClass + ": " + answer);
        }
        return jobId;
    }

    /** The job's state as the cluster reports it: RUNNING, FAILED, ... */
    public String state(String jobId) throws IOException {
        return job(jobId).path("state").asText();
    }

    /** Whether the job is RUNNING with every one of its tasks running, not only scheduled or deploying. */
    public boolean isFullyRunning(String jobId) throws IOException {
        JsonNode job = job(jobId);
        if (!"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!"RUNNING".equals(vertex.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /** How many checkpoints of the job completed (savepoints included), as its checkpoint statistics count them. */
    public long completedCheckpoints(String jobId) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "/checkpoints")).GET(), "checkpoints of " + jobId)
                .path("counts").path("completed").asLong();
    }

    /**
     * Stops the job with a savepoint in {@code targetDirectory} (not draining: event-time timers stay pending in the
     * savepoint, as for an upgrade) and waits until it is written; returns the savepoint's path.
     */
    public String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout) throws IOException {
        ObjectNode request = JSON.createObjectNode();
        request.put("targetDirectory", targetDirectory);
        request.put("drain", false);
        String trigger = send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "/stop"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request))), "stop " + jobId)
                .path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "/savepoints/" + trigger)).GET(),
                    "savepoint of " + jobId);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.hasNonNull("location")) {
                    return operation.get("location").asText();
                }
                throw new IOException("the savepoint of " + jobId + " failed: " + operation.path("failure-cause"));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the savepoint of " + jobId, e);
            }
        }
        throw new IOException("the savepoint of " + jobId + " was not written within " + timeout);
    }

    /** Cancels the job. */
    public void cancel(String jobId) throws IOException {
        send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()), "cancel " + jobId);
    }

    private JsonNode job(String jobId) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId)).GET(), "job " + jobId);
    }

    private JsonNode send(HttpRequest.Builder request, String what) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException("cannot reach the Flink cluster at " + base + ": connection refused", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + what, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the Flink cluster at " + base + " refused to " + what + " (HTTP " + response.statusCode()
                    + "): " + errors(response.body()));
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /**
     * Flink's {"errors": [...]} as text: of each server-side stack trace, its first line and its causes (the last
     * cause, usually the job's own message, is what the user needs).
     */
    private static String errors(String body) {
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            if (errors.isArray()) {
                StringBuilder text = new StringBuilder();
                errors.forEach(e -> e.asText().lines().map(String::strip)
                        .filter(l -> text.isEmpty() || l.startsWith("Caused by:"))
                        .forEach(l -> text.append(text.isEmpty() ? "" : " | ").append(l)));
                return text.toString();
            }
        } catch (IOException notJson) {
            // fall through
        }
        return body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }
}
