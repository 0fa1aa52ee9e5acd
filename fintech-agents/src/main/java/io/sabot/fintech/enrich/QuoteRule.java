package io.sabot.fintech.enrich;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.batch.Batches;
import io.sabot.actors.batch.SchemaBuilder;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The quote rule of trade classification, vectorized: for trades joined with the quote in force
 * (float64 {@code price}, {@code bid}, {@code ask}), appends {@code mid = (bid + ask) / 2},
 * {@code spread = ask − bid} and {@code side}: 1 when the price is above the mid (a buy), −1 below
 * (a sell), 0 at the mid. All three are null for a trade without a quote (bid or ask null). A
 * crossed quote is taken as given (its spread is negative). Stateless; rows keep their order and
 * event time.
 */
public final class QuoteRule implements BatchFunction {

    public static final String MID = "mid";
    public static final String SPREAD = "spread";
    public static final String SIDE = "side";

    private BufferAllocator allocator;

    @Override
    public Schema outputSchema(Schema input) {
        for (String column : List.of("price", "bid", "ask")) {
            Field field = input.getFields().stream().filter(f -> f.getName().equals(column)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the quote rule needs a float64 column '" + column
                            + "', the input has " + input.getFields().stream().map(Field::getName).toList()));
            if (!field.getType().equals(SchemaBuilder.FLOAT64)) {
                throw new IllegalArgumentException("the quote rule needs column '" + column + "' as float64, the input has "
                        + field.getType());
            }
        }
        return SchemaBuilder.from(input).float64(MID).float64(SPREAD).int32(SIDE).build(); // refuses a name taken
    }

    @Override
    public void open(AgentContext context) {
        this.allocator = context.allocator();
    }

    @Override
    public VectorSchemaRoot process(KeyedBatch input) {
        VectorSchemaRoot root = input.root();
        int rows = root.getRowCount();
        Float8Vector price = (Float8Vector) root.getVector("price");
        Float8Vector bid = (Float8Vector) root.getVector("bid");
        Float8Vector ask = (Float8Vector) root.getVector("ask");
        Float8Vector mid = new Float8Vector(MID, allocator);
        Float8Vector spread = new Float8Vector(SPREAD, allocator);
        IntVector side = new IntVector(SIDE, allocator);
        try {
            mid.allocateNew(rows);     // validity cleared: rows without a quote stay null
            spread.allocateNew(rows);
            side.allocateNew(rows);
            for (int row = 0; row < rows; row++) {
                if (bid.isNull(row) || ask.isNull(row) || price.isNull(row)) {
                    continue;
                }
                double b = bid.get(row);
                double a = ask.get(row);
                double m = (b + a) * 0.5;
                double p = price.get(row);
                mid.set(row, m);
                spread.set(row, a - b);
                side.set(row, p > m ? 1 : p < m ? -1 : 0);
            }
            mid.setValueCount(rows);
            spread.setValueCount(rows);
            side.setValueCount(rows);
        } catch (RuntimeException e) {
            mid.close();
            spread.close();
            side.close();
            throw e;
        }
        return Batches.appendColumns(root, List.of(mid, spread, side));
    }
}
