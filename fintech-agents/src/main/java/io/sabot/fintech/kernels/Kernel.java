package io.sabot.fintech.kernels;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.state.api.ColumnarStateStore;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A vectorized per-symbol computation over float64 columns: it reads named input columns and
 * appends named output columns, one value per row, rows in input order. Run alone it is an agent
 * (a {@link BatchFunction}); several run together in one agent as {@link Features}.
 *
 * <p>Conventions every kernel follows, so that they compose without copies:
 * <ul>
 *   <li>{@link #compute} gets the raw addresses of the input and output value buffers. A null input
 *       reads as NaN; an output written as NaN becomes null (a kernel never emits NaN).</li>
 *   <li>Per-symbol state is numeric columnar state registered in {@link #openState}, read again for
 *       every batch and indexed by the batch's key ids; it lives in whatever backend the job uses
 *       (heap, columnar, RocksDB) and is snapshotted and restored with it.</li>
 *   <li>Estimates (averages, variances) carry: a row whose input is NaN leaves the state unchanged
 *       and gets the current estimate. Values of the row itself (returns, z-scores, OFI) are null.</li>
 * </ul>
 */
public abstract class Kernel implements BatchFunction {

    private final String name;
    private final List<String> inputs;
    private final List<String> outputs;
    private final boolean stateful;
    private KernelPipeline pipeline;

    /**
     * @param name     what the kernel computes, for error messages
     * @param stateful whether it keeps per-key state (then it needs a keyed stream)
     */
    protected Kernel(String name, List<String> inputs, List<String> outputs, boolean stateful) {
        this.name = name;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.stateful = stateful;
    }

    /** What the kernel computes, e.g. "EWMA". */
    public final String name() {
        return name;
    }

    /** The float64 columns it reads. */
    public final List<String> inputs() {
        return inputs;
    }

    /** The float64 columns it appends, in order. */
    public final List<String> outputs() {
        return outputs;
    }

    public final boolean stateful() {
        return stateful;
    }

    /** Registers this kernel's per-key state columns (stateful kernels only). */
    protected void openState(ColumnarStateStore columns) {}

    /**
     * Computes rows {@code from … to − 1}. {@code in[i]} is the address of input {@code i}'s values (float64,
     * nulls read NaN), {@code out[j]} that of output {@code j} (write NaN for null). {@code keys} are
     * the rows' key ids (null for stateless kernels). Returns a mask with bit {@code j} set if output
     * {@code j} got a NaN (a null) in one of these rows: the others are marked valid without looking at them.
     */
    protected abstract long compute(int[] keys, int from, int to, long[] in, long[] out);

    /** Value {@code row} of the float64 column at {@code address}. */
    protected static double get(long address, int row) {
        return Double.longBitsToDouble(MemoryUtil.getLong(address + 8L * row));
    }

    /**
     * Writes value {@code row} of the float64 column at {@code address} (NaN: null); returns 1 if it
     * was NaN, else 0, to be OR-ed (shifted by the output's index) into what {@link #compute} returns.
     */
    protected static long set(long address, int row, double value) {
        MemoryUtil.putLong(address + 8L * row, Double.doubleToRawLongBits(value));
        return value != value ? 1 : 0;
    }

    @Override
    public final Schema outputSchema(Schema input) {
        return new KernelPipeline(List.of(this)).outputSchema(input);
    }

    @Override
    public final void open(AgentContext context) {
        pipeline = new KernelPipeline(List.of(this));
        pipeline.open(context);
    }

    @Override
    public final VectorSchemaRoot process(KeyedBatch input) {
        return pipeline.process(input);
    }
}
