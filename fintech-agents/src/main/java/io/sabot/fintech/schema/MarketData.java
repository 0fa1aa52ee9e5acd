package io.sabot.fintech.schema;

import io.sabot.actors.batch.SchemaBuilder;
import org.apache.arrow.vector.types.pojo.Schema;

/** The market-data schemas the kernels read. Timestamps are epoch milliseconds. */
public final class MarketData {

    /** Top-of-book quotes: {@code symbol, ts, bid, ask, bid_size, ask_size}. */
    public static final Schema QUOTES = SchemaBuilder.of()
            .utf8("symbol").int64("ts").float64("bid").float64("ask").float64("bid_size").float64("ask_size")
            .build();

    /** Trades: {@code symbol, ts, price, size}. */
    public static final Schema TRADES = SchemaBuilder.of()
            .utf8("symbol").int64("ts").float64("price").float64("size")
            .build();

    private MarketData() {}
}
