package io.sabot.fintech.bars;

/** One firing of a bar window: the row of a bars file. */
public record Bar(String symbol, long window_start, long window_end, double open, double high, double low, double close,
                  double volume, double vwap, long count) {}
