package dev.itsm.jobs;

import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A running job's metrics as an ITCase reads them from an {@link InMemoryReporter} registered with its MiniCluster.
 *
 * <pre>{@code
 * static final InMemoryReporter REPORTER = InMemoryReporter.create();
 * static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
 *         .setConfiguration(REPORTER.addToConfiguration(new Configuration())) ... .build());
 * assertThat(new TestingMetrics(REPORTER, job.jobId()).gauge("numRestarts")).isZero();
 * }</pre>
 */
public record TestingMetrics(InMemoryReporter reporter, JobID job) {

    /** A job-level gauge's value, such as {@code numRestarts} or {@code lastCheckpointFullSize}. */
    public long gauge(String name) {
        Metric metric = reporter.findMetric(job, name).orElseThrow(() -> new AssertionError("no metric " + name));
        return ((Number) ((Gauge<?>) metric).getValue()).longValue();
    }

    /** The parse operator's {@code alertsRejected} counters, summed over its subtasks, by their reason. */
    public Map<String, Long> rejectedByReason() {
        Map<String, Long> byReason = new TreeMap<>();
        reporter.findJobMetricGroups(job, "alertsRejected").forEach(found -> byReason.merge(
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
}
