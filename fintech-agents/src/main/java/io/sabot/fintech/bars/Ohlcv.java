package io.sabot.fintech.bars;

/**
 * The running open/high/low/close/volume of the trades of a bar. Open is the price of the trade
 * with the smallest timestamp (the first to arrive among equals), close the price of the one with
 * the largest (the last to arrive among equals), so out-of-order arrival does not change a bar.
 *
 * @param notional Σ price·size, for the VWAP
 */
public record Ohlcv(long openTs, double open, double high, double low, long closeTs, double close,
                    double volume, double notional, long count) {

    /** No trade yet. */
    public static final Ohlcv EMPTY = new Ohlcv(Long.MAX_VALUE, Double.NaN, Double.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY, Long.MIN_VALUE, Double.NaN, 0, 0, 0);

    /** This bar with {@code trade} added (it arrived after every trade already in the bar). */
    public Ohlcv add(Trade trade) {
        boolean opens = trade.ts() < openTs;
        boolean closes = trade.ts() >= closeTs;
        return new Ohlcv(opens ? trade.ts() : openTs, opens ? trade.price() : open,
                Math.max(high, trade.price()), Math.min(low, trade.price()),
                closes ? trade.ts() : closeTs, closes ? trade.price() : close,
                volume + trade.size(), notional + trade.price() * trade.size(), count + 1);
    }

    /** Both bars' trades, those of {@code later} having arrived after those of this one. */
    public Ohlcv merge(Ohlcv later) {
        boolean opens = later.openTs < openTs;
        boolean closes = later.closeTs >= closeTs;
        return new Ohlcv(opens ? later.openTs : openTs, opens ? later.open : open,
                Math.max(high, later.high), Math.min(low, later.low),
                closes ? later.closeTs : closeTs, closes ? later.close : close,
                volume + later.volume, notional + later.notional, count + later.count);
    }

    /** Volume-weighted average price; NaN when the volume is 0 (zero-size trades only). */
    public double vwap() {
        return volume == 0 ? Double.NaN : notional / volume;
    }
}
