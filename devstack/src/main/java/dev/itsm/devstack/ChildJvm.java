package dev.itsm.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Java child process: a main class run with the parent's class path, its output appended to a log file, and its
 * standard input held open as a lifeline (see {@link ParentWatch}). Can be started again after it stopped, with the
 * same command line.
 *
 * <p>Every child is registered with {@link Reaper}, which stops it when the parent JVM exits.
 */
final class ChildJvm {
    /** Overrides the class path handed to children, e.g. for a launcher whose own class path is a single jar. */
    static final String CLASS_PATH_PROPERTY = "itsm.devstack.classpath";

    private static final int TAIL_BYTES = 16 * 1024;

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private Process process;
    private OutputStream lifeline;

    ChildJvm(String name, String mainClass, List<String> jvmOptions, List<String> args, Path logFile) {
        this(name, classPath(), mainClass, jvmOptions, args, logFile);
    }

    /** A child with a class path of its own instead of the parent's. */
    ChildJvm(String name, String classPath, String mainClass, List<String> jvmOptions, List<String> args, Path logFile) {
        this.name = name;
        this.logFile = logFile;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
        Reaper.register(this);
    }

    static String classPath() {
        String override = System.getProperty(CLASS_PATH_PROPERTY);
        return override != null && !override.isBlank() ? override : System.getProperty("java.class.path");
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running as pid " + process.pid());
        }
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            // Append, never truncate: the log of the run before a restart is usually the one that explains it.
            Files.writeString(logFile,
                    "==== devstack: starting " + name + " at " + Instant.now() + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            // Never written to and never closed while the child should live: its end of file tells the child that
            // this JVM is gone, however it died.
            lifeline = process.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (log " + logFile + ")", e);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** Exit code of the last run, or {@code null} while it runs or before the first start. */
    synchronized Integer exitCode() {
        return process == null || process.isAlive() ? null : process.exitValue();
    }

    /** SIGTERM, so the child's shutdown hooks run; SIGKILL if it has not exited after {@code grace}. */
    synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    appendNote("did not stop within " + grace + ", killing it");
                    killAndWait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killAndWait();
            }
        }
        closeLifeline();
    }

    /** SIGKILL: the child gets no chance to clean up, as in a machine or process crash. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        killAndWait();
        closeLifeline();
    }

    /**
     * Sends a signal by name ({@code STOP}, {@code CONT}) with the system's {@code kill}: Java can only terminate a
     * process, and freezing one is how a hung machine or a network partition looks to its clients.
     */
    synchronized void signal(String name) {
        if (!isAlive()) {
            throw new IllegalStateException(name + " cannot be signalled: " + this.name + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
            appendNote("got SIG" + name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Closes the child's standard input, as the death of this JVM would. For tests of {@link ParentWatch}. */
    synchronized void closeLifeline() {
        if (lifeline != null) {
            try {
                lifeline.close();
            } catch (IOException ignored) {
                // the child is gone already
            }
            lifeline = null;
        }
    }

    private void killAndWait() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void appendNote(String note) {
        try {
            Files.writeString(logFile, "==== devstack: " + name + " " + note + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // only a note
        }
    }

    /** The last lines of the log file, for error messages. */
    String tail(int lines) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long from = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /** An exception for a child that did not come up, carrying the tail of its log. */
    IllegalStateException failure(String what) {
        Integer exit = exitCode();
        return new IllegalStateException(name + " " + what
                + (exit != null ? " (the process exited with code " + exit + ")" : "")
                + "; last lines of " + logFile + ":" + System.lineSeparator() + tail(40));
    }
}
