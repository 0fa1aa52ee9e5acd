package io.sabot.fintech.source;

import io.sabot.actors.api.Source;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.batch.Batches;
import io.sabot.actors.batch.RowGather;
import io.sabot.actors.stream.Batch;
import io.sabot.fintech.schema.MarketData;
import io.sabot.state.keygroups.KeyGroupRangeAssignment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Synthetic top-of-book quotes for demos and benchmarks: symbols with Zipf-like activity, bid
 * prices on a 0.01 tick grid doing a random walk, spreads of mostly one or two ticks, sizes in round
 * lots, and timestamps advancing at a fixed rate. Deterministic for a seed, so a run can be
 * replayed from any offset.
 *
 * <p>With parallelism p, subtask i emits the global rows i, i + p, i + 2p, … with its own random
 * stream; each subtask's symbols and prices evolve independently. Batches are written straight
 * into Arrow memory (tens of millions of rows per second per core), so benchmarks measure the
 * pipeline rather than the generator.
 */
public final class SyntheticQuotes implements Source {

    /** When the quotes start: 2026-01-02 14:30 UTC, in epoch milliseconds. */
    public static final long START_MILLIS = 1_767_364_200_000L;

    /** Quotes per millisecond of event time (all symbols together). */
    public static final int ROWS_PER_MILLISECOND = 10;

    private final int symbols;
    private final long rows;
    private final int batchSize;
    private final long seed;
    private final double zipfExponent;
    private final long startMillis;
    private final int rowsPerMillisecond;
    private final int keyGroups; // 0: not partitioned by key
    private final boolean dictionaryEncoded;

    private SyntheticQuotes(int symbols, long rows, int batchSize, long seed, double zipfExponent,
                            long startMillis, int rowsPerMillisecond, int keyGroups, boolean dictionaryEncoded) {
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
        this.keyGroups = keyGroups;
        this.dictionaryEncoded = dictionaryEncoded;
    }

    /** {@code rows} quotes over {@code symbols} symbols; 8192 rows per batch, seed 42, from 2026-01-02 14:30 UTC. */
    public static SyntheticQuotes of(int symbols, long rows) {
        return new SyntheticQuotes(symbols, rows, 8192, 42, 1.1, START_MILLIS, ROWS_PER_MILLISECOND, 0, false);
    }

    /** Activity skew: symbol of rank r is drawn with weight 1/(r+1)^exponent; 0 draws symbols uniformly. */
    public SyntheticQuotes withZipfExponent(double exponent) {
        if (!(exponent >= 0)) {
            throw new IllegalArgumentException("the Zipf exponent must be at least 0, got " + exponent);
        }
        return new SyntheticQuotes(symbols, rows, batchSize, seed, exponent, startMillis, rowsPerMillisecond, keyGroups,
                dictionaryEncoded);
    }

    public SyntheticQuotes withBatchSize(int batchSize) {
        return new SyntheticQuotes(symbols, rows, batchSize, seed, zipfExponent, startMillis, rowsPerMillisecond, keyGroups,
                dictionaryEncoded);
    }

    /**
     * Partitioned by symbol as {@code keyBy("symbol")} would partition it for a job with
     * {@code maxParallelism} key groups: subtask i of p quotes only the symbols Flink's formula
     * assigns to subtask i (like a Kafka topic keyed by symbol). Pair it with
     * {@code reinterpretAsKeyedStream("symbol")} and the same parallelism downstream.
     */
    public SyntheticQuotes partitionedByKey(int maxParallelism) {
        KeyGroupRangeAssignment.checkParallelismPreconditions(maxParallelism, 1);
        return new SyntheticQuotes(symbols, rows, batchSize, seed, zipfExponent, startMillis, rowsPerMillisecond,
                maxParallelism, dictionaryEncoded);
    }

    /**
     * Symbols dictionary-encoded ({@link MarketData#QUOTES_DICTIONARY_ENCODED}): each batch carries a
     * dictionary of the subtask's symbols and every row an int32 index into it, read with
     * {@link SourceReader#nextBatch()}. Same quotes as without.
     */
    public SyntheticQuotes withDictionaryEncodedSymbols() {
        return new SyntheticQuotes(symbols, rows, batchSize, seed, zipfExponent, startMillis, rowsPerMillisecond,
                keyGroups, true);
    }

    /** The length of every ticker among {@code symbols}: 4 letters, more when 26^4 is not enough. */
    static int tickerLength(int symbols) {
        int length = 4;
        for (long space = 26L * 26 * 26 * 26; space < symbols; space *= 26) {
            length++;
        }
        return length;
    }

