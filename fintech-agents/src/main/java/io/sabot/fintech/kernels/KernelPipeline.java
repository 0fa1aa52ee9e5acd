package io.sabot.fintech.kernels;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.batch.Batches;
import io.sabot.actors.batch.RowGather;
import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.state.api.ColumnarStateStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs kernels one after the other over one batch: every output is allocated once, later kernels
 * read earlier kernels' outputs in place, and all outputs are appended to the input in one step.
 * Columns are "slots": the input columns the kernels read, then every kernel's outputs.
 */
final class KernelPipeline implements BatchFunction {

    /** Rows per pass of all kernels: ~20 float64 columns of 2,048 rows fit in a core's L2 cache. */
    static final int CHUNK = 2048;

    private final List<Kernel> kernels;
    private final List<String> inputColumns = new ArrayList<>();  // slots 0 … inputColumns.size() − 1
    private final List<String> outputColumns = new ArrayList<>(); // the slots after them
    private final int[][] inputSlots;                             // per kernel, per input
    private final int[][] outputSlots;                            // per kernel, per output
    private final boolean stateful;
    private BufferAllocator allocator;

    KernelPipeline(List<Kernel> kernels) {
        if (kernels.isEmpty()) {
            throw new IllegalArgumentException("no features were asked for");
        }
        this.kernels = List.copyOf(kernels);
        Map<String, Integer> slots = new LinkedHashMap<>();
        Set<String> produced = new HashSet<>();
        for (Kernel kernel : kernels) {
            for (String input : kernel.inputs()) {
                if (!produced.contains(input) && !inputColumns.contains(input)) {
                    inputColumns.add(input);
                }
            }
            for (String output : kernel.outputs()) {
                if (!produced.add(output)) {
                    throw new IllegalArgumentException("two features would both add column '" + output + "'");
                }
            }
        }
        for (String input : inputColumns) {
            slots.put(input, slots.size());
        }
        inputSlots = new int[kernels.size()][];
        outputSlots = new int[kernels.size()][];
        for (int k = 0; k < kernels.size(); k++) {
            Kernel kernel = kernels.get(k);
            inputSlots[k] = kernel.inputs().stream().mapToInt(slots::get).toArray();
            for (String output : kernel.outputs()) {
                slots.put(output, slots.size());
                outputColumns.add(output);
            }
            outputSlots[k] = kernel.outputs().stream().mapToInt(slots::get).toArray();
        }
        stateful = kernels.stream().anyMatch(Kernel::stateful);
    }

    List<String> outputColumns() {
        return outputColumns;
    }

    @Override
    public Schema outputSchema(Schema input) {
        for (String column : inputColumns) {
            Columns.requireFloat64(input, column);
        }
        SchemaBuilder schema = SchemaBuilder.from(input);
        for (String column : outputColumns) {
            Columns.requireAbsent(input, column);
            schema.float64(column);
        }
        return schema.build();
    }

    @Override
    public void open(AgentContext context) {
        allocator = context.allocator();
        if (stateful) {
            ColumnarStateStore columns = context.columns();
            kernels.forEach(kernel -> kernel.openState(columns));
        }
    }

