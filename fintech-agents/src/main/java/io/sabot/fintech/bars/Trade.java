package io.sabot.fintech.bars;

/** A trade: its symbol, event time (epoch milliseconds), price and size; the columns of a trades file. */
public record Trade(String symbol, long ts, double price, double size) {}
