package io.sabot.fintech.enrich;

/**
 * A trade with the quote in force at its time: its columns, then the quote's time, bid and ask, the
 * mid, the spread and the trade's side by the quote rule (1 buy, −1 sell, 0 at the mid). The quote's
 * columns are null when the symbol had no quote at or before the trade.
 */
public record EnrichedTrade(String symbol, long ts, double price, double size, Long quote_ts, Double bid, Double ask,
                            Double mid, Double spread, Integer side) {}
