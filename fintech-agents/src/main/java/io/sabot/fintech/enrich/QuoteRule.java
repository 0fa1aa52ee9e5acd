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
 *
 * <p>"At the mid" allows for binary floating point: prices are decimals that doubles hold only
 * approximately, so a trade at 100.02 against 100.00 / 100.04 has {@code (bid + ask) / 2} =
 * 100.02000000000001. A price is at the mid when {@code |2·price − (bid + ask)|} is at most
 * {@link #AT_MID} of {@code |bid + ask|}, a billionth: far below any tick, far above rounding.
 */
public final class QuoteRule implements BatchFunction {

    public static final String MID = "mid";
    public static final String SPREAD = "spread";
    public static final String SIDE = "side";

    /** The relative tolerance of "at the mid" (see the class comment). */
    public static final double AT_MID = 1e-9;

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
                double sum = b + a;
                double above = 2 * price.get(row) - sum; // twice the distance from the mid, exactly doubled
                mid.set(row, sum * 0.5);
                spread.set(row, a - b);
                side.set(row, Math.abs(above) <= AT_MID * Math.abs(sum) ? 0 : above > 0 ? 1 : -1);
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
