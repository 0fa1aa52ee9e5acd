package io.sabot.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.graph.JobGraph;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.runtime.JobResult;
import io.sabot.actors.testing.PassThrough;
import io.sabot.actors.testing.SlowSink;
import io.sabot.actors.testing.TickSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A job's id is its name, so a run started again finds the same job (and, with checkpoints, its state). */
class JobIdentityTest {

    @Test
    void aJobIsIdentifiedByItsNameAndRunsOnceAtATime() throws Exception {
        SlowSink slow = new SlowSink();
        JobBuilder job = JobBuilder.named("vwap per symbol");
        job.source("ticks", new TickSource(20_000, 5, 500)).process("pass", PassThrough::new, 1).sinkTo("out", slow);
        JobGraph graph = job.build();
        try (SabotNode node = SabotNode.start()) {
            JobHandle first = node.submit(graph);
            assertEquals("vwap_per_symbol", first.jobId());
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> node.submit(graph));
            assertTrue(twice.getMessage().contains("'vwap_per_symbol' is already running"), twice.getMessage());
            assertTrue(first.result().toCompletableFuture().get(1, TimeUnit.MINUTES).succeeded());

            CollectSink<TickSource.Tick> out = CollectSink.of(TickSource.Tick.class);
            JobBuilder again = JobBuilder.named("vwap per symbol");
            again.source("ticks", new TickSource(1_000, 5, 100)).process("pass", PassThrough::new, 1).sinkTo("out", out);
            JobResult second = node.execute(again.build()); // the same id, once the first run has ended
            assertTrue(second.succeeded(), second.error());
            assertEquals(1_000, out.records().size());
        }
    }
}
