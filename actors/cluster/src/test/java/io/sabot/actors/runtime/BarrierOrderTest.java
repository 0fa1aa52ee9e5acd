package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.testing.PassThrough;
import io.sabot.actors.testing.TickSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint barriers travel in order with the data: a barrier injected after the source has
 * emitted n rows reaches the sink after exactly n rows, through an agent in between.
 */
class BarrierOrderTest {

    @Test
    void aBarrierReachesTheSinkAfterExactlyTheRowsEmittedBeforeIt() throws Exception {
        FlowControlTest.SlowSink sink = new FlowControlTest.SlowSink();
        JobBuilder job = JobBuilder.named("barriers");
        job.source("ticks", new TickSource(200_000, 10, 500))
                .process("pass", PassThrough::new, 1)
                .sinkTo("slow", sink);
        try (SabotNode node = SabotNode.start()) {
            JobHandle handle = node.submit(job.build());
            for (long id = 1; id <= 8; id++) {
                Thread.sleep(60);
                node.triggerBarrier(handle, id);
            }
            JobResult result = handle.result().toCompletableFuture().get(2, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertTrue(result.barriers().size() >= 4, "barriers injected while the job ran: " + result.barriers());
            long previous = -1;
            for (var barrier : result.barriers().entrySet()) {
                JobResult.BarrierStats stats = barrier.getValue();
                assertEquals(stats.sourceRows(), stats.sinkRows(), "barrier " + barrier.getKey() + " overtook or lagged data");
                assertTrue(stats.sinkRows() >= previous, "barriers stay in order");
                previous = stats.sinkRows();
            }
        }
    }
}
