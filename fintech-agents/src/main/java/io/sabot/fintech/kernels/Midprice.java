package io.sabot.fintech.kernels;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.batch.Batches;
import io.sabot.actors.batch.RowGather;
import io.sabot.actors.batch.SchemaBuilder;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Appends {@code mid = (bid + ask) / 2} to every quote; null where bid or ask is null. Stateless:
 * runs keyed or not, and keeps the input's rows and their order.
 */
public final class Midprice implements BatchFunction {

    public static final String OUTPUT = "mid";

    private BufferAllocator allocator;

    @Override
    public Schema outputSchema(Schema input) {
        Columns.requireFloat64(input, "bid");
        Columns.requireFloat64(input, "ask");
        Columns.requireAbsent(input, OUTPUT);
        return SchemaBuilder.from(input).float64(OUTPUT).build();
    }

    @Override
    public void open(AgentContext context) {
        allocator = context.allocator();
    }

    @Override
    public VectorSchemaRoot process(KeyedBatch input) {
        VectorSchemaRoot batch = input.root();
        int rows = batch.getRowCount();
        Float8Vector bid = (Float8Vector) batch.getVector("bid");
        Float8Vector ask = (Float8Vector) batch.getVector("ask");
        Float8Vector mid = new Float8Vector(OUTPUT, allocator);
        mid.allocateNew(rows);
        long bids = bid.getDataBufferAddress();
        long asks = ask.getDataBufferAddress();
        long mids = mid.getDataBufferAddress();
        for (int row = 0; row < rows; row++) {
            long at = 8L * row;
            double value = (Double.longBitsToDouble(MemoryUtil.getLong(bids + at))
                    + Double.longBitsToDouble(MemoryUtil.getLong(asks + at))) * 0.5;
            MemoryUtil.putLong(mids + at, Double.doubleToRawLongBits(value));
        }
        if (bid.getNullCount() == 0 && ask.getNullCount() == 0) {
            RowGather.setAllValid(mid, rows);
        } else {
            for (int row = 0; row < rows; row++) {
                BitVectorHelper.setValidityBit(mid.getValidityBuffer(), row, bid.isNull(row) || ask.isNull(row) ? 0 : 1);
            }
        }
        mid.setValueCount(rows);
        return Batches.appendColumns(batch, List.of(mid));
    }
}
