package io.sabot.actors.broadcast;

import io.sabot.actors.api.OutputTag;
import io.sabot.actors.records.RecordType;
import io.sabot.state.api.MapStateDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The broadcast tests' data: trades of 20 symbols, per-symbol price thresholds broadcast to every
 * subtask (some symbols get a threshold twice, the later one wins; three get none), and what a job
 * must make of them, computed by a plain loop: every trade priced above its symbol's final
 * threshold passes; a trade of a symbol without one goes to the side output {@link #UNKNOWN}.
 */
final class ThresholdData {

    private ThresholdData() {}

    public record Trade(String symbol, long ts, double price, long seq) {}

    /** A symbol's threshold from {@code ts} on; symbol {@link #ALL_SENT} marks the end of the thresholds. */
    public record Threshold(String symbol, long ts, double limit) {}

    public record Passed(String symbol, long seq, double price, double limit) {}

    static final String ALL_SENT = "*";

    /** The broadcast state: each symbol's threshold. */
    static final MapStateDescriptor<String, Double> LIMITS = new MapStateDescriptor<>("limits", String.class, Double.class);

    /** Trades of symbols without a threshold. */
    static final OutputTag UNKNOWN = new OutputTag("unknown", RecordType.of(Trade.class).schema());

    /** How far trades' timestamps are out of order at most (ms). */
    static final long DISORDER = 20;

    /** {@code count} trades 2 ms apart from t = 1,000 ms, up to {@link #DISORDER} out of order. */
    static List<Trade> trades(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Trade> trades = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long ts = 1_000 + 2L * i + random.nextInt((int) DISORDER + 1) - DISORDER / 2;
            trades.add(new Trade("S" + random.nextInt(20), ts, 100 + random.nextInt(1_000) / 10.0, i));
        }
        return trades;
    }

    /**
     * Thresholds of S0 … S16 at times 0 … 16 ms, a second threshold of every third of them (at
     * later times: it replaces the first), then the end marker. All lie before the first trade.
     */
    static List<Threshold> thresholds(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Threshold> thresholds = new ArrayList<>();
        for (int s = 0; s < 17; s++) {
            thresholds.add(new Threshold("S" + s, s, 100 + random.nextInt(1_000) / 10.0));
        }
        for (int s = 0; s < 17; s += 3) {
            thresholds.add(new Threshold("S" + s, 20 + s, 100 + random.nextInt(1_000) / 10.0));
        }
        thresholds.add(new Threshold(ALL_SENT, 40, Double.NaN));
        return thresholds;
    }

    /** The passed trades, by a plain loop: each symbol's last threshold in input order applies. */
    static List<Passed> expectedPassed(List<Trade> trades, List<Threshold> thresholds) {
        Map<String, Double> limits = finalLimits(thresholds);
        List<Passed> passed = new ArrayList<>();
        for (Trade trade : trades) {
            Double limit = limits.get(trade.symbol());
            if (limit != null && trade.price() > limit) {
                passed.add(new Passed(trade.symbol(), trade.seq(), trade.price(), limit));
            }
        }
        return passed;
    }

    /** The trades of symbols without a threshold, by a plain loop. */
    static List<Trade> expectedUnknown(List<Trade> trades, List<Threshold> thresholds) {
        Map<String, Double> limits = finalLimits(thresholds);
        return trades.stream().filter(t -> !limits.containsKey(t.symbol())).toList();
    }

    private static Map<String, Double> finalLimits(List<Threshold> thresholds) {
        Map<String, Double> limits = new HashMap<>();
        for (Threshold threshold : thresholds) {
            if (!threshold.symbol().equals(ALL_SENT)) {
                limits.put(threshold.symbol(), threshold.limit());
            }
        }
        return limits;
    }

    static List<Passed> bySeq(List<Passed> passed) {
        return passed.stream().sorted(Comparator.comparingLong(Passed::seq)).toList();
    }

    static List<Trade> tradesBySeq(List<Trade> trades) {
        return trades.stream().sorted(Comparator.comparingLong(Trade::seq)).toList();
    }
}
