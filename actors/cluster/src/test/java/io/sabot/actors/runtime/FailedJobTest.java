package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.JobExecutionException;
import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.csv.CsvSink;
import io.sabot.actors.io.csv.CsvSource;
import io.sabot.actors.testing.PassThrough;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input stops the job cleanly: a clear error, no output that looks complete, no leaked memory. */
class FailedJobTest {

    private static final Schema TRADES = SchemaBuilder.of().utf8("symbol").int64("ts").float64("price").build();

    @Test
    void malformedCsvStopsTheJobWithFileLineAndColumnAndLeavesNoOutput(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("symbol,ts,price\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append("S").append(i % 7).append(',').append(i).append(',').append(100 + i % 13).append('\n');
        }
        csv.append("S1,20000,abc\n"); // line 20,002
        Path input = dir.resolve("trades.csv");
        Files.writeString(input, csv);
        Path output = dir.resolve("out").resolve("result.csv");

        JobBuilder job = JobBuilder.named("bad-input");
        job.source("trades", CsvSource.of(input, TRADES).withBatchSize(1000))
                .keyBy("symbol").process("pass", PassThrough::new, 2)
                .sinkTo("out", CsvSink.to(output));

        try (SabotNode node = SabotNode.start()) { // close() fails on leaked Arrow buffers
            JobResult result = node.run(job.build());
            assertFalse(result.succeeded());
            assertTrue(result.error().contains(input + " line 20002, column 'price': 'abc' is not a number"), result.error());
        }
        assertFalse(Files.exists(output), "no output file after a failed job");
        try (Stream<Path> left = Files.list(output.getParent())) {
            assertEquals(0, left.count(), "no temporary file left behind");
        }
    }

    @Test
    void missingInputFileIsReportedByName(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.csv");
        JobBuilder job = JobBuilder.named("missing-input");
        job.source("trades", CsvSource.of(missing, TRADES)).sinkTo("out", CsvSink.to(dir.resolve("out.csv")));
        try (SabotNode node = SabotNode.start()) {
            JobResult result = node.run(job.build());
            assertFalse(result.succeeded());
            assertTrue(result.error().contains(missing + ": no such file"), result.error());
        }
        assertFalse(Files.exists(dir.resolve("out.csv")));
    }

    /** What a user's function throws. */
    public static final class PriceOutOfRange extends RuntimeException {
        public PriceOutOfRange(String message) {
            super(message);
        }
    }

    public record Trade(String symbol, long ts, double price) {}

    @Test
    void aFunctionThatThrowsMakesExecuteThrowWithThatExceptionAsCause(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("trades.csv");
        Files.writeString(input, "symbol,ts,price\nA,1,10.0\nB,2,-3.0\nC,3,11.0\n");
        JobBuilder job = JobBuilder.named("throws");
        job.source("trades", CsvSource.of(input, TRADES))
                .map("check", (Trade t) -> {
                    if (t.price() < 0) {
                        throw new PriceOutOfRange("negative price " + t.price() + " for " + t.symbol());
                    }
                    return t;
                }, Trade.class, Trade.class)
                .sinkTo("out", CsvSink.to(dir.resolve("out.csv")));

        try (SabotNode node = SabotNode.start()) {
            JobExecutionException thrown = assertThrows(JobExecutionException.class, () -> node.execute(job.build()));
            assertEquals("throws", thrown.jobName());
            assertTrue(thrown.getMessage().contains("negative price -3.0 for B"), thrown.getMessage());
            Throwable cause = thrown.getCause();
            assertInstanceOf(PriceOutOfRange.class, cause, "the function's own exception is the cause");
            assertEquals("negative price -3.0 for B", cause.getMessage());
            assertTrue(Arrays.stream(cause.getStackTrace()).anyMatch(f -> f.getClassName().startsWith(FailedJobTest.class.getName())),
                    "with its stack trace, down to the lambda that threw");
        }
        assertFalse(Files.exists(dir.resolve("out.csv")), "no output after a failed job");
    }
}
