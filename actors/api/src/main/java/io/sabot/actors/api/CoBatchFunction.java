package io.sabot.actors.api;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A vectorized agent with two inputs (a connected stream, a join): {@link #process} is called with
 * the batches of both, {@link KeyedBatch#input()} saying which input each came from. On two keyed
 * inputs both are keyed by columns of the same type, so rows of either with equal keys get the same
 * key id and share keyed state and timers (Flink's {@code KeyedCoProcessFunction}). Event time is
 * combined over both: the watermark is the minimum of the two inputs' watermarks.
 */
public interface CoBatchFunction extends BatchFunction {

    /** The schema of the batches emitted for inputs {@code first} and {@code second}; checked when the job is built. */
    Schema outputSchema(Schema first, Schema second);

    /** The side outputs this function emits to. */
    default List<OutputTag> sideOutputs(Schema first, Schema second) {
        return List.of();
    }

    /** A two-input function has no one-input schema. */
    @Override
    default Schema outputSchema(Schema input) {
        throw new IllegalArgumentException(getClass().getSimpleName() + " takes two inputs: connect two streams");
    }
}
