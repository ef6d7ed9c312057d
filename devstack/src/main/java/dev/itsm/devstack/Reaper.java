package dev.itsm.devstack;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The single shutdown hook of the parent JVM: it stops every child still running, then deletes the directories
 * registered for deletion. One hook rather than one per object, because the JVM runs hooks concurrently and a
 * directory must not be deleted while its child is still writing to it.
 */
final class Reaper {
    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final List<ChildJvm> CHILDREN = new CopyOnWriteArrayList<>();
    private static final List<Path> DIRECTORIES = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Reaper::reap, "devstack-reaper"));
    }

    private Reaper() {}

    static void register(ChildJvm child) {
        CHILDREN.add(child);
    }

    static void deleteOnExit(Path directory) {
        DIRECTORIES.add(directory);
    }

    private static void reap() {
        // Stop the children in parallel: a broker and a node each take a second or two to shut down cleanly.
        List<Thread> stoppers = new ArrayList<>();
        for (ChildJvm child : CHILDREN) {
            if (child.isAlive()) {
                Thread stopper = new Thread(() -> child.stop(GRACE), "devstack-stop-" + child.name());
                stopper.start();
                stoppers.add(stopper);
            }
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Path directory : DIRECTORIES) {
            deleteRecursively(directory);
        }
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("devstack: could not delete " + directory + ": " + e);
        }
    }
}
