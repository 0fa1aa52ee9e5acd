package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.testing.PassThrough;
import io.sabot.actors.testing.SlowSink;
import io.sabot.actors.testing.TickSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A source far faster than its sink: credit-based flow control must hold the source back, so the
 * node's Arrow memory stays at a few batches per channel instead of growing with the input.
 */
class FlowControlTest {

    private static final long ROWS = 400_000;
    private static final int BATCH_ROWS = 500;

    @Test
    void memoryStaysBoundedWhenTheSourceOutrunsTheSink() throws Exception {
        SlowSink sink = new SlowSink();
        JobBuilder job = JobBuilder.named("fast-source-slow-sink");
        job.source("ticks", new TickSource(ROWS, 50, BATCH_ROWS))
                .keyBy("symbol").process("pass", PassThrough::new, 2)
                .sinkTo("slow", sink);

        long maxQueuedAtSink = 0;
        try (SabotNode node = SabotNode.start()) {
            JobHandle handle = node.submit(job.build());
            while (!handle.result().toCompletableFuture().isDone()) {
                maxQueuedAtSink = Math.max(maxQueuedAtSink, handle.metrics().queuedBatches("slow"));
                Thread.sleep(5);
            }
            JobResult result = handle.result().toCompletableFuture().get(1, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertEquals(ROWS, sink.rows.get());

            long totalBytes = sink.batchBytes.get() * (ROWS / BATCH_ROWS);
            long peak = node.memory().peakBytes();
            // Channels: source->pass 2, pass->sink 2, 4 credits each; plus output backlogs and the
            // batches being processed. Without flow control the peak approaches the whole input.
            int credits = node.system().settings().config().getInt("sabot.flow-control.credits-per-channel");
            assertTrue(maxQueuedAtSink <= 2L * credits,
                    "the sink never holds more than credits x channels batches, saw " + maxQueuedAtSink);
            assertTrue(peak < totalBytes / 8,
                    "peak Arrow memory " + peak + " bytes should be a small fraction of the " + totalBytes + " bytes streamed");
        }
    }
}
