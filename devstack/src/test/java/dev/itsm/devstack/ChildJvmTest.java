package dev.itsm.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {
    static final List<String> SMALL_JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @Test
    void shouldExitWhenItsParentIsKilled(@TempDir Path dir) throws Exception {
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                TestingParentMain.class.getName(), dir.resolve("child.log").toString())
                .redirectErrorStream(true)
                .start();
        try {
            long childPid;
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                assertThat(line).startsWith("child-pid=");
                childPid = Long.parseLong(line.substring("child-pid=".length()));
            }
            Optional<ProcessHandle> child = ProcessHandle.of(childPid);
            assertThat(child).isPresent();

            parent.destroyForcibly(); // SIGKILL: no shutdown hook of the parent runs

            child.get().onExit().get(15, TimeUnit.SECONDS);
            assertThat(child.get().isAlive()).isFalse();
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void shouldAppendToItsLogWhenStartedAgain(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        ChildJvm child = new ChildJvm("testing-child", TestingChildMain.class.getName(), SMALL_JVM,
                List.of("hello"), log);

        child.start();
        awaitLines(log, "hello", 1);
        child.stop(Duration.ofSeconds(10));
        child.start();
        awaitLines(log, "hello", 2);
        child.stop(Duration.ofSeconds(10));

        assertThat(Files.readAllLines(log)).filteredOn(line -> line.startsWith("==== devstack: starting")).hasSize(2);
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void shouldReportTheExitCodeAndTheTailOfTheLogOfAChildThatDied(@TempDir Path dir) throws Exception {
        ChildJvm child = new ChildJvm("testing-child", TestingChildMain.class.getName(), SMALL_JVM,
                List.of("cannot bind port 1234", "3"), dir.resolve("child.log"));

        child.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(child.failure("did not start").getMessage())
                .contains("testing-child did not start", "exited with code 3", "cannot bind port 1234");
    }

    private static void awaitLines(Path log, String line, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log).stream().filter(line::equals).count() >= count) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(count + " lines '" + line + "' expected in " + log + ":\n" + Files.readString(log));
    }
}
