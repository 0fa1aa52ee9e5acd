package io.sabot.actors.api;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A vectorized agent: receives whole Arrow batches (plus, on a keyed stream, the dense id of every
 * row's key) and returns an output batch. This is the fast path; kernels loop over primitive
 * vectors and keep per-key state in arrays indexed by key id.
 *
 * <p>One instance runs per subtask, created by the supplier given to the job graph, and is only
 * ever called from that subtask's actor (no synchronization needed).
 */
public interface BatchFunction {

    /**
     * The schema of the batches emitted for input {@code input}. Called when the job is built, so a
     * wrong input schema fails before anything runs: throw {@link IllegalArgumentException} naming
     * the column and what was expected.
     */
    Schema outputSchema(Schema input);

    /** Called once before the first batch. */
    default void open(AgentContext context) throws Exception {}

    /**
     * Processes one batch. The input stays owned by the runtime and is closed after this call
     * returns (take columns from it without copying with {@code Batches.appendColumns}). The
     * returned batch, allocated from {@link AgentContext#allocator()}, is owned by the runtime from
     * then on; return null to emit nothing.
     */
    VectorSchemaRoot process(KeyedBatch input) throws Exception;

    /** Called once after the last batch, or when the job is cancelled. */
    default void close() throws Exception {}
}