    /** The ticker of symbol {@code index}: distinct upper-case letters, at least four. */
    public static String ticker(int index, int symbols) {
        int length = tickerLength(symbols);
        long space = 1;
        for (int i = 0; i < length; i++) {
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
        return dictionaryEncoded ? MarketData.QUOTES_DICTIONARY_ENCODED : MarketData.QUOTES;
    }

    @Override
    public int maxParallelism() {
        return Integer.MAX_VALUE;
    }

    @Override
    public SourceReader createReader(SourceContext context) {
        Generator generator = new Generator(context);
        if (context.startPosition() != null) {
            generator.restore(context.startPosition());
        } else {
            generator.skip(context.startOffset());
        }
        return generator;
    }

    /** A bid's move by two random bits: down, unchanged, unchanged, up (tables: the draws are random, branches would mispredict). */
    private static final int[] BID_MOVE = {-1, 0, 0, 1};
    /** The spread in ticks by four random bits: 1 (10 in 16), 2 (4 in 16) or 3 (2 in 16). */
    private static final int[] SPREAD_TICKS = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3};

    private final class Generator implements SourceReader {
        private final SourceContext context;
        private final long ownRows;          // rows this subtask emits in total
        private final int[] symbolIndexes;   // the symbols this subtask quotes (all, unless partitioned)
        private final ZipfSampler activity;
        private final long[] packedNames;    // tickers (one length, at most 8 bytes), little-endian: one write per row
        private final int nameLength;
        private final long[] bidTicks;
        private long random;
        private long emitted;

        Generator(SourceContext context) {
            this.context = context;
            int p = context.parallelism();
            int i = context.subtaskIndex();
            this.ownRows = rows / p + (i < rows % p ? 1 : 0);
            this.random = seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L + 1;
            this.symbolIndexes = ownSymbols(i, p);
            if (symbolIndexes.length == 0 && ownRows > 0) {
                throw new IllegalStateException("subtask " + i + " of " + p + " owns none of the " + symbols
                        + " symbols: use more symbols or a lower parallelism");
            }
            this.activity = new ZipfSampler(ZipfSampler.zipfWeights(symbolIndexes, zipfExponent));
            this.packedNames = new long[symbolIndexes.length];
            this.bidTicks = new long[symbolIndexes.length];
            this.nameLength = tickerLength(symbols);
            for (int s = 0; s < symbolIndexes.length; s++) {
                byte[] name = ticker(symbolIndexes[s], symbols).getBytes(StandardCharsets.US_ASCII);
                for (int b = name.length - 1; b >= 0; b--) {
                    packedNames[s] = (packedNames[s] << 8) | name[b];
                }
                double price = 5 * Math.exp(nextDouble() * Math.log(100)); // log-uniform 5 … 500
                bidTicks[s] = Math.max(1, Math.round(price * 100));
            }
        }

        /** Every symbol, or with a key partitioning only those whose key group belongs to this subtask. */
        private int[] ownSymbols(int subtask, int parallelism) {
            if (keyGroups == 0) {
                int[] all = new int[symbols];
                for (int s = 0; s < symbols; s++) {
                    all[s] = s;
                }
                return all;
            }
            return java.util.stream.IntStream.range(0, symbols)
                    .filter(s -> KeyGroupRangeAssignment.assignKeyToParallelOperator(ticker(s, symbols), keyGroups,
                            parallelism) == subtask)
                    .toArray();
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
                long move = nextLong(); // the same draws, in the same order, as next()
                step(nextLong(), move);
                emitted++;
            }
        }

        /** Advances the quote of one symbol (two random longs: which symbol, and how it moves); returns it. */
        private int step(long pick, long move) {
            int symbol = activity.sample(pick);
            bidTicks[symbol] = Math.max(1, bidTicks[symbol] + BID_MOVE[(int) (move & 3)]);
            return symbol;
        }

        @Override
        public VectorSchemaRoot next() {
            if (dictionaryEncoded) {
                throw new IllegalStateException("dictionary-encoded quotes come with their dictionary: read them with nextBatch()");
            }
            return generate();
        }

        @Override
        public Batch nextBatch() {
            VectorSchemaRoot batch = generate();
            if (batch == null || !dictionaryEncoded) {
                return batch == null ? null : Batch.of(batch);
            }
            VarCharVector names = new VarCharVector("symbol", context.allocator());
            names.allocateNew((long) nameLength * symbolIndexes.length + 8, symbolIndexes.length);
            long offsets = names.getOffsetBufferAddress();
            long data = names.getDataBufferAddress();
            MemoryUtil.putInt(offsets, 0);
            for (int s = 0; s < symbolIndexes.length; s++) {
                MemoryUtil.putLong(data + (long) s * nameLength, packedNames[s]);
                MemoryUtil.putInt(offsets + 4L * (s + 1), (s + 1) * nameLength);
            }
            RowGather.setAllValid(names, symbolIndexes.length);
            names.setLastSet(symbolIndexes.length - 1);
            names.setValueCount(symbolIndexes.length);
            Dictionary dictionary = new Dictionary(names,
                    schema().getFields().get(0).getDictionary());
            return Batch.of(batch, new DictionaryProvider.MapDictionaryProvider(dictionary));
        }

