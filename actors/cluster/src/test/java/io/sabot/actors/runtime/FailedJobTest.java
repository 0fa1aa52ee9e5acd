package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.csv.CsvSink;
import io.sabot.actors.io.csv.CsvSource;
import io.sabot.actors.testing.PassThrough;
import java.nio.file.Files;
import java.nio.file.Path;
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
            JobResult result = node.execute(job.build());
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
            JobResult result = node.execute(job.build());
            assertFalse(result.succeeded());
            assertTrue(result.error().contains(missing + ": no such file"), result.error());
        }
        assertFalse(Files.exists(dir.resolve("out.csv")));
    }
}
