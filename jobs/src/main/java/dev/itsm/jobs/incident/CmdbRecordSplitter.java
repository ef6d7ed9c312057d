package dev.itsm.jobs.incident;

import dev.itsm.connectors.cmdb.CmdbChange;
import dev.itsm.connectors.cmdb.CmdbRecord;
import dev.itsm.core.model.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;

/**
 * Passes valid CMDB changes on to the CMDB broadcast; a CMDB record that could not be read (see
 * {@link dev.itsm.connectors.cmdb.CmdbCodec#fromRecord}) goes to the dead letters with its original bytes, origin and
 * reason, and is counted in {@code cmdbRecordsRejected} (group {@code reason}: the dead letter's error type). A
 * refused record never reaches the broadcast state, so the CMDB stays as it was: a refused upsert of a known CI
 * leaves its previous version in place.
 *
 * <p>Stateless, and each record passes one instance once, so every refused record makes exactly one dead letter and
 * one count (the broadcast that follows would make one per parallel instance).
 */
final class CmdbRecordSplitter extends ProcessFunction<CmdbRecord, CmdbChange> {

    private transient MetricGroup metrics;
    private transient Map<String, Counter> rejectedByReason;

    @Override
    public void open(OpenContext openContext) {
        metrics = getRuntimeContext().getMetricGroup();
        rejectedByReason = new HashMap<>();
    }

    @Override
    public void processElement(CmdbRecord record, Context ctx, Collector<CmdbChange> out) {
        if (record.isRejected()) {
            DeadLetter letter = record.rejected();
            rejectedByReason.computeIfAbsent(letter.errorType(),
                    type -> metrics.addGroup("reason", type).counter("cmdbRecordsRejected")).inc();
            ctx.output(IncidentJobDescriptors.DEAD_LETTERS, letter);
        } else {
            out.collect(record.change());
        }
    }
}
