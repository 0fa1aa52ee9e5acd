package io.sabot.fintech.enrich;

import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.Sink;
import io.sabot.actors.api.Source;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.graph.JobGraph;
import io.sabot.actors.io.csv.CsvSource;
import io.sabot.fintech.schema.MarketData;
import io.sabot.fintech.schema.MarketDataRules;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Trades enriched with the quote in force at their time: trades and quotes, each with event time
 * from {@code ts} and the same bounded out-of-orderness, keyed by symbol, as-of joined (each trade
 * with its symbol's latest quote at or before it), then classified by the quote rule
 * ({@link QuoteRule}). Trades too late for the join (behind the watermark of both inputs when they
 * arrive) go to a side output.
 */
public final class EnrichJob {

    public static final String TRADES = "trades";
    public static final String QUOTES = "quotes";
    public static final String JOIN = "as-of-join";
    public static final String RULE = "quote-rule";

    /** Late trades, with the trades file's columns ({@link MarketData#TRADES}). */
    public static final OutputTag LATE = new OutputTag("late-trades", MarketData.TRADES);

    /** What an enrich job is asked for. */
    public record Settings(Duration outOfOrderness, int parallelism) {}

    private EnrichJob() {}

    /**
     * Reads quotes ({@link MarketData#QUOTES}) from a CSV file, failing on the first row that breaks
     * a {@link MarketDataRules} rule (file, line and column named), before its timestamp can move the watermark.
     */
    public static CsvSource quotesFile(Path input) {
        CsvSource quotes = CsvSource.of(input, MarketData.QUOTES);
        for (CsvSource.Requirement rule : MarketDataRules.of(MarketData.QUOTES)) {
            quotes = quotes.require(rule);
        }
        return quotes;
    }

    /** The job: enriched trades ({@link EnrichedTrade}'s columns) to {@code enriched}, late trades to {@code late} (null: dropped). */
    public static JobGraph build(Source trades, Source quotes, Settings settings, Sink enriched, Sink late) {
        JobBuilder job = JobBuilder.named("enrich");
        addTo(job, trades, quotes, settings, enriched, late);
        return job.build();
    }

    /** Adds the enrich pipeline (vertices {@link #TRADES}, {@link #QUOTES}, {@link #JOIN}, {@link #RULE}, sinks) to {@code job}. */
    public static void addTo(JobBuilder job, Source trades, Source quotes, Settings settings, Sink enriched, Sink late) {
        WatermarkStrategy watermarks = WatermarkStrategy.forBoundedOutOfOrderness(settings.outOfOrderness())
                .withTimestampAssigner(TimestampAssigner.column("ts"));
        DataStream joined = job.source(TRADES, trades, watermarks).keyBy("symbol")
                .asOfJoin(job.source(QUOTES, quotes, watermarks).keyBy("symbol"))
                .rightTimestampAs("quote_ts")
                .carry("bid", "ask")
                .sideOutputLateData(LATE)
                .apply(JOIN, settings.parallelism());
        joined.process(RULE, QuoteRule::new, settings.parallelism()).sinkTo("enriched-out", enriched);
        if (late != null) {
            joined.getSideOutput(LATE).sinkTo("late-out", late);
        }
    }
}
