package io.sabot.samples.bench;

import io.sabot.actors.api.Source;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.graph.JobGraph;
import io.sabot.actors.graph.KeyedStream;
import io.sabot.actors.io.DiscardSink;
import io.sabot.actors.io.PacedSource;
import io.sabot.fintech.kernels.Ewma;
import io.sabot.fintech.kernels.Features;
import io.sabot.fintech.kernels.Midprice;
import io.sabot.fintech.kernels.OrderFlowImbalance;
import io.sabot.fintech.source.SyntheticQuotes;
import io.sabot.state.backend.StateBackendConfig;
import java.util.List;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The end-to-end benchmark job: the demo's generator → mid-price → per-symbol EWMA of the mid
 * (→ order-flow imbalance), or the generator → one feature agent computing the chosen quote
 * features; output discarded. With a partitioned source (the default) each generator subtask quotes the
 * symbols its downstream subtask owns, as a Kafka topic keyed by symbol would deliver them, and the
 * stream is reinterpreted as keyed (no reshuffle); otherwise one generator feeds a keyBy exchange.
 */
public final class BenchJob {

    public static final String SOURCE = "quotes";
    public static final String EWMA = "mid-ewma";
    public static final String FEATURES = "features";
    public static final String SINK = "discard";
    public static final int MAX_PARALLELISM = 128;

    private BenchJob() {}

    /**
     * What to run: sizes, parallelism, how the source is partitioned, the state backend and the
     * features of one feature agent (by name, {@link Features#named}; none: the mid-price → EWMA pipeline)
     * and the pace of the quotes (0: as fast as they are taken).
     */
    public record Settings(int symbols, long rows, int batchSize, int parallelism, boolean partitionedSource,
                           double zipfExponent, boolean withOfi, List<String> features, boolean dictionarySymbols,
                           StateBackendConfig state, long maxRowsPerSecond, Operators operators) {

        /** The agent whose input rows are counted: every quote goes through it. */
        public String measuredAgent() {
            return operators != null ? FILTER : features.isEmpty() ? EWMA : FEATURES;
        }
    }

    /** The stateless filter + map pipeline instead of kernels: on Java records, or vectorized. */
    public enum Operators { RECORDS, VECTORIZED }

    public static final String FILTER = "filter";
    public static final String MAP = "map";

    /** A quote as a record, for the per-record operators. */
    public record Quote(String symbol, long ts, double bid, double ask, double bid_size, double ask_size) {}

    /** What the per-record map makes of a quote. */
    public record Mid(String symbol, long ts, double mid) {}

    public static JobGraph build(Settings settings) {
        int parallelism = settings.parallelism();
        JobBuilder job = JobBuilder.named("bench").maxParallelism(MAX_PARALLELISM).stateBackend(settings.state());
        SyntheticQuotes quotes = SyntheticQuotes.of(settings.symbols(), settings.rows())
                .withBatchSize(settings.batchSize()).withZipfExponent(settings.zipfExponent());
        if (settings.dictionarySymbols()) {
            quotes = quotes.withDictionaryEncodedSymbols();
        }
        if (settings.operators() != null) {
            // filter (quotes with more bid than ask size) → map (the mid-price), subtask to subtask
            DataStream source = job.source(SOURCE, paced(quotes.partitionedByKey(MAX_PARALLELISM), settings), parallelism);
            DataStream mids = settings.operators() == Operators.RECORDS
                    ? source.filter(FILTER, (Quote q) -> q.bid_size() > q.ask_size(), Quote.class)
                            .map(MAP, (Quote q) -> new Mid(q.symbol(), q.ts(), (q.bid() + q.ask()) / 2), Quote.class, Mid.class)
                    : source.filter(FILTER, BenchJob::moreBidThanAsk).process(MAP, Midprice::new, parallelism);
            mids.sinkTo(SINK, new DiscardSink(), parallelism);
            return job.build();
        }
        if (!settings.features().isEmpty()) {
            // One feature agent computes everything, mid included, straight from the (partitioned) quotes.
            DataStream source = settings.partitionedSource()
                    ? job.source(SOURCE, paced(quotes.partitionedByKey(MAX_PARALLELISM), settings), parallelism)
                    : job.source(SOURCE, paced(quotes, settings));
            KeyedStream keyed = settings.partitionedSource() ? source.reinterpretAsKeyedStream("symbol") : source.keyBy("symbol");
            keyed.process(FEATURES, Features.named(settings.features(), 0.06, 20), parallelism)
                    .sinkTo(SINK, new DiscardSink(), parallelism);
            return job.build();
        }
        DataStream mids;
        if (settings.partitionedSource()) {
            // Mid-price is stateless: it runs subtask to subtask, unkeyed; the stream stays partitioned by symbol.
            mids = job.source(SOURCE, paced(quotes.partitionedByKey(MAX_PARALLELISM), settings), parallelism)
                    .process("midprice", Midprice::new, parallelism);
        } else {
            mids = job.source(SOURCE, paced(quotes, settings)).keyBy("symbol").process("midprice", Midprice::new, parallelism);
        }
        DataStream features = mids.reinterpretAsKeyedStream("symbol").process(EWMA, () -> new Ewma("mid", 0.06), parallelism);
        if (settings.withOfi()) {
            features = features.reinterpretAsKeyedStream("symbol").process("ofi", OrderFlowImbalance::new, parallelism);
        }
        features.sinkTo(SINK, new DiscardSink(), parallelism);
        return job.build();
    }

    /** The vectorized filter: rows whose bid size exceeds the ask size, straight from the vectors. */
    private static int moreBidThanAsk(VectorSchemaRoot batch, int[] selected) {
        Float8Vector bidSize = (Float8Vector) batch.getVector("bid_size");
        Float8Vector askSize = (Float8Vector) batch.getVector("ask_size");
        int kept = 0;
        for (int row = 0; row < batch.getRowCount(); row++) {
            if (bidSize.get(row) > askSize.get(row)) {
                selected[kept++] = row;
            }
        }
        return kept;
    }

    private static Source paced(Source quotes, Settings settings) {
        return PacedSource.of(quotes, settings.maxRowsPerSecond());
    }
}
