package io.sabot.actors.api;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A vectorized agent: receives whole Arrow batches (plus, on a keyed stream, the dense id of every
 * row's key) and returns an output batch. This is the fast path; kernels loop over primitive
 * vectors and keep per-key state in arrays indexed by key id.
 *
 * <p>One instance runs per subtask, created by the supplier given to the job graph, and is only
 * ever called from that subtask's actor (no synchronization needed).
 *
 * <p>Event time. A batch returned by {@link #process} with as many rows as its input keeps the
 * input rows' timestamps (as Flink's records keep theirs through a map); other output must say its
 * event time by emitting through {@link AgentContext#emit}, or, for a subset of the input's rows (a
 * filter), {@link AgentContext#emitRows}. Rows of a returned batch of another length carry no timestamp.
 */
public interface BatchFunction {

    /**
     * The schema of the batches emitted for input {@code input}. Called when the job is built, so a
     * wrong input schema fails before anything runs: throw {@link IllegalArgumentException} naming
     * the column and what was expected.
     */
    Schema outputSchema(Schema input);

    /** The side outputs this function emits to (their schemas may depend on the input's). */
    default List<OutputTag> sideOutputs(Schema input) {
        return List.of();
    }

    /**
     * True when the function may emit to side outputs it did not declare (per-record functions with
     * {@code ctx.output}, as in Flink): the job then declares those it reads with
     * {@code getSideOutput(tag)}, and the function drops records of the others.
     */
    default boolean declaresSideOutputsOnUse() {
        return false;
    }

    /** Called once before the first batch. */
    default void open(AgentContext context) throws Exception {}

    /**
     * Processes one batch. The input stays owned by the runtime and is closed after this call
     * returns (take columns from it without copying with {@code Batches.appendColumns}). The
     * returned batch, allocated from {@link AgentContext#allocator()}, is owned by the runtime from
     * then on and emitted after anything the call emitted through the context; return null to emit
     * nothing.
     */
    VectorSchemaRoot process(KeyedBatch input) throws Exception;

    /**
     * The combined watermark of the inputs advanced to {@code watermark}: called after the batch in
     * which it advanced, or when a watermark arrives between batches, before the watermark is
     * forwarded. Fire due event-time timers here and emit their output through the context.
     */
    default void onWatermark(long watermark) throws Exception {}

    /** A processing-time wake-up asked for through a timer service is due. */
    default void onProcessingTime() throws Exception {}

    /**
     * The function's operator state (not per key: keyed state is the state backend's), for a
     * checkpoint; null when it has none. Called on the subtask's thread at each checkpoint barrier,
     * between two elements; what it returns must not change afterwards (serialize it now).
     */
    default byte[] snapshotOperatorState() throws Exception {
        return null;
    }

    /**
     * Gives back, before {@link #open}, what {@link #snapshotOperatorState()} returned in the
     * checkpoint the job restores from (not called when it returned null). At the parallelism of the
     * checkpoint a subtask gets its own; after a rescale new subtask i gets old subtask
     * i mod (old parallelism)'s, which is Flink's redistribution of broadcast state: it is right for
     * operator state that is the same on every subtask, and only for that.
     */
    default void restoreOperatorState(byte[] state) throws Exception {}

    /** Called once after the last batch, or when the job is cancelled. */
    default void close() throws Exception {}
}
