package dev.itsm.jobs;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running job's metrics as an ITCase reads them from an {@link InMemoryReporter} registered with its MiniCluster.
 *
 * <pre>{@code
 * static final InMemoryReporter REPORTER = InMemoryReporter.create();
 * @RegisterExtension
 * static final MiniClusterExtension FLINK = TestingMetrics.miniCluster(REPORTER);
 * assertThat(new TestingMetrics(REPORTER, job.jobId()).gauge("numRestarts")).isZero();
 * }</pre>
 */
public record TestingMetrics(InMemoryReporter reporter, JobID job) {

    /** The ITCases' MiniCluster (one TaskManager with two slots) reporting its metrics to {@code reporter}. */
    public static MiniClusterExtension miniCluster(InMemoryReporter reporter) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(reporter.addToConfiguration(new Configuration()))
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
    }

    /** A job-level gauge's value, such as {@code numRestarts} or {@code lastCheckpointFullSize}. */
    public long gauge(String name) {
        Metric metric = reporter.findMetric(job, name).orElseThrow(() -> new AssertionError("no metric " + name));
        return ((Number) ((Gauge<?>) metric).getValue()).longValue();
    }

    /** The parse operator's {@code alertsRejected} counters, summed over its subtasks, by their reason. */
    public Map<String, Long> rejectedByReason() {
        return byReason("alertsRejected");
    }

    /** A counter registered in a {@code reason} group (such as {@code cmdbRecordsRejected}), summed over its subtasks. */
    public Map<String, Long> byReason(String counter) {
        Map<String, Long> byReason = new TreeMap<>();
        reporter.findJobMetricGroups(job, counter).forEach(found -> byReason.merge(
                found.f0.getAllVariables().get("<reason>"), ((Counter) found.f2).getCount(), Long::sum));
        return byReason;
    }

    /**
     * Waits for two more completed checkpoints (the second one began after this call, so it holds everything the
     * job had processed by then) and returns the last one's full state size in bytes.
     */
    public long stateSizeAfterTwoCheckpoints(Duration timeout) throws InterruptedException {
        long target = gauge("numberOfCompletedCheckpoints") + 2;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (gauge("numberOfCompletedCheckpoints") < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("two checkpoints did not complete within " + timeout);
            }
            Thread.sleep(200);
        }
        return gauge("lastCheckpointFullSize");
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
