package io.sabot.fintech.bars;

import io.sabot.state.api.AggregateFunction;

/** Builds a bar from trades, incrementally: the aggregate of a bar window. */
public final class OhlcvAggregate implements AggregateFunction<Trade, Ohlcv, Ohlcv> {

    @Override
    public Ohlcv createAccumulator() {
        return Ohlcv.EMPTY;
    }

    @Override
    public Ohlcv add(Trade trade, Ohlcv bar) {
        return bar.add(trade);
    }

    @Override
    public Ohlcv getResult(Ohlcv bar) {
        return bar;
    }

    @Override
    public Ohlcv merge(Ohlcv a, Ohlcv b) {
        return a.merge(b);
    }
}
