package dev.itsm.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The deployment files, checked by the real programs that read them: {@code promtool} (Debian package
 * {@code prometheus}) for the Prometheus configuration, the alerting rules and their unit tests, {@code amtool}
 * ({@code prometheus-alertmanager}) for the Alertmanager configuration, and {@code docker-compose}
 * ({@code docker-compose}, which parses and validates a compose file without a Docker engine). A missing program
 * fails the test and names the package to install; nothing is skipped. Every check has a deliberately broken copy
 * that the program must reject, so a program that accepts anything cannot make these tests pass.
 */
class DeploymentFilesTest {

    private static final Path ROOT = repositoryRoot();
    private static final Path RULES = Path.of("deploy/prometheus/rules/itsm-pipeline.yml");
    private static final Path RULE_TESTS = Path.of("deploy/prometheus/tests/itsm-pipeline-test.yml");
    private static final Path PROMETHEUS = Path.of("deploy/prometheus/prometheus.yml");
    private static final Path ALERTMANAGER = Path.of("deploy/alertmanager/alertmanager.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path temp;

    @Test
    void prometheusConfigurationShouldPassPromtool() {
        assertSucceeds(run("promtool", "check", "config", PROMETHEUS.toString()));
    }

    @Test
    void alertingRulesShouldPassPromtool() {
        Result result = run("promtool", "check", "rules", RULES.toString());
        assertSucceeds(result);
        assertThat(result.output()).contains("SUCCESS: " + alertNames().size() + " rules found");
    }

    @Test
    void everyAlertShouldFireOnItsSyntheticSeriesAndStayQuietOnAHealthyPipeline() {
        assertSucceeds(run("promtool", "test", "rules", RULE_TESTS.toString()));
    }

    @Test
    void promtoolShouldRejectARulesFileWithABrokenExpression() throws IOException {
        Path broken = brokenCopy(RULES, "expr: up{job=\"flink-jobmanager\"} == 0", "expr: up{job=\"flink-jobmanager\" == 0");
        Result result = run("promtool", "check", "rules", broken.toString());
        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.output()).contains(broken.toString()).contains("parse error");
    }

