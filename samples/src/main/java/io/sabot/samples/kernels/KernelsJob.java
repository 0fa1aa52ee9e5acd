package io.sabot.samples.kernels;

import io.sabot.actors.api.Sink;
import io.sabot.actors.api.Source;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.graph.JobGraph;
import io.sabot.actors.io.PacedSource;
import io.sabot.actors.io.csv.CsvSource;
import io.sabot.actors.io.kafka.KafkaSource;
import io.sabot.fintech.agents.BadRows;
import io.sabot.fintech.agents.QuoteCheck;
import io.sabot.fintech.agents.RowOrigin;
import io.sabot.fintech.kernels.Features;
import io.sabot.fintech.schema.MarketData;
import java.nio.file.Path;
import java.util.List;

/**
 * The feature job of {@code sabot kernels}: quotes from a CSV file or a Kafka topic → checks
 * (bad-row policy) → keyed by symbol → one feature agent → the outputs (a file, a topic); rejected
 * rows → a dead-letter sink. Every vertex runs with parallelism 1, so every channel is a single FIFO
 * and the output rows are in input order (from a topic: in the order the partitions were read, each
 * symbol's rows in its partition's order). The source passes the records it cannot read on to the
 * check, which applies the policy to them as to any bad row.
 */
public final class KernelsJob {

    public static final String SOURCE = "quotes";
    public static final String FEATURES = "features";
    static final String LINE = "__line";
    static final String PARTITION = "__partition";
    static final String OFFSET = "__offset";
    static final String PROBLEM = "__problem";
    static final String TEXT = "__text";

    /** The quotes and where their rows come from (for the check's errors and dead letters). */
    public record Input(Source quotes, RowOrigin origin) {

        /** A CSV file of quotes, at most {@code maxRowsPerSecond} (0: unpaced). */
        public static Input file(Path input, long maxRowsPerSecond) {
            CsvSource quotes = CsvSource.of(input, MarketData.QUOTES).withLineNumbers(LINE).withUnreadableRows(PROBLEM, TEXT);
            return new Input(PacedSource.of(quotes, maxRowsPerSecond), new RowOrigin.FileLines(input.toString(), LINE));
        }

        /** A Kafka topic of quotes ({@code topic}: a source of {@link MarketData#QUOTES} rows), at most {@code maxRowsPerSecond}. */
        public static Input topic(KafkaSource topic, String name, long maxRowsPerSecond) {
            KafkaSource quotes = topic.withRecordPositions(PARTITION, OFFSET).withUnreadableRows(PROBLEM, TEXT);
            return new Input(PacedSource.of(quotes, maxRowsPerSecond), new RowOrigin.TopicRecords(name, PARTITION, OFFSET));
        }
    }

    private KernelsJob() {}

    /**
     * @param outputs     where the features go (a file, a topic, or both)
     * @param deadLetters where rejected rows go with {@link BadRows#DEAD_LETTER} (else null)
     */
    public static JobGraph build(Input input, List<Sink> outputs, Features features, BadRows policy, Sink deadLetters) {
        JobBuilder job = JobBuilder.named("kernels");
        // the check sees the records the source cannot read too, so every policy applies to the first bad row in order
        DataStream checked = job.source(SOURCE, input.quotes())
                .process("check", () -> new QuoteCheck(input.origin(), PROBLEM, TEXT, policy), 1);
        DataStream featureRows = checked.keyBy("symbol").process(FEATURES, features, 1);
        for (int i = 0; i < outputs.size(); i++) {
            featureRows.sinkTo(i == 0 ? "out" : "out-" + i, outputs.get(i));
        }
        if (policy == BadRows.DEAD_LETTER) {
            checked.getSideOutput(QuoteCheck.deadLetters(MarketData.QUOTES, input.origin())).sinkTo("dead-letters", deadLetters);
        }
        return job.build();
    }
}
