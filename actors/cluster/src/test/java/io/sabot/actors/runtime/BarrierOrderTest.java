package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.Source;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import com.typesafe.config.ConfigFactory;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.graph.JobGraph;
import io.sabot.actors.graph.VertexSpec;
import io.sabot.actors.io.DiscardSink;
import io.sabot.actors.testing.PassThrough;
import io.sabot.actors.testing.TickSource;
import java.io.IOException;
import java.util.SortedMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint barriers travel in order with the data. The sources read a batch only when the test
 * lets them, so every checkpoint is triggered while the job runs, whatever the machine's speed.
 */
class BarrierOrderTest {

    private static final int BATCHES_PER_SOURCE = 40;
    private static final int BATCH_ROWS = 500;
    private static final int BARRIERS = 8;

    /** Through single channels, a barrier injected after the source emitted n rows reaches the sink after exactly n rows. */
    @Test
    void throughSingleChannelsABarrierReachesTheSinkAfterExactlyTheRowsBeforeIt() throws Exception {
        JobBuilder job = JobBuilder.named("barriers-one-channel");
        job.source("ticks", new GatedSource(), 1)
                .process("pass", PassThrough::new, 1)
                .sinkTo("out", new DiscardSink(), 1);
        for (JobResult.BarrierStats barrier : run(job, "at-least-once").values()) {
            assertEquals(barrier.sourceRows(), barrier.sinkRows(), "a barrier overtook or lagged data");
        }
    }

    /**
     * Across several channels (2 sources, a keyed agent of 2 reading both, 2 sinks) aligned barriers
     * (exactly-once, the default) hold a channel that delivered barrier n until every channel has:
     * the sinks see exactly the rows the sources emitted before it.
     */
    @Test
    void acrossChannelsAlignedBarriersSeparateExactlyTheRowsBeforeThem() throws Exception {
        for (JobResult.BarrierStats barrier : run(multiChannelJob("barriers-aligned"), "exactly-once").values()) {
            assertEquals(barrier.sourceRows(), barrier.sinkRows(), "an aligned barrier overtook or lagged data");
        }
    }

    /**
     * At-least-once, a task forwards a barrier once all its channels delivered it without holding any
     * back: every row the sources emitted before it is before it at the sinks, and maybe more.
     */
    @Test
    void acrossChannelsTrackedBarriersComeAfterEveryRowBeforeThem() throws Exception {
        for (JobResult.BarrierStats barrier : run(multiChannelJob("barriers-tracked"), "at-least-once").values()) {
            assertTrue(barrier.sinkRows() >= barrier.sourceRows(), "rows before a barrier at the sources came after it"
                    + " at the sinks: " + barrier);
        }
    }

    private static JobBuilder multiChannelJob(String name) {
        JobBuilder job = JobBuilder.named(name);
        job.source("ticks", new GatedSource(), 2)
                .keyBy("symbol").process("pass", PassThrough::new, 2)
                .sinkTo("out", new DiscardSink(), 2);
        return job;
    }

    /**
     * Triggers the checkpoints while the sources wait for permits, in checkpointing {@code mode};
     * returns every barrier, checked to be complete and in order.
     */
    private static SortedMap<Long, JobResult.BarrierStats> run(JobBuilder job, String mode) throws Exception {
        JobGraph graph = job.build();
        GatedSource source = (GatedSource) ((VertexSpec.SourceVertex) graph.vertex("ticks")).source();
        try (SabotNode node = SabotNode.start(ConfigFactory.parseString("sabot.checkpoint.mode = " + mode))) {
            JobHandle handle = node.submit(graph);
            for (long id = 1; id <= BARRIERS; id++) {
                source.permits.release(3);
                node.triggerCheckpoint(handle);
            }
            source.permits.release(Integer.MAX_VALUE / 2); // the rest of the input
            JobResult result = handle.result().toCompletableFuture().get(2, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertEquals(BARRIERS, result.barriers().size(), "every barrier reached every sink: " + result.barriers());
            long previous = -1;
            for (JobResult.BarrierStats barrier : result.barriers().values()) {
                assertTrue(barrier.sourceRows() >= previous, "barriers stay in order: " + result.barriers());
                previous = barrier.sourceRows();
            }
            return result.barriers();
        }
    }

    /** Ticks of {@link TickSource}, one batch per permit (shared by all subtasks). */
    private static final class GatedSource implements Source {
        final Semaphore permits = new Semaphore(0);
        private final TickSource ticks = new TickSource((long) BATCHES_PER_SOURCE * BATCH_ROWS, 20, BATCH_ROWS);

        @Override
        public Schema schema() {
            return ticks.schema();
        }

        @Override
        public int maxParallelism() {
            return 2;
        }

        @Override
        public SourceReader createReader(SourceContext context) throws IOException {
            SourceReader reader = ticks.createReader(context);
            return new SourceReader() {
                @Override
                public VectorSchemaRoot next() throws IOException {
                    try {
                        if (!permits.tryAcquire(1, TimeUnit.MINUTES)) {
                            throw new IOException("the test gave no permit to read");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                    return reader.next();
                }

                @Override
                public long offset() {
                    return reader.offset();
                }

                @Override
                public void close() throws IOException {
                    reader.close();
                }
            };
        }
    }
}
