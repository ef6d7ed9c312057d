package dev.itsm.jobs;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Passes records and watermarks through unchanged, but never tells the operators downstream that this subtask is
 * idle: they always wait for its watermark.
 *
 * <p>Why: Flink leaves an idle input channel out of an operator's watermark. When a lull in the alerts makes the
 * sources idle, every subtask of an operator goes idle; when the alerts come back, one subtask's watermark can reach a
 * downstream operator while another subtask is still marked idle there, and the downstream operator moves on without
 * it. The records that the other subtask then emits from its timers (a resolve after the resolve hold, at a time
 * before the new watermark) arrive late: the SLA clocks had already breached an incident that had resolved in time.
 * Every subtask of the operators this follows gets the same watermarks (from all subtasks of the one before, through
 * a key-by), so none of them is idle on its own and none needs to be left out; a lull still holds event time where it
 * was, as it must.
 *
 * <pre>{@code
 * DataStream<Incident> changes = NeverIdle.after(incidents, "incidents-never-idle");
 * }</pre>
 */
public final class NeverIdle<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {

    /** Adds the operator after {@code stream} (it chains to it). */
    public static <T> SingleOutputStreamOperator<T> after(SingleOutputStreamOperator<T> stream, String uid) {
        TypeInformation<T> type = stream.getType();
        return stream.transform(stream.getName() + " (never idle)", type, new NeverIdle<T>()).uid(uid);
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        // swallowed: see the class comment
    }
}
