package io.sabot.fintech.source;

import io.sabot.actors.api.Source;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.fintech.schema.MarketData;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Synthetic top-of-book quotes for demos and benchmarks: symbols with Zipf-like activity, bid
 * prices on a 0.01 tick grid doing a random walk, spreads of mostly one or two ticks, sizes in round
 * lots, and timestamps advancing at a fixed rate. Deterministic for a seed, so a run can be
 * replayed from any offset.
 *
 * <p>With parallelism p, subtask i emits the global rows i, i + p, i + 2p, … with its own random
 * stream; each subtask's symbols and prices evolve independently.
 */
public final class SyntheticQuotes implements Source {

    private final int symbols;
    private final long rows;
    private final int batchSize;
    private final long seed;
    private final double zipfExponent;
    private final long startMillis;
    private final int rowsPerMillisecond;

    private SyntheticQuotes(int symbols, long rows, int batchSize, long seed, double zipfExponent,
                            long startMillis, int rowsPerMillisecond) {
        if (symbols < 1) {
            throw new IllegalArgumentException("need at least one symbol, got " + symbols);
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative, got " + rows);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (rowsPerMillisecond < 1) {
            throw new IllegalArgumentException("rows per millisecond must be at least 1, got " + rowsPerMillisecond);
        }
        this.symbols = symbols;
        this.rows = rows;
        this.batchSize = batchSize;
        this.seed = seed;
        this.zipfExponent = zipfExponent;
        this.startMillis = startMillis;
        this.rowsPerMillisecond = rowsPerMillisecond;
    }

    /** {@code rows} quotes over {@code symbols} symbols; 8192 rows per batch, seed 42, from 2026-01-02 14:30 UTC. */
    public static SyntheticQuotes of(int symbols, long rows) {
        return new SyntheticQuotes(symbols, rows, 8192, 42, 1.1, 1_767_364_200_000L, 10);
    }

    public SyntheticQuotes withBatchSize(int batchSize) {
        return new SyntheticQuotes(symbols, rows, batchSize, seed, zipfExponent, startMillis, rowsPerMillisecond);
    }

    /** The ticker of symbol {@code index}: distinct upper-case letters, at least four. */
    public static String ticker(int index, int symbols) {
        int length = 4;
        long space = 26L * 26 * 26 * 26;
        while (space < symbols) {
            length++;
            space *= 26;
        }
        long code = Math.floorMod(index * 7919L + 17, space); // 7919 is coprime with 26^n: a bijection
        char[] letters = new char[length];
        for (int i = length - 1; i >= 0; i--) {
            letters[i] = (char) ('A' + code % 26);
            code /= 26;
        }
        return new String(letters);
    }

    @Override
    public Schema schema() {
        return MarketData.QUOTES;
    }

    @Override
    public int maxParallelism() {
        return Integer.MAX_VALUE;
    }

    @Override
    public SourceReader createReader(SourceContext context) {
        Generator generator = new Generator(context);
        generator.skip(context.startOffset());
        return generator;
    }

    private final class Generator implements SourceReader {
        private final SourceContext context;
        private final long ownRows;          // rows this subtask emits in total
        private final ZipfSampler activity = new ZipfSampler(symbols, zipfExponent);
        private final byte[][] names = new byte[symbols][];
        private final long[] bidTicks = new long[symbols];
        private long random;
        private long emitted;
        private int spreadTicks; // of the quote the last step() made
        private int bidLots;
        private int askLots;

        Generator(SourceContext context) {
            this.context = context;
            int p = context.parallelism();
            int i = context.subtaskIndex();
            this.ownRows = rows / p + (i < rows % p ? 1 : 0);
            this.random = seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L + 1;
            for (int s = 0; s < symbols; s++) {
                names[s] = ticker(s, symbols).getBytes(StandardCharsets.US_ASCII);
                double price = 5 * Math.exp(nextDouble() * Math.log(100)); // log-uniform 5 … 500
                bidTicks[s] = Math.max(1, Math.round(price * 100));
            }
        }

        /** xorshift64*: fast, and good enough for synthetic prices. */
        private long nextLong() {
            long x = random;
            x ^= x >>> 12;
            x ^= x << 25;
            x ^= x >>> 27;
            random = x;
            return x * 0x2545F4914F6CDD1DL;
        }

        private double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }

        void skip(long count) {
            long target = Math.min(count, ownRows);
            while (emitted < target) {
                step();
                emitted++;
            }
        }

        /** Advances one quote; returns its symbol index (prices and sizes land in the fields below). */
        private int step() {
            long r = nextLong();
            int symbol = activity.sample((int) ((r >>> 32) % symbols), nextDouble());
            int move = (int) (r & 3); // 0: down, 3: up, else unchanged
            long bid = bidTicks[symbol] + (move == 0 ? -1 : move == 3 ? 1 : 0);
            bidTicks[symbol] = Math.max(1, bid);
            int spreadDraw = (int) ((r >>> 2) & 15);
            spreadTicks = spreadDraw < 10 ? 1 : spreadDraw < 14 ? 2 : 3;
            bidLots = 1 + (int) ((r >>> 6) & 15);
            askLots = 1 + (int) ((r >>> 10) & 15);
            return symbol;
        }

        @Override
        public VectorSchemaRoot next() {
            if (emitted >= ownRows) {
                return null;
            }
            int count = (int) Math.min(batchSize, ownRows - emitted);
            VectorSchemaRoot batch = VectorSchemaRoot.create(MarketData.QUOTES, context.allocator());
            VarCharVector symbol = (VarCharVector) batch.getVector("symbol");
            BigIntVector ts = (BigIntVector) batch.getVector("ts");
            Float8Vector bid = (Float8Vector) batch.getVector("bid");
            Float8Vector ask = (Float8Vector) batch.getVector("ask");
            Float8Vector bidSize = (Float8Vector) batch.getVector("bid_size");
            Float8Vector askSize = (Float8Vector) batch.getVector("ask_size");
            symbol.allocateNew(8L * count, count);
            ts.allocateNew(count);
            bid.allocateNew(count);
            ask.allocateNew(count);
            bidSize.allocateNew(count);
            askSize.allocateNew(count);
            int p = context.parallelism();
            long firstGlobal = emitted * p + context.subtaskIndex();
            for (int i = 0; i < count; i++) {
                int s = step();
                symbol.setSafe(i, names[s]);
                long global = firstGlobal + (long) i * p;
                ts.set(i, startMillis + global / rowsPerMillisecond);
                long bidTick = bidTicks[s];
                bid.set(i, bidTick / 100.0);
                ask.set(i, (bidTick + spreadTicks) / 100.0);
                bidSize.set(i, 100.0 * bidLots);
                askSize.set(i, 100.0 * askLots);
            }
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
}
