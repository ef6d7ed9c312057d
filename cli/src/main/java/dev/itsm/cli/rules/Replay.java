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

    /** The report of how the outcome changes from {@code baseline} to {@code changed}. */
    public static ReplayReport run(Scenario scenario, CmdbSnapshot cmdb, RulePack baseline, RulePack changed) throws Exception {
        List<RawRecord> records = OfflineInputs.records(scenario);
        Instant end = records.stream().map(r -> Instant.ofEpochMilli(r.timestamp())).max(Instant::compareTo)
                .orElse(scenario.base()).plus(AFTER_END);
        try (OfflineCluster cluster = OfflineCluster.start()) {
            OfflineOutcome before = cluster.run(baseline, cmdb, records);
            OfflineOutcome after = cluster.run(changed, cmdb, records);
            return ReplayReport.compare(before, after, end);
        }
    }
}
