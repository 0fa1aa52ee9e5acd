package io.sabot.fintech.bars;

import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.Sink;
import io.sabot.actors.api.Source;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.graph.JobGraph;
import io.sabot.actors.io.csv.CsvSource;
import io.sabot.actors.io.kafka.KafkaSource;
import io.sabot.fintech.schema.MarketData;
import io.sabot.fintech.schema.MarketDataRules;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import io.sabot.watermarks.windows.TumblingEventTimeWindows;
import java.nio.file.Path;
import java.time.Duration;

/**
 * OHLCV bars per symbol from a trades file: event time from {@code ts} with bounded
 * out-of-orderness, tumbling windows, optional allowed lateness (late trades within it fire an
 * updated bar) and the trades too late for any bar on a side output.
 */
public final class BarsJob {

    public static final String SOURCE = "trades";
    public static final String BARS = "bars";
    /** The sink of the bars (its rows in are the bars fired). */
    public static final String BARS_OUT = "bars-out";

    /** Late trades, with the trades file's columns ({@link MarketData#TRADES}). */
    public static final OutputTag LATE = new OutputTag("late-trades", MarketData.TRADES);

    /**
     * What a bars job is asked for.
     *
     * @param idleness after how long without trades a source split (a Kafka partition) stops holding
     *                 the bars back; null: never
     */
    public record Settings(Duration window, Duration outOfOrderness, Duration allowedLateness, int parallelism,
                           Duration idleness) {

        public Settings(Duration window, Duration outOfOrderness, Duration allowedLateness, int parallelism) {
            this(window, outOfOrderness, allowedLateness, parallelism, null);
        }
    }

    private BarsJob() {}

    /**
     * Reads trades from a CSV file, failing on the first row that breaks a {@link MarketDataRules}
     * rule (file, line and column named): in the source, before a bad timestamp can move the watermark.
     */
    public static CsvSource tradesFile(Path input) {
        CsvSource trades = CsvSource.of(input, MarketData.TRADES);
        for (CsvSource.Requirement rule : MarketDataRules.of(MarketData.TRADES)) {
            trades = trades.require(rule);
        }
        return trades;
    }

    /** The same rules for trades from a Kafka topic ({@code topic} reads {@link MarketData#TRADES} rows): topic, partition and offset named. */
    public static KafkaSource tradesTopic(KafkaSource topic) {
        KafkaSource trades = topic;
        for (CsvSource.Requirement rule : MarketDataRules.of(MarketData.TRADES)) {
            trades = trades.require(rule);
        }
        return trades;
    }

    /** The job: bars to {@code bars}, late trades to {@code late} (null: dropped), each sink one subtask. */
    public static JobGraph build(Source trades, Settings settings, Sink bars, Sink late) {
        return build(trades, settings, bars, late, 1);
    }

    /**
     * The job with sinks of {@code sinkParallelism} subtasks (on a cluster, one per bar subtask, each
     * writing its part files where it runs).
     */
    public static JobGraph build(Source trades, Settings settings, Sink bars, Sink late, int sinkParallelism) {
        JobBuilder job = JobBuilder.named("bars");
        addTo(job, trades, settings, bars, late, sinkParallelism);
        return job.build();
    }

    /** Adds the bars pipeline (vertices {@link #SOURCE}, {@link #BARS}, sinks of one subtask) to {@code job}. */
    public static void addTo(JobBuilder job, Source trades, Settings settings, Sink bars, Sink late) {
        addTo(job, trades, settings, bars, late, 1);
    }

    private static void addTo(JobBuilder job, Source trades, Settings settings, Sink bars, Sink late, int sinkParallelism) {
        WatermarkStrategy watermarks = WatermarkStrategy.forBoundedOutOfOrderness(settings.outOfOrderness())
                .withTimestampAssigner(TimestampAssigner.column("ts"));
        if (settings.idleness() != null) {
            watermarks = watermarks.withIdleness(settings.idleness());
        }
        DataStream windows = job.source(SOURCE, trades, watermarks)
                .keyBy("symbol")
                .window(TumblingEventTimeWindows.of(settings.window()))
                .allowedLateness(settings.allowedLateness())
                .sideOutputLateData(LATE)
                .aggregate(BARS, OhlcvAggregate::new, BarWindowFunction::new, Trade.class, Bar.class,
                        settings.parallelism());
        windows.sinkTo(BARS_OUT, bars, sinkParallelism);
        if (late != null) {
            windows.getSideOutput(LATE).sinkTo("late-out", late, sinkParallelism);
        }
    }
}
