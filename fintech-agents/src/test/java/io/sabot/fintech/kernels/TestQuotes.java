package io.sabot.fintech.kernels;

import io.sabot.actors.api.SourceContext;
import io.sabot.fintech.schema.MarketData;
import io.sabot.fintech.source.SyntheticQuotes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Quotes for kernel tests, held row by row on the heap: generated ones with bad values mixed in
 * (NaN and null prices and sizes, negative and zero sizes, crossed quotes, repeated quotes), or
 * written by hand. A null is a Java null; the kernels see it as an Arrow null.
 */
record TestQuotes(List<String> symbols, List<Double> bid, List<Double> ask, List<Double> bidSize, List<Double> askSize) {

    int size() {
        return symbols.size();
    }

    /** {@code rows} generated quotes over {@code symbols} symbols, about one row in 25 made bad. */
    static TestQuotes generated(int symbols, int rows, long seed) {
        TestQuotes quotes = new TestQuotes(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        try (BufferAllocator allocator = new RootAllocator();
             var reader = SyntheticQuotes.of(symbols, rows).withBatchSize(rows).createReader(new SourceContext(0, 1, 0, allocator));
             VectorSchemaRoot root = reader.next()) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int r = 0; r < rows; r++) {
                Double[] q = {value(root, "bid", r), value(root, "ask", r), value(root, "bid_size", r), value(root, "ask_size", r)};
                switch (random.nextInt(100)) {
                    case 0 -> q[random.nextInt(4)] = Double.NaN;
                    case 1 -> q[random.nextInt(4)] = null;
                    case 2 -> q[2 + random.nextInt(2)] = -100.0;
                    case 3 -> q[2] = q[3] = 0.0;
                    case 4 -> q[0] = q[1] + 0.01; // crossed
                    default -> { }
                }
                if (r > 0 && random.nextInt(30) == 0) { // the symbol's previous quote again: zero returns, equal windows
                    int previous = quotes.symbols.lastIndexOf(root.getVector("symbol").getObject(r).toString());
                    if (previous >= 0) {
                        q = new Double[] {quotes.bid.get(previous), quotes.ask.get(previous), quotes.bidSize.get(previous),
                                quotes.askSize.get(previous)};
                    }
                }
                quotes.add(root.getVector("symbol").getObject(r).toString(), q[0], q[1], q[2], q[3]);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return quotes;
    }

    /** Quotes written by hand: {symbol, bid, ask, bid size, ask size} per row. */
    static TestQuotes of(Object[]... rows) {
        TestQuotes quotes = new TestQuotes(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        for (Object[] row : rows) {
            quotes.add((String) row[0], number(row[1]), number(row[2]), number(row[3]), number(row[4]));
        }
        return quotes;
    }

    private static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    private void add(String symbol, Double b, Double a, Double bs, Double as) {
        symbols.add(symbol);
        bid.add(b);
        ask.add(a);
        bidSize.add(bs);
        askSize.add(as);
    }

    private static Double value(VectorSchemaRoot root, String column, int row) {
        return ((Float8Vector) root.getVector(column)).get(row);
    }

    /** Rows {@code from … to − 1} as an Arrow batch of {@link MarketData#QUOTES} (ts null). */
    VectorSchemaRoot batch(int from, int to, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(MarketData.QUOTES, allocator);
        root.allocateNew();
        for (int i = from; i < to; i++) {
            int row = i - from;
            ((VarCharVector) root.getVector("symbol")).setSafe(row, symbols.get(i).getBytes(StandardCharsets.UTF_8));
            root.getVector("ts").setNull(row);
            put(root, "bid", row, bid.get(i));
            put(root, "ask", row, ask.get(i));
            put(root, "bid_size", row, bidSize.get(i));
            put(root, "ask_size", row, askSize.get(i));
        }
        root.setRowCount(to - from);
        return root;
    }

    private static void put(VectorSchemaRoot root, String column, int row, Double value) {
        Float8Vector vector = (Float8Vector) root.getVector(column);
        if (value == null) {
            vector.setNull(row);
        } else {
            vector.setSafe(row, value);
        }
    }

    /** The value as a kernel reads it: a null is NaN. */
    static double read(Double value) {
        return value == null ? Double.NaN : value;
    }

    /** The mid of row {@code i} as the mid-price kernel computes it (NaN where it is null). */
    double mid(int i) {
        return (read(bid.get(i)) + read(ask.get(i))) * 0.5;
    }

    @Override
    public String toString() {
        return size() + " quotes " + Arrays.asList(symbols.stream().distinct().limit(3).toArray()) + "…";
    }
}
