package io.sabot.samples.kernels;

import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.graph.JobGraph;
import io.sabot.actors.io.PacedSource;
import io.sabot.actors.io.arrow.ArrowFileSink;
import io.sabot.actors.io.csv.CsvSink;
import io.sabot.actors.io.csv.CsvSource;
import io.sabot.fintech.agents.BadRows;
import io.sabot.fintech.agents.QuoteCheck;
import io.sabot.fintech.kernels.Features;
import io.sabot.fintech.schema.MarketData;
import java.nio.file.Path;

/**
 * The feature job of {@code sabot kernels}: quotes from a CSV file → checks (bad-row policy) →
 * keyed by symbol → one feature agent → a CSV file (or Arrow IPC when the name ends in
 * {@code .arrow}); rejected rows → a dead-letter CSV file. Every vertex runs with parallelism 1, so
 * every channel is a single FIFO and the output rows are in input order. The source passes the
 * records it cannot read on to the check, which applies the policy to them as to any bad row.
 */
public final class KernelsJob {

    public static final String SOURCE = "quotes";
    public static final String FEATURES = "features";
    static final String LINE = "__line";
    static final String PROBLEM = "__problem";
    static final String TEXT = "__text";

    private KernelsJob() {}

    /** @param deadLetters where rejected rows go with {@link BadRows#DEAD_LETTER} (else null) */
    public static JobGraph build(Path input, long maxRowsPerSecond, Path output, Features features, BadRows policy,
                                 Path deadLetters) {
        JobBuilder job = JobBuilder.named("kernels");
        // the check sees the records the source cannot read too, so every policy applies to the first bad row in order
        CsvSource quotes = CsvSource.of(input, MarketData.QUOTES).withLineNumbers(LINE).withUnreadableRows(PROBLEM, TEXT);
        DataStream checked = job.source(SOURCE, PacedSource.of(quotes, maxRowsPerSecond))
                .process("check", () -> new QuoteCheck(input.toString(), LINE, PROBLEM, TEXT, policy), 1);
        checked.keyBy("symbol").process(FEATURES, features, 1)
                .sinkTo("out", output.toString().endsWith(".arrow") ? ArrowFileSink.to(output) : CsvSink.to(output));
        if (policy == BadRows.DEAD_LETTER) {
            checked.getSideOutput(QuoteCheck.deadLetters(MarketData.QUOTES)).sinkTo("dead-letters", CsvSink.to(deadLetters));
        }
        return job.build();
    }
}
