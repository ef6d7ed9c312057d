package dev.itsm.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real standalone Flink session cluster: one JobManager and N TaskManagers, each a separate JVM started from the
 * Flink jars on a given class path (the distribution is not on Maven Central; its scripts' steps are done here:
 * {@code BashJavaUtils} works out each process's memory flags, then the entry points start with Flink's Java 17
 * module flags). Jobs are submitted to it through its REST API like to any cluster.
 *
 * <pre>{@code
 * try (FlinkCluster cluster = FlinkCluster.start(dir, FlinkCluster.classPathWithout(jobJarClasses), 2, Map.of())) {
 *     String rest = cluster.restAddress(); // 127.0.0.1:PORT
 *     cluster.killTaskManager(0);          // SIGKILL, as a crash
 * }
 * }</pre>
 */
public final class FlinkCluster implements AutoCloseable {
    private static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    /** What Flink's distribution sets in {@code env.java.opts.all} for Java 17. */
    static final List<String> MODULE_FLAGS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path dir;
    private final int restPort;
    private final ChildJvm jobManager;
    private final List<ChildJvm> taskManagers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FlinkCluster(Path dir, int restPort, ChildJvm jobManager, List<ChildJvm> taskManagers) {
        this.dir = dir;
        this.restPort = restPort;
        this.jobManager = jobManager;
        this.taskManagers = taskManagers;
    }

    /**
     * Starts the cluster and waits until all its TaskManagers have registered.
     *
     * @param workDir      configuration, logs, uploads, checkpoints (made absolute)
     * @param classPath    Flink's jars (runtime, clients, runtime-web, rpc loader, streaming) and log4j, but not the
     *                     job's classes: they come with the job jar, as on any real cluster
     * @param taskManagers how many TaskManager processes, two slots each
     * @param config       more {@code config.yaml} entries, e.g. a metrics reporter; they win over the defaults
     */
    public static FlinkCluster start(Path workDir, String classPath, int taskManagers, Map<String, String> config) {
        // absolute: the processes resolve the paths of their configuration themselves, and a relative upload
        // directory makes every jar upload fail ("File upload failed", HTTP 500)
        Path dir = workDir.toAbsolutePath();
        try {
            Path conf = dir.resolve("conf");
            Files.createDirectories(conf);
            Files.createDirectories(dir.resolve("log"));
            int[] ports = FreePorts.pick(3);
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("jobmanager.rpc.address", "127.0.0.1");
            settings.put("jobmanager.rpc.port", Integer.toString(ports[0]));
            settings.put("jobmanager.bind-host", "127.0.0.1");
            settings.put("taskmanager.bind-host", "127.0.0.1");
            settings.put("taskmanager.host", "127.0.0.1");
            settings.put("rest.address", "127.0.0.1");
            settings.put("rest.bind-address", "127.0.0.1");
            settings.put("rest.port", Integer.toString(ports[1]));
            settings.put("blob.server.port", Integer.toString(ports[2]));
            settings.put("jobmanager.memory.process.size", "1024m");
            settings.put("taskmanager.memory.process.size", "1024m");
            settings.put("taskmanager.numberOfTaskSlots", "2");
            settings.put("taskmanager.load-balance.mode", "SLOTS");
            // a dead TaskManager is noticed within 10 s (the default 50 s keeps deploying onto its slots)
            settings.put("heartbeat.interval", "2000");
            settings.put("heartbeat.timeout", "10000");
            settings.put("io.tmp.dirs", dir.resolve("tmp").toString());
            settings.put("web.upload.dir", dir.resolve("upload").toString());
            settings.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
            settings.putAll(config);
            Files.createDirectories(dir.resolve("tmp"));
            Files.createDirectories(dir.resolve("upload"));
            StringBuilder yaml = new StringBuilder("# written by devstack FlinkCluster\n");
            settings.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
            Files.writeString(conf.resolve("config.yaml"), yaml);
            Files.writeString(conf.resolve("log4j.properties"), """
                    rootLogger.level = INFO
                    rootLogger.appenderRef.file.ref = MainAppender
                    appender.main.name = MainAppender
                    appender.main.type = File
                    appender.main.append = true
                    appender.main.fileName = ${sys:log.file}
                    appender.main.layout.type = PatternLayout
                    appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
                    logger.metrics.name = org.apache.flink.runtime.metrics
                    logger.metrics.level = ERROR
                    """);

            ChildJvm jm = process(dir, classPath, "jobmanager", JOB_MANAGER_MAIN, "GET_JM_RESOURCE_PARAMS");
            jm.start();
            List<ChildJvm> tms = new ArrayList<>();
            for (int i = 0; i < taskManagers; i++) {
                ChildJvm tm = process(dir, classPath, "taskmanager-" + i, TASK_MANAGER_MAIN, "GET_TM_RESOURCE_PARAMS");
                tm.start();
                tms.add(tm);
            }
            FlinkCluster cluster = new FlinkCluster(dir, ports[1], jm, tms);
            try {
                cluster.awaitTaskManagers(taskManagers);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Flink cluster in " + dir, e);
        }
    }

    /**
     * The entries of this JVM's class path that a Flink cluster needs: everything but the project's own classes and
     * jars, the broker and Elasticsearch, and the connectors the job jar brings itself.
     */
    public static String flinkClassPath() {
        String separator = System.getProperty("path.separator");
        List<String> kept = new ArrayList<>();
        for (String entry : ChildJvm.classPath().split(separator)) {
            String e = entry.replace('\\', '/');
            String name = e.substring(e.lastIndexOf('/') + 1);
            boolean project = e.endsWith("/classes") || e.endsWith("/test-classes") || e.contains("/dev/itsm/")
                    || name.startsWith("itsm-");
            boolean foreign = e.contains("/org/apache/kafka/") || e.contains("/org/elasticsearch/")
                    || e.contains("/co/elastic/") || e.contains("/org/apache/lucene/") || e.contains("/flink-connector-kafka")
                    || e.contains("/flink-test-utils") || e.contains("/junit") || e.contains("/assertj")
                    || e.contains("/opentest4j") || e.contains("/picocli/") || e.contains("/com/fasterxml/jackson/");
            if (!project && !foreign) {
                kept.add(entry);
            }
        }
        return String.join(separator, kept);
    }

    /** {@code host:port} of the REST API (and web UI). */
    public String restAddress() {
        return "127.0.0.1:" + restPort;
    }

    /** The log files of the JobManager and the TaskManagers, for a test's failure message. */
    public List<Path> logFiles() {
        List<Path> logs = new ArrayList<>();
        logs.add(jobManager.logFile());
        taskManagers.forEach(tm -> logs.add(tm.logFile()));
        return logs;
    }

    /** SIGKILL to one TaskManager: no goodbye, as in a machine crash. */
    public void killTaskManager(int index) {
        taskManagers.get(index).kill();
    }

    /** Waits until every TaskManager of the cluster is registered with the JobManager (after a restart, say). */
    public void awaitTaskManagers() {
        awaitTaskManagers(taskManagers.size());
    }

    /** Starts a TaskManager killed before again. */
    public void restartTaskManager(int index) {
        taskManagers.get(index).start();
    }

    /** A GET on the REST API; the body, or an exception naming the status. */
    public String get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + restAddress() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the Flink REST API at " + restAddress(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        taskManagers.forEach(tm -> tm.stop(Duration.ofSeconds(10)));
        jobManager.stop(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "Flink cluster at http://" + restAddress() + " (" + taskManagers.size() + " TaskManagers, logs in " + dir.resolve("log") + ")";
    }

    private void awaitTaskManagers(int expected) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Pattern id = Pattern.compile("\"id\"\\s*:");
        String last = "(no answer)";
        while (System.nanoTime() < deadline) {
            if (!jobManager.isAlive()) {
                throw new IllegalStateException("the JobManager exited with " + jobManager.exitCode() + "; see " + jobManager.logFile());
            }
            try {
                last = get("/taskmanagers");
                Matcher m = id.matcher(last);
                int registered = 0;
                while (m.find()) {
                    registered++;
                }
                if (registered >= expected) {
                    return;
                }
            } catch (RuntimeException notYet) {
                last = notYet.getMessage();
            }
            sleep(500);
        }
        throw new IllegalStateException(expected + " TaskManagers did not register within " + START_TIMEOUT + " (last answer: "
                + last + "); see the logs in " + dir.resolve("log"));
    }

