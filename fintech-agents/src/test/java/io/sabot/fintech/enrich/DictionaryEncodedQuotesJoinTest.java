package io.sabot.fintech.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.runtime.JobResult;
import io.sabot.fintech.source.SyntheticQuotes;
import io.sabot.fintech.source.SyntheticTrades;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Quotes with dictionary-encoded symbols as the right input of an as-of join give what the same
 * quotes with plain symbols give: the join decodes them and keys both inputs alike.
 */
class DictionaryEncodedQuotesJoinTest {

    public record Joined(String symbol, long ts, double price, Long quote_ts, Double bid, Double ask) {}

    private static List<Joined> run(SyntheticQuotes quotes) throws Exception {
        WatermarkStrategy watermarks = WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(100))
                .withTimestampAssigner(TimestampAssigner.column("ts"));
        CollectSink<Joined> sink = CollectSink.of(Joined.class);
        JobBuilder job = JobBuilder.named("encoded");
        job.source("trades", SyntheticTrades.alongside(200, 3_000, 30_000).withBatchSize(500), watermarks).keyBy("symbol")
                .asOfJoin(job.source("quotes", quotes, watermarks).keyBy("symbol"))
                .rightTimestampAs("quote_ts")
                .carry("bid", "ask")
                .apply("join", 2)
                .sinkTo("out", sink);
        JobResult result;
        try (SabotNode node = SabotNode.start()) {
            result = node.execute(job.build());
        }
        assertTrue(result.succeeded(), result.error());
        List<Joined> sorted = new ArrayList<>(sink.records());
        sorted.sort(Comparator.comparingLong(Joined::ts).thenComparing(Joined::symbol)); // one trade per millisecond or fewer
        return sorted;
    }

    @Test
    void encodedQuoteSymbolsJoinAsPlainOnes() throws Exception {
        SyntheticQuotes quotes = SyntheticQuotes.of(200, 30_000).withBatchSize(1024);
        List<Joined> plain = run(quotes);
        assertEquals(3_000, plain.size());
        assertTrue(plain.stream().filter(j -> j.quote_ts() != null).count() > 2_000, "most trades have a quote");
        assertEquals(plain, run(quotes.withDictionaryEncodedSymbols()));
    }
}
