package io.sabot.actors.datastream;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A test trade: {@code seq} numbers the ticks of one input, so every output row can be traced to its input. */
public record Tick(String symbol, String venue, long ts, double price, long size, long seq) {

    /** Out-of-orderness bound of the test inputs (ms): no tick is later than this behind the newest before it. */
    static final long BOUND = 40;

    /**
     * {@code count} ticks of {@code symbols} symbols on two venues, 2 ms apart, with up to ±20 ms of
     * disorder (so none is late for a bound of {@link #BOUND} ms), prices around 100.
     */
    static List<Tick> generate(int count, int symbols, long seed) {
        Random random = new Random(seed);
        List<Tick> ticks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long ts = 1_000 + 2L * i + random.nextInt(41) - 20;
            ticks.add(new Tick("S" + random.nextInt(symbols), random.nextBoolean() ? "XNAS" : "XNYS", ts,
                    Math.round((90 + random.nextDouble() * 20) * 100) / 100.0, 1 + random.nextInt(500), i));
        }
        return ticks;
    }
}
