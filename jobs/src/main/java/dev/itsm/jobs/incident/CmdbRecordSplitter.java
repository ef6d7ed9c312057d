package dev.itsm.jobs.incident;

import dev.itsm.connectors.cmdb.CmdbChange;
import dev.itsm.connectors.cmdb.CmdbRecord;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Passes valid CMDB changes on; a CMDB record that could not be read goes to the dead letters with its reason. */
final class CmdbRecordSplitter extends ProcessFunction<CmdbRecord, CmdbChange> {
    @Override
    public void processElement(CmdbRecord record, Context ctx, Collector<CmdbChange> out) {
        if (record.isRejected()) {
            ctx.output(IncidentJobDescriptors.DEAD_LETTERS, record.rejected());
        } else {
            out.collect(record.change());
        }
    }
}