    /** A JobManager or TaskManager process with the memory flags and dynamic properties Flink's scripts would give it. */
    private static ChildJvm process(Path dir, String classPath, String name, String mainClass, String resourceCommand) throws IOException {
        Path conf = dir.resolve("conf");
        List<String> params = resourceParams(dir, classPath, resourceCommand);
        List<String> jvm = new ArrayList<>(Arrays.asList(params.get(0).trim().split("\\s+")));
        jvm.addAll(MODULE_FLAGS);
        Path log = dir.resolve("log").resolve(name + ".log");
        jvm.add("-Dlog.file=" + log);
        jvm.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
        List<String> args = new ArrayList<>(List.of("--configDir", conf.toString()));
        if (params.size() > 1 && !params.get(1).isBlank()) {
            args.addAll(Arrays.asList(params.get(1).trim().split("\\s+")));
        }
        // the process writes its own log through log4j; the child's console output goes beside it
        return new ChildJvm(name, classPath, mainClass, jvm, args, dir.resolve("log").resolve(name + ".out"));
    }

    /** Runs BashJavaUtils as the distribution's scripts do; its result lines are the JVM flags and the -D properties. */
    private static List<String> resourceParams(Path dir, String classPath, String command) throws IOException {
        Path output = dir.resolve("log").resolve("bash-java-utils-" + command + ".out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, BASH_JAVA_UTILS, command, "--configDir", dir.resolve("conf").toString()));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(BASH_JAVA_UTILS + " " + command + " did not finish in 60 s; see " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> results = new ArrayList<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            if (line.startsWith(RESULT_PREFIX)) {
                results.add(line.substring(RESULT_PREFIX.length()));
            }
        }
        if (process.exitValue() != 0 || results.isEmpty()) {
            throw new IllegalStateException(BASH_JAVA_UTILS + " " + command + " failed (exit " + process.exitValue() + "); see " + output);
        }
        return results;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
