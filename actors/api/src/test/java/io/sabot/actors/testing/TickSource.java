package io.sabot.actors.testing;

import io.sabot.actors.api.Source;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.batch.SchemaBuilder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A deterministic test source: row i has {@code seq = i}, a symbol drawn from {@code symbols}
 * names and a pseudo-random {@code price}. {@link #row} recomputes any row independently.
 */
public final class TickSource implements Source {

    public static final Schema SCHEMA = SchemaBuilder.of().utf8("symbol").int64("seq").float64("price").build();

    private final long rows;
    private final int symbols;
    private final int batchSize;

    public TickSource(long rows, int symbols, int batchSize) {
        this.rows = rows;
        this.symbols = symbols;
        this.batchSize = batchSize;
    }

    public record Tick(String symbol, long seq, double price) {}

    /** Row {@code seq}, computed without the source. */
    public Tick row(long seq) {
        SplittableRandom random = new SplittableRandom(seq * 0x9E3779B97F4A7C15L + 17);
        String symbol = "S" + random.nextInt(symbols);
        return new Tick(symbol, seq, 100 + random.nextDouble() * 10);
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public SourceReader createReader(SourceContext context) {
        return new SourceReader() {
            long next = context.startOffset();

            @Override
            public VectorSchemaRoot next() {
                if (next >= rows) {
                    return null;
                }
                int count = (int) Math.min(batchSize, rows - next);
                VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, context.allocator());
                VarCharVector symbol = (VarCharVector) batch.getVector("symbol");
                BigIntVector seq = (BigIntVector) batch.getVector("seq");
                Float8Vector price = (Float8Vector) batch.getVector("price");
                batch.allocateNew();
                for (int i = 0; i < count; i++) {
                    Tick tick = row(next + i);
                    symbol.setSafe(i, tick.symbol().getBytes(StandardCharsets.UTF_8));
                    seq.setSafe(i, tick.seq());
                    price.setSafe(i, tick.price());
                }
                batch.setRowCount(count);
                next += count;
                return batch;
            }

            @Override
            public long offset() {
                return next;
            }

            @Override
            public void close() {}
        };
    }
}
