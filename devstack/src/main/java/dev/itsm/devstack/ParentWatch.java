package dev.itsm.devstack;

import java.io.IOException;
import java.io.InputStream;

/**
 * The child side of the lifeline: a child JVM started by {@link ChildJvm} exits once its standard input reaches end
 * of file, which happens when the parent closes the pipe or dies in any way, even by SIGKILL. Without this, a test JVM
 * killed by a timeout would leave brokers and nodes running with nobody to stop them.
 */
public final class ParentWatch {
    /** How long the child's own shutdown hooks may take before the JVM is halted. */
    private static final long HALT_AFTER_MILLIS = 20_000;

    private ParentWatch() {}

    /**
     * Starts a daemon thread that reads standard input until end of file, then exits the JVM (running its shutdown
     * hooks, so a broker or node shuts down cleanly) and halts it if the hooks hang.
     */
    public static void exitWhenParentDies() {
        Thread watch = new Thread(ParentWatch::awaitEndOfInput, "devstack-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void awaitEndOfInput() {
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) != -1) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as end of file
        }
        // Also reached on a stop by the parent: Process.destroy() closes the pipe right after the signal.
        System.err.println("devstack: standard input closed (the parent stopped this process or is gone), exiting");
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_MILLIS);
            } catch (InterruptedException ignored) {
                // halt now
            }
            Runtime.getRuntime().halt(3);
        }, "devstack-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(0);
    }
}
