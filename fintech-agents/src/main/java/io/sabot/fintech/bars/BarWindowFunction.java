package io.sabot.fintech.bars;

import io.sabot.actors.api.Collector;
import io.sabot.actors.api.ProcessWindowFunction;

/** Turns a window's OHLCV into a bar row with its symbol and window bounds. */
public final class BarWindowFunction extends ProcessWindowFunction<Ohlcv, Bar, String> {

    @Override
    public void process(String symbol, Context context, Iterable<Ohlcv> bars, Collector<Bar> out) {
        for (Ohlcv bar : bars) {
            out.collect(new Bar(symbol, context.window().start(), context.window().end(), bar.open(), bar.high(),
                    bar.low(), bar.close(), bar.volume(), bar.vwap(), bar.count()));
        }
    }
}
