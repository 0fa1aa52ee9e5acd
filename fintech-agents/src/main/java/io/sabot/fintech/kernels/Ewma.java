package io.sabot.fintech.kernels;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.batch.Batches;
import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.state.backend.ColumnarStateStore;
import java.util.List;
import io.sabot.actors.batch.RowGather;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Per-key exponentially weighted moving average of a float64 column, appended as
 * {@code <column>_ewma}:
 *
 * <pre>  s_0 = x_0,   s_t = α·x_t + (1 − α)·s_{t−1},   α in (0, 1]</pre>
 *
 * A NaN or null input leaves the key's state unchanged and the row gets the current average (null
 * if the key has none yet). State is one double per key in a columnar state column named like the
 * output (NaN: no average yet), so it lives in whatever backend the job uses and is snapshotted with
 * it. Needs a keyed stream.
 */
public final class Ewma implements BatchFunction {

    private final String column;
    private final String output;
    private final double alpha;
    private ColumnarStateStore.DoubleColumnState state;
    private BufferAllocator allocator;

    public Ewma(String column, double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("EWMA alpha must be in (0, 1], was " + alpha);
        }
        this.column = column;
        this.output = column + "_ewma";
        this.alpha = alpha;
    }

    /** α = 2 / (span + 1), as pandas' {@code ewm(span=…)}. */
    public static Ewma ofSpan(String column, double span) {
        if (!(span >= 1)) {
            throw new IllegalArgumentException("EWMA span must be at least 1, was " + span);
        }
        return new Ewma(column, 2 / (span + 1));
    }

    /** α = 1 − 2^(−1/h): the weight of an observation halves every h observations. */
    public static Ewma ofHalfLife(String column, double halfLife) {
        if (!(halfLife > 0)) {
            throw new IllegalArgumentException("EWMA half-life must be positive, was " + halfLife);
        }
        return new Ewma(column, 1 - Math.pow(2, -1 / halfLife));
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public Schema outputSchema(Schema input) {
        Columns.requireFloat64(input, column);
        Columns.requireAbsent(input, output);
        return SchemaBuilder.from(input).float64(output).build();
    }

    @Override
    public void open(AgentContext context) {
        allocator = context.allocator();
        state = context.columns().doubleColumn(output, Double.NaN);
    }

    @Override
    public VectorSchemaRoot process(KeyedBatch input) {
        if (!input.isKeyed()) {
            throw new IllegalStateException("EWMA keeps state per key: key the stream first (keyBy)");
        }
        VectorSchemaRoot batch = input.root();
        int rows = batch.getRowCount();
        Float8Vector x = (Float8Vector) batch.getVector(column);
        Float8Vector out = new Float8Vector(output, allocator);
        out.allocateNew(rows);
        int[] keys = input.keyIds();
        boolean mayHaveNulls = x.getNullCount() > 0;
        double[] s = state.values();
        double a = alpha;
        double b = 1 - alpha;
        long in = x.getDataBufferAddress();
        long result = out.getDataBufferAddress();
        boolean anyNull = false;
        for (int row = 0; row < rows; row++) {
            int key = keys[row];
            double value = mayHaveNulls && x.isNull(row) ? Double.NaN
                    : Double.longBitsToDouble(MemoryUtil.getLong(in + 8L * row));
            double previous = s[key];
            double next;
            if (value != value) {               // NaN: state unchanged
                next = previous;
            } else if (previous != previous) {  // first value of this key
                next = value;
            } else {
                next = a * value + b * previous;
            }
            s[key] = next;
            MemoryUtil.putLong(result + 8L * row, Double.doubleToRawLongBits(next));
            anyNull |= next != next;
        }
        RowGather.setAllValid(out, rows);
        if (anyNull) { // a key with no average yet: null, not NaN
            for (int row = 0; row < rows; row++) {
                if (Double.isNaN(Double.longBitsToDouble(MemoryUtil.getLong(result + 8L * row)))) {
                    BitVectorHelper.unsetBit(out.getValidityBuffer(), row);
                }
            }
        }
        out.setValueCount(rows);
        return Batches.appendColumns(batch, List.of(out));
    }
}
