package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedProcessFunction;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.csv.CsvSink;
import io.sabot.actors.io.csv.CsvSource;
import io.sabot.actors.runtime.JobResult;
import io.sabot.fintech.schema.MarketData;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example in README.md, kept here so it always compiles and gives the right answer. */
class ReadmeExampleTest {

    // --- README example (keep in sync) ---
    public record Trade(String symbol, long ts, double price, double size) {}

    public record Vwap(String symbol, long ts, double vwap) {}

    /** Cumulative VWAP per symbol: Flink's KeyedProcessFunction and ValueState. */
    public static class CumulativeVwap extends KeyedProcessFunction<String, Trade, Vwap> {
        private ValueState<double[]> sums; // {Σ price·size, Σ size} of the current symbol

        @Override
        public void open() {
            sums = getRuntimeContext().getState(new ValueStateDescriptor<>("sums", double[].class));
        }

        @Override
        public void processElement(Trade trade, Context ctx, Collector<Vwap> out) throws Exception {
            double[] s = sums.value() == null ? new double[2] : sums.value();
            s[0] += trade.price() * trade.size();
            s[1] += trade.size();
            sums.update(s);
            out.collect(new Vwap(trade.symbol(), trade.ts(), s[0] / s[1]));
        }
    }

    static JobResult runVwap(Path trades, Path vwap) throws InterruptedException {
        JobBuilder job = JobBuilder.named("vwap");
        job.source("trades", CsvSource.of(trades, MarketData.TRADES))
                .keyBy("symbol").process("vwap", CumulativeVwap::new, Trade.class, Vwap.class, 2)
                .sinkTo("out", CsvSink.to(vwap));
        try (SabotNode node = SabotNode.start()) { // an embedded single-node cluster
            return node.execute(job.build());
        }
    }
    // --- end of README example ---

    @Test
    void cumulativeVwapPerSymbol(@TempDir Path dir) throws Exception {
        Path trades = dir.resolve("trades.csv");
        Files.writeString(trades, """
                symbol,ts,price,size
                AAPL,1,10.0,100
                MSFT,2,300.0,1
                AAPL,3,12.0,300
                MSFT,4,330.0,2
                AAPL,5,11.0,0
                """);
        Path vwap = dir.resolve("vwap.csv");
        JobResult result = runVwap(trades, vwap);
        assertTrue(result.succeeded(), result.error());
        List<String> lines = Files.readAllLines(vwap);
        assertEquals("symbol,ts,vwap", lines.get(0));
        // By hand: AAPL (10·100)/100 = 10; (1000 + 3600)/400 = 11.5; a zero-size trade keeps 11.5.
        //          MSFT 300/1 = 300; (300 + 660)/3 = 320.
        assertEquals(List.of("AAPL,1,10.0", "AAPL,3,11.5", "AAPL,5,11.5"),
                lines.stream().filter(l -> l.startsWith("AAPL")).toList());
        assertEquals(List.of("MSFT,2,300.0", "MSFT,4,320.0"),
                lines.stream().filter(l -> l.startsWith("MSFT")).toList());
    }
}
