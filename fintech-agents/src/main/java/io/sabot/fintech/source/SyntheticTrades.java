package io.sabot.fintech.source;

import io.sabot.actors.api.Source;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.batch.Batches;
import io.sabot.actors.batch.RowGather;
import io.sabot.fintech.schema.MarketData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Synthetic trades ({@link MarketData#TRADES}) over the same tickers as {@link SyntheticQuotes}, for
 * benchmarks that join trades with quotes: symbols drawn with the same Zipf-like activity, prices
 * around 100 on a 0.01 grid, sizes in round lots, timestamps in time order spread evenly over
 * {@code spanMillis} from {@link SyntheticQuotes#START_MILLIS} (10M quotes span 1,000,000 ms).
 * Deterministic for a seed; one subtask (parallelism 1); written straight into Arrow memory.
 */
public final class SyntheticTrades implements Source {

    private final int symbols;
    private final long rows;
    private final long spanMillis;
    private final int batchSize;
    private final double zipfExponent;

    private SyntheticTrades(int symbols, long rows, long spanMillis, int batchSize, double zipfExponent) {
        if (symbols < 1 || rows < 0 || spanMillis < 1 || batchSize < 1) {
            throw new IllegalArgumentException("need symbols >= 1, rows >= 0, a span >= 1 ms and batches >= 1 row, got "
                    + symbols + ", " + rows + ", " + spanMillis + ", " + batchSize);
        }
        this.symbols = symbols;
        this.rows = rows;
        this.spanMillis = spanMillis;
        this.batchSize = batchSize;
        this.zipfExponent = zipfExponent;
    }

    /** {@code rows} trades of {@code symbols} symbols over the time {@code quotes} quotes of {@link SyntheticQuotes} span. */
    public static SyntheticTrades alongside(int symbols, long rows, long quotes) {
        return new SyntheticTrades(symbols, rows, Math.max(1, quotes / SyntheticQuotes.ROWS_PER_MILLISECOND), 8192, 1.1);
    }

    public SyntheticTrades withBatchSize(int batchSize) {
        return new SyntheticTrades(symbols, rows, spanMillis, batchSize, zipfExponent);
    }

    public SyntheticTrades withZipfExponent(double exponent) {
        return new SyntheticTrades(symbols, rows, spanMillis, batchSize, exponent);
    }

    @Override
    public Schema schema() {
        return MarketData.TRADES;
    }

    @Override
    public int maxParallelism() {
        return 1;
    }

    @Override
    public SourceReader createReader(SourceContext context) {
        Generator generator = new Generator(context);
        generator.skip(context.startOffset());
        return generator;
    }

    private final class Generator implements SourceReader {
        private final SourceContext context;
        private final ZipfSampler activity;
        private final byte[][] names;
        private long random = 0x5DEECE66DL;
        private long emitted;

        Generator(SourceContext context) {
            this.context = context;
            int[] all = new int[symbols];
            this.names = new byte[symbols][];
            for (int s = 0; s < symbols; s++) {
                all[s] = s;
                names[s] = SyntheticQuotes.ticker(s, symbols).getBytes(StandardCharsets.US_ASCII);
            }
            this.activity = new ZipfSampler(ZipfSampler.zipfWeights(all, zipfExponent));
        }

        /** xorshift64*. */
        private long nextLong() {
            long x = random;
            x ^= x >>> 12;
            x ^= x << 25;
            x ^= x >>> 27;
            random = x;
            return x * 0x2545F4914F6CDD1DL;
        }

        void skip(long count) {
            for (long i = 0; i < Math.min(count, rows); i++) {
                nextLong();
                nextLong();
            }
            emitted = Math.min(count, rows);
        }

        @Override
        public VectorSchemaRoot next() {
            if (emitted >= rows) {
                return null;
            }
            int count = (int) Math.min(batchSize, rows - emitted);
            VectorSchemaRoot batch = VectorSchemaRoot.create(MarketData.TRADES, context.allocator());
            VarCharVector symbol = (VarCharVector) batch.getVector("symbol");
            BigIntVector ts = (BigIntVector) batch.getVector("ts");
            Float8Vector price = (Float8Vector) batch.getVector("price");
            Float8Vector size = (Float8Vector) batch.getVector("size");
            symbol.allocateNew((long) names[0].length * count, count);
            for (BaseFixedWidthVector column : List.of(ts, price, size)) {
                Batches.allocateUnzeroed(column, count);
            }
            for (int i = 0; i < count; i++) {
                long row = emitted + i;
                int s = activity.sample(nextLong());
                long move = nextLong();
                symbol.setSafe(i, names[s]);
                MemoryUtil.putLong(ts.getDataBufferAddress() + 8L * i,
                        SyntheticQuotes.START_MILLIS + (long) ((double) row * spanMillis / Math.max(1, rows)));
                putDouble(price.getDataBufferAddress() + 8L * i, (10_000 + (move & 1023) - 512) / 100.0);
                putDouble(size.getDataBufferAddress() + 8L * i, 100.0 * (1 + ((move >>> 10) & 15)));
            }
            for (BaseFixedWidthVector column : List.of(ts, price, size)) {
                RowGather.setAllValid(column, count);
            }
            symbol.setValueCount(count);
            batch.setRowCount(count);
            emitted += count;
            return batch;
        }

        @Override
        public long offset() {
            return emitted;
        }

        @Override
        public void close() {}
    }

    private static void putDouble(long address, double value) {
        MemoryUtil.putLong(address, Double.doubleToRawLongBits(value));
    }
}
