package io.sabot.fintech.schema;

import io.sabot.actors.batch.SchemaBuilder;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The market-data schemas the kernels read. Timestamps are epoch milliseconds. */
public final class MarketData {

    /** Top-of-book quotes: {@code symbol, ts, bid, ask, bid_size, ask_size}. */
    public static final Schema QUOTES = SchemaBuilder.of()
            .utf8("symbol").int64("ts").float64("bid").float64("ask").float64("bid_size").float64("ask_size")
            .build();

    /** The id of the symbol dictionary in {@link #QUOTES_DICTIONARY_ENCODED}. */
    public static final long SYMBOL_DICTIONARY = 0;

    /**
     * Quotes whose {@code symbol} is dictionary-encoded: int32 indices into a utf8 dictionary that
     * travels with each batch. Key by it exactly as by a plain symbol column.
     */
    public static final Schema QUOTES_DICTIONARY_ENCODED = new Schema(Stream.concat(
            Stream.of(new Field("symbol", new FieldType(true, new ArrowType.Int(32, true),
                    new DictionaryEncoding(SYMBOL_DICTIONARY, false, new ArrowType.Int(32, true))), null)),
            QUOTES.getFields().stream().skip(1)).toList());

    /** Trades: {@code symbol, ts, price, size}. */
    public static final Schema TRADES = SchemaBuilder.of()
            .utf8("symbol").int64("ts").float64("price").float64("size")
            .build();

    private MarketData() {}
}
