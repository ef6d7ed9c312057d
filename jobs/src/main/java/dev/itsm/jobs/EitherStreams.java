package dev.itsm.jobs;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Either;

/**
 * One stream of two kinds of records, for an operator that needs them on one input: a keyed operator whose second
 * input is the broadcast rule packs takes its two keyed inputs this way, and a broadcast input carries the CMDB
 * changes and the rule packs together (Flink connects one broadcast stream, which may have several states).
 *
 * <pre>{@code
 * DataStream<Either<Incident, IncidentAction>> both = EitherStreams.union(incidents, actions);
 * both.keyBy(SlaFunction::incidentId).connect(rulePacks).process(new SlaFunction(rules));
 * }</pre>
 *
 * Watermarks and idleness are kept per input channel, as they were for the two inputs of a connected stream.
 */
public final class EitherStreams {

    private EitherStreams() {
    }

    /** The records of {@code left} as {@link Either#Left}, and those of {@code right} as {@link Either#Right}. */
    public static <L, R> DataStream<Either<L, R>> union(DataStream<L> left, DataStream<R> right) {
        TypeInformation<Either<L, R>> type = Types.EITHER(left.getType(), right.getType());
        DataStream<Either<L, R>> lefts = left.map(Either::<L, R>Left).returns(type).name("as Either.Left");
        DataStream<Either<L, R>> rights = right.map(Either::<L, R>Right).returns(type).name("as Either.Right");
        return lefts.union(rights);
    }
}