    @Test
    void promtoolShouldFailARuleUnitTestThatExpectsTheWrongAlert() throws IOException {
        Path rulesDir = Files.createDirectories(temp.resolve("rules"));
        Files.copy(ROOT.resolve(RULES), rulesDir.resolve(RULES.getFileName()));
        Path tests = Files.createDirectories(temp.resolve("tests"));
        Path broken = Files.writeString(tests.resolve("broken-test.yml"), Files.readString(ROOT.resolve(RULE_TESTS))
                .replace("exp_labels: {severity: critical, job_name: itsm_problem_job}",
                        "exp_labels: {severity: critical, job_name: itsm_incident_job}"));
        assertThat(Files.readString(broken)).isNotEqualTo(Files.readString(ROOT.resolve(RULE_TESTS)));
        Result result = run("promtool", "test", "rules", broken.toString());
        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.output()).contains("FAILED").contains("ItsmFlinkJobMissing");
    }

    @Test
    void alertmanagerConfigurationShouldPassAmtool() {
        assertSucceeds(run("amtool", "check-config", ALERTMANAGER.toString()));
    }

    @Test
    void amtoolShouldRejectARouteToAnUnknownReceiver() throws IOException {
        Path broken = brokenCopy(ALERTMANAGER, "  receiver: itsm-gateway", "  receiver: nobody");
        Result result = run("amtool", "check-config", broken.toString());
        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.output()).contains("nobody");
    }

    @Test
    void composeFileShouldBeValid() {
        assertSucceeds(run("docker-compose", "--env-file", ".env.example", "-f", "docker-compose.yml", "config", "-q"));
    }

    @Test
    void dockerComposeShouldRejectAnUnknownDependencyCondition() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("compose"));
        Files.copy(ROOT.resolve(".env.example"), dir.resolve(".env.example"));
        String original = Files.readString(ROOT.resolve("docker-compose.yml"));
        String broken = original.replace("condition: service_completed_successfully", "condition: service_finished");
        assertThat(broken).isNotEqualTo(original);
        Files.writeString(dir.resolve("docker-compose.yml"), broken);
        Result result = run(dir, "docker-compose", "--env-file", ".env.example", "-f", "docker-compose.yml", "config", "-q");
        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.output()).contains("service_finished");
    }

    @Test
    void composeFileShouldRefuseToRunWithoutTheElasticsearchPassword() {
        Result result = run("docker-compose", "-f", "docker-compose.yml", "config", "-q");
        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.output()).contains("ELASTIC_PASSWORD");
    }

    @Test
    void composeServicesShouldUsePinnedImagesAndHealthChecks() throws IOException {
        JsonNode services = resolvedComposeFile().path("services");
        services.fields().forEachRemaining(service -> {
            String image = service.getValue().path("image").asText();
            assertThat(image).as("image of %s", service.getKey()).matches(".+:[^:]*[0-9][^:]*").doesNotEndWith(":latest");
        });
        for (String service : List.of("kafka", "elasticsearch", "kibana", "jobmanager", "problem-jobmanager", "prometheus", "alertmanager")) {
            assertThat(services.path(service).path("healthcheck").path("test").isArray()).as("health check of %s", service).isTrue();
        }
        assertThat(services.path("taskmanager").path("deploy").path("replicas").asInt()).isEqualTo(2);
        assertThat(services.path("jobmanager").path("command").toString())
                .contains("standalone-job", "dev.itsm.jobs.incident.IncidentJobRunner");
        assertThat(services.path("problem-jobmanager").path("command").toString())
                .contains("standalone-job", "dev.itsm.jobs.problem.ProblemJobRunner");
        assertThat(services.path("jobmanager").path("environment").path("FLINK_PROPERTIES").asText())
                .contains("metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                        "metrics.reporter.prom.port: 9249", "state.backend.type: rocksdb");
        assertThat(services.path("setup").path("depends_on").path("elasticsearch").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(services.path("jobmanager").path("depends_on").path("setup").path("condition").asText())
                .isEqualTo("service_completed_successfully");
    }

    @Test
    void prometheusShouldScrapeAndAlertToServicesTheComposeFileDefines() throws IOException {
        Set<String> services = new TreeSet<>();
        resolvedComposeFile().path("services").fieldNames().forEachRemaining(services::add);
        Set<String> hosts = new TreeSet<>();
        JsonNode config = yaml(ROOT.resolve(PROMETHEUS));
        config.path("scrape_configs").forEach(job -> {
            job.path("static_configs").forEach(group -> group.path("targets").forEach(target -> hosts.add(host(target.asText()))));
            job.path("dns_sd_configs").forEach(sd -> sd.path("names").forEach(name -> hosts.add(name.asText())));
        });
        config.path("alerting").path("alertmanagers").forEach(am -> am.path("static_configs")
                .forEach(group -> group.path("targets").forEach(target -> hosts.add(host(target.asText())))));
        hosts.remove("localhost");
        assertThat(services).containsAll(hosts);
        assertThat(hosts).contains("jobmanager", "problem-jobmanager", "taskmanager", "problem-taskmanager", "alertmanager", "gateway");
    }

    @Test
    void everyAlertShouldHaveADelaySeverityAnnotationsAndAUnitTestWhereItFires() throws IOException {
        JsonNode tests = yaml(ROOT.resolve(RULE_TESTS));
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        tests.path("tests").forEach(test -> test.path("alert_rule_test").forEach(check ->
                (check.path("exp_alerts").isEmpty() ? quiet : firing).add(check.path("alertname").asText())));
        for (JsonNode rule : alertRules()) {
            String name = rule.path("alert").asText();
            assertThat(rule.has("for")).as("%s: for", name).isTrue();
            assertThat(rule.path("labels").path("severity").asText()).as("%s: severity", name).isIn("critical", "warning", "info");
            for (String annotation : List.of("summary", "description", "runbook")) {
                assertThat(rule.path("annotations").path(annotation).asText()).as("%s: annotation %s", name, annotation).isNotBlank();
            }
            assertThat(firing).as("alerts with a unit test where they fire").contains(name);
            assertThat(quiet).as("alerts with a unit test where they stay quiet").contains(name);
        }
    }

    @Test
    void alertingRulesShouldUseOnlyMetricsARealJobExposes() throws IOException {
        Set<String> scraped = new TreeSet<>(Files.readAllLines(ROOT.resolve("deploy/prometheus/tests/scraped-metric-names.txt")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList());
        Set<String> used = new TreeSet<>();
        Pattern metric = Pattern.compile("\\bflink_[A-Za-z0-9_]*[A-Za-z0-9]\\b");
        for (JsonNode rule : alertRules()) {
            Matcher matcher = metric.matcher(rule.path("expr").asText());
            while (matcher.find()) {
                used.add(matcher.group());
            }
        }
        assertThat(used).hasSizeGreaterThan(5);
        assertThat(scraped).containsAll(used);
    }

    @Test
    void readmeShouldListEveryMetricTheJobsRegister() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## Metrics");
        assertThat(start).as("README has a section '## Metrics'").isNotNegative();
        String metricsSection = readme.substring(start);
        Pattern registration = Pattern.compile("\\.(?:counter|gauge|histogram|meter)\\(\"([A-Za-z]+)\"");
        Set<String> registered = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")).toList()) {
                Matcher matcher = registration.matcher(Files.readString(file));
                while (matcher.find()) {
                    registered.add(matcher.group(1));
                }
            }
        }
        assertThat(registered).contains("payloadsIn", "alertsRejected", "bulkRetries", "sloBurnRate");
        assertThat(registered).allSatisfy(name -> assertThat(metricsSection).as("README, Metrics").contains("`" + name + "`"));
    }

    private List<JsonNode> alertRules() {
        List<JsonNode> rules = new ArrayList<>();
        yaml(ROOT.resolve(RULES)).path("groups").forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    private List<String> alertNames() {
        return alertRules().stream().map(rule -> rule.path("alert").asText()).toList();
    }

    private JsonNode resolvedComposeFile() throws IOException {
        Result result = run("docker-compose", "--env-file", ".env.example", "-f", "docker-compose.yml", "config");
        assertSucceeds(result);
        return YAML.readTree(result.output().substring(result.output().indexOf("services:")));
    }

    private Path brokenCopy(Path file, String original, String replacement) throws IOException {
        String text = Files.readString(ROOT.resolve(file));
        assertThat(text).as("%s still contains the text this test breaks", file).contains(original);
        return Files.writeString(temp.resolve(file.getFileName()), text.replace(original, replacement));
    }

    private static String host(String target) {
        return target.contains(":") ? target.substring(0, target.lastIndexOf(':')) : target;
    }

    private static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertSucceeds(Result result) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    private static Result run(String... command) {
        return run(ROOT, command);
    }

    /** Runs a program in {@code dir} without the stack's passwords in its environment, output and errors together. */
    private static Result run(Path dir, String... command) {
        String program = command[0];
        if (!onPath(program)) {
            String pkg = switch (program) {
                case "promtool" -> "prometheus";
                case "amtool" -> "prometheus-alertmanager";
                default -> program;
            };
            fail(program + " is not installed: install the Debian package " + pkg + " (apt-get install " + pkg + "), as .ci/run does");
        }
        try {
            File output = Files.createTempFile("deployment-files", ".log").toFile();
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output);
            builder.environment().keySet().removeIf(key -> key.endsWith("_PASSWORD") || key.startsWith("COMPOSE_"));
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 120 s");
            }
            String text = Files.readString(output.toPath(), StandardCharsets.UTF_8);
            Files.delete(output.toPath());
            return new Result(String.join(" ", command), process.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private record Result(String command, int exitCode, String output) {
        String describe() {
            return command + " exited with " + exitCode + ":\n" + output;
        }
    }
}