    @Override
    public VectorSchemaRoot process(KeyedBatch input) {
        if (stateful && !input.isKeyed()) {
            String names = String.join(", ", kernels.stream().filter(Kernel::stateful).map(Kernel::name).toList());
            throw new IllegalStateException(names + " keep state per symbol: key the stream first (keyBy)");
        }
        VectorSchemaRoot batch = input.root();
        int rows = batch.getRowCount();
        long[] addresses = new long[inputColumns.size() + outputColumns.size()];
        for (int slot = 0; slot < inputColumns.size(); slot++) {
            Float8Vector vector = (Float8Vector) batch.getVector(inputColumns.get(slot));
            addresses[slot] = nullsAsNaN(vector, rows);
        }
        List<Float8Vector> outputs = new ArrayList<>(outputColumns.size());
        try {
            for (String column : outputColumns) {
                Float8Vector vector = new Float8Vector(column, allocator);
                outputs.add(vector);
                Batches.allocateUnzeroed(vector, rows); // the kernels write every value
                addresses[inputColumns.size() + outputs.size() - 1] = vector.getDataBufferAddress();
            }
            // Every kernel over a chunk of rows, then the next chunk: the chunk's columns stay in the
            // core's cache from one kernel to the next instead of streaming from memory for each.
            long[] nulls = new long[kernels.size()];
            long[][] kernelInputs = new long[kernels.size()][];
            long[][] kernelOutputs = new long[kernels.size()][];
            for (int k = 0; k < kernels.size(); k++) {
                kernelInputs[k] = pick(addresses, inputSlots[k]);
                kernelOutputs[k] = pick(addresses, outputSlots[k]);
            }
            for (int from = 0; from < rows; from += CHUNK) {
                int to = Math.min(rows, from + CHUNK);
                for (int k = 0; k < kernels.size(); k++) {
                    nulls[k] |= kernels.get(k).compute(input.keyIds(), from, to, kernelInputs[k], kernelOutputs[k]);
                }
            }
            for (int k = 0; k < kernels.size(); k++) {
                for (int j = 0; j < outputSlots[k].length; j++) {
                    Float8Vector vector = outputs.get(outputSlots[k][j] - inputColumns.size());
                    if ((nulls[k] & (1L << j)) != 0) {
                        nullWhereNaN(vector, rows);
                    } else {
                        RowGather.setAllValid(vector, rows);
                        vector.setValueCount(rows);
                    }
                }
            }
        } catch (RuntimeException e) {
            outputs.forEach(Float8Vector::close);
            throw e;
        }
        return Batches.appendColumns(batch, outputs);
    }

    private static long[] pick(long[] addresses, int[] slots) {
        long[] picked = new long[slots.length];
        for (int i = 0; i < slots.length; i++) {
            picked[i] = addresses[slots[i]];
        }
        return picked;
    }

    /**
     * The address of the vector's values with every null slot holding NaN. A null slot's value is
     * undefined in Arrow, so writing NaN there changes nothing a reader of the column can see.
     */
    static long nullsAsNaN(Float8Vector vector, int rows) {
        long values = vector.getDataBufferAddress();
        if (vector.getNullCount() > 0) {
            long nan = Double.doubleToRawLongBits(Double.NaN);
            for (int row = 0; row < rows; row++) {
                if (vector.isNull(row)) {
                    MemoryUtil.putLong(values + 8L * row, nan);
                }
            }
        }
        return values;
    }

    /** Sets the validity of every row: valid unless its value is NaN; then the value count. */
    static void nullWhereNaN(Float8Vector vector, int rows) {
        long values = vector.getDataBufferAddress();
        long validity = vector.getValidityBufferAddress();
        int first = 0;
        if (MemoryUtil.LITTLE_ENDIAN) { // 64 rows per 8-byte write of the bitmap
            for (; first + 64 <= rows; first += 64) {
                long bits = 0;
                for (int i = 0; i < 64; i++) {
                    double value = Double.longBitsToDouble(MemoryUtil.getLong(values + 8L * (first + i)));
                    bits |= (value == value ? 1L : 0L) << i;
                }
                MemoryUtil.putLong(validity + (first >>> 3), bits);
            }
        }
        for (; first < rows; first += 8) {
            int bits = 0;
            for (int row = first, end = Math.min(rows, first + 8); row < end; row++) {
                double value = Double.longBitsToDouble(MemoryUtil.getLong(values + 8L * row));
                bits |= (value == value ? 1 : 0) << (row - first);
            }
            MemoryUtil.putByte(validity + (first >>> 3), (byte) bits);
        }
        vector.setValueCount(rows);
    }
}