        /** The next batch; with dictionary-encoded symbols the symbol column holds indices into the own symbols. */
        private VectorSchemaRoot generate() {
            if (emitted >= ownRows) {
                return null;
            }
            int count = (int) Math.min(batchSize, ownRows - emitted);
            VectorSchemaRoot batch = VectorSchemaRoot.create(schema(), context.allocator());
            VarCharVector symbol = dictionaryEncoded ? null : (VarCharVector) batch.getVector("symbol");
            IntVector symbolIndex = dictionaryEncoded ? (IntVector) batch.getVector("symbol") : null;
            BigIntVector ts = (BigIntVector) batch.getVector("ts");
            Float8Vector bid = (Float8Vector) batch.getVector("bid");
            Float8Vector ask = (Float8Vector) batch.getVector("ask");
            Float8Vector bidSize = (Float8Vector) batch.getVector("bid_size");
            Float8Vector askSize = (Float8Vector) batch.getVector("ask_size");
            if (dictionaryEncoded) {
                Batches.allocateUnzeroed(symbolIndex, count);
            } else {
                symbol.allocateNew((long) nameLength * count + 8, count); // + 8: room for the last 8-byte name write
            }
            for (BaseFixedWidthVector column : List.of(ts, bid, ask, bidSize, askSize)) {
                Batches.allocateUnzeroed(column, count); // every value is written below
            }
            // Raw writes into the freshly allocated buffers: no bounds checks or growth per row.
            long symbolOffsets = dictionaryEncoded ? 0 : symbol.getOffsetBufferAddress();
            long symbolData = dictionaryEncoded ? symbolIndex.getDataBufferAddress() : symbol.getDataBufferAddress();
            long tsData = ts.getDataBufferAddress();
            long bidData = bid.getDataBufferAddress();
            long askData = ask.getDataBufferAddress();
            long bidSizeData = bidSize.getDataBufferAddress();
            long askSizeData = askSize.getDataBufferAddress();
            int p = context.parallelism();
            long global = emitted * p + context.subtaskIndex();
            long timestamp = startMillis + global / rowsPerMillisecond; // then advanced without dividing
            long withinMillisecond = global % rowsPerMillisecond;
            int offset = 0;
            if (!dictionaryEncoded) {
                MemoryUtil.putInt(symbolOffsets, 0);
            }
            for (int i = 0; i < count; i++) {
                long move = nextLong();
                int s = step(nextLong(), move);
                if (dictionaryEncoded) {
                    MemoryUtil.putInt(symbolData + 4L * i, s); // the index of the symbol in the batch's dictionary
                } else {
                    MemoryUtil.putLong(symbolData + offset, packedNames[s]); // the next name overwrites the padding
                    offset += nameLength;
                    MemoryUtil.putInt(symbolOffsets + 4L * (i + 1), offset);
                }
                long at = 8L * i;
                MemoryUtil.putLong(tsData + at, timestamp);
                withinMillisecond += p;
                while (withinMillisecond >= rowsPerMillisecond) {
                    withinMillisecond -= rowsPerMillisecond;
                    timestamp++;
                }
                long bidTick = bidTicks[s];
                int spreadTicks = SPREAD_TICKS[(int) ((move >>> 2) & 15)];
                putDouble(bidData + at, bidTick / 100.0);
                putDouble(askData + at, (bidTick + spreadTicks) / 100.0);
                putDouble(bidSizeData + at, 100.0 * (1 + (int) ((move >>> 6) & 15)));
                putDouble(askSizeData + at, 100.0 * (1 + (int) ((move >>> 10) & 15)));
            }
            for (var vector : batch.getFieldVectors()) {
                RowGather.setAllValid(vector, count);
            }
            if (!dictionaryEncoded) {
                symbol.setLastSet(count - 1);
            }
            batch.setRowCount(count);
            emitted += count;
            return batch;
        }

        @Override
        public long offset() {
            return emitted;
        }

        /** The generator's whole state (rows emitted, random state, every symbol's bid): a restore continues without replaying. */
        @Override
        public byte[] position() {
            ByteBuffer state = ByteBuffer.allocate(16 + 8 * bidTicks.length).putLong(emitted).putLong(random);
            for (long bid : bidTicks) {
                state.putLong(bid);
            }
            return state.array();
        }

        void restore(byte[] position) {
            ByteBuffer state = ByteBuffer.wrap(position);
            if (position.length != 16 + 8 * bidTicks.length) {
                throw new IllegalArgumentException("a synthetic quote generator of " + bidTicks.length
                        + " symbols cannot continue from the state of one of " + (position.length - 16) / 8);
            }
            emitted = state.getLong();
            random = state.getLong();
            for (int s = 0; s < bidTicks.length; s++) {
                bidTicks[s] = state.getLong();
            }
        }

        @Override
        public void close() {}
    }

    private static void putDouble(long address, double value) {
        MemoryUtil.putLong(address, Double.doubleToRawLongBits(value));
    }
}
