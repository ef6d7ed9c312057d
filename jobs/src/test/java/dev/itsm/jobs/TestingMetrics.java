package dev.itsm.jobs;

import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The counters a job on a test's MiniCluster registered, read from the cluster's {@link InMemoryReporter}. */
public final class TestingMetrics {

    private TestingMetrics() {
    }

    /** The sum of a counter over every operator and subtask that has it. */
    public static long count(InMemoryReporter reporter, String name) {
        AtomicLong sum = new AtomicLong();
        reporter.getMetricsByGroup().forEach((group, metrics) -> {
            if (metrics.get(name) instanceof Counter counter) {
                sum.addAndGet(counter.getCount());
            }
        });
        return sum.get();
    }

    /** Waits until the counter's sum reaches {@code expected}, at most {@code wait}; then returns the sum. */
    public static long awaitCount(InMemoryReporter reporter, String name, long expected, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (count(reporter, name) < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return count(reporter, name);
    }
}
