package dev.itsm.cli.rules;

import dev.itsm.cli.demo.Scenario;
import dev.itsm.connectors.cmdb.CmdbSnapshot;
import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.rules.RulePack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Runs recorded alerts through a baseline and a new rule pack with the real jobs, and compares the outcomes. */
public final class Replay {
    /**
     * How long after the last payload the outcomes are compared: past the resolve hold, within the reopen window, as
     * the demo shows its outcome.
     */
    static final Duration AFTER_END = Duration.ofMinutes(5);

    private Replay() {
    }

    /** A recorded scenario's payloads as the jobs read them: each stamped with its time, in file order. */
    public static List<RawRecord> records(Scenario scenario) {
        return OfflineInputs.records(scenario);
    }

    /**
     * The report of how the outcome changes from {@code baseline} to {@code changed}.
     *
     * @param records the raw alert records, not empty, in the order the job is to read them, each at its timestamp
     */
    public static ReplayReport run(List<RawRecord> records, CmdbSnapshot cmdb, RulePack baseline, RulePack changed) throws Exception {
        Instant end = Instant.ofEpochMilli(records.stream().mapToLong(RawRecord::timestamp).max().orElseThrow()).plus(AFTER_END);
        try (OfflineCluster cluster = OfflineCluster.start()) {
            OfflineOutcome before = cluster.run(baseline, cmdb, records);
            OfflineOutcome after = cluster.run(changed, cmdb, records);
            return ReplayReport.compare(before, after, end);
        }
    }
}
