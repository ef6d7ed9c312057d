package dev.itsm.jobs;

import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.json.JsonCodecException;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RuleValidationException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the rules topic for a job: decodes each record ({@link RulePackRecord}), validates and compiles its files with
 * the same loader as {@code itsm rules publish} and the job's start, and passes on only valid packs of the name the
 * job runs, with the lineage recomputed from the files. Its output is broadcast to every operator that reads rules
 * ({@link ActiveRulePack}).
 *
 * <p>A record that is not a rule-pack record, or whose pack is invalid, is refused: logged with every problem,
 * counted in {@code rulePacksRefused}, and the running pack stays. A pack of another name is ignored (logged once per
 * name); so is a tombstone (deleting a published pack does not change what runs: publish another).
 */
public final class RulePackChecker extends ProcessFunction<RawRecord, RulePackRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(RulePackChecker.class);

    private final String packName;

    private transient Counter refused;
    private transient Set<String> otherNames;

    /** @param packName the name of the pack the job runs: only packs of this name are passed on */
    public RulePackChecker(String packName) {
        this.packName = Objects.requireNonNull(packName, "packName");
    }

    @Override
    public void open(OpenContext openContext) {
        refused = getRuntimeContext().getMetricGroup().counter("rulePacksRefused");
        otherNames = new HashSet<>();
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<RulePackRecord> out) {
        if (raw.value().length == 0) {
            LOG.info("Ignoring the tombstone at {}: the running rule pack stays until another is published", raw.origin());
            return;
        }
        RulePackRecord record;
        try {
            record = RulePackRecord.fromJson(raw.value());
        } catch (JsonCodecException e) {
            refuse(raw, "it is not a rule-pack record: " + e.getMessage());
            return;
        }
        if (!record.name().equals(packName)) {
            if (otherNames.add(record.name())) {
                LOG.info("Ignoring rule pack '{}' at {} (and any later one of that name): this job runs pack '{}'",
                        record.name(), raw.origin(), packName);
            }
            return;
        }
        RulePack pack;
        try {
            pack = record.compile();
        } catch (RuleValidationException e) {
            refuse(raw, e.getMessage());
            return;
        }
        if (!pack.name().equals(record.name())) {
            refuse(raw, "it is published as '" + record.name() + "' but its pack.yaml names '" + pack.name() + "'");
            return;
        }
        out.collect(new RulePackRecord(pack.name(), pack.version(), pack.lineage(), record.files(), record.publishedAt()));
    }

    private void refuse(RawRecord raw, String why) {
        refused.inc();
        LOG.error("Refused the rule pack record at {}; the running pack stays: {}", raw.origin(), why);
    }
}
