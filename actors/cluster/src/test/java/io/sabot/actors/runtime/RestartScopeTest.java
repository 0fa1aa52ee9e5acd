package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.DiscardSink;
import io.sabot.actors.testing.TickSource;
import io.sabot.supervision.SupervisionStrategy;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which tasks restart under each strategy, on small graphs whose channels are known. */
class RestartScopeTest {

    private static TaskId task(String vertex, int subtask) {
        return new TaskId("j", 1, vertex, subtask);
    }

    /** ticks (union more-ticks, with {@code union}) → keyBy → count ×2 → out ×{@code sinks}. */
    private static ExecutionPlan plan(boolean union, int sinks) {
        JobBuilder job = JobBuilder.named("j");
        DataStream ticks = job.source("ticks", new TickSource(10, 2, 5));
        (union ? ticks.union(job.source("more-ticks", new TickSource(10, 2, 5))) : ticks)
                .keyBy("symbol").process("count", CheckpointingTest.RunningCount::new, TickSource.Tick.class,
                        CheckpointingTest.Counted.class, 2)
                .sinkTo("out", sinks == 1 ? CollectSink.of(CheckpointingTest.Counted.class) : new DiscardSink(), sinks);
        return new ExecutionPlan("j", job.build());
    }

    @Test
    void restForOneRestartsTheFailedTaskAndEverythingDownstreamOfIt() {
        ExecutionPlan plan = plan(false, 1);
        assertEquals(Set.of("count/1", "out/0"), RestartScope.of(plan, SupervisionStrategy.REST_FOR_ONE, task("count", 1)));
        assertEquals(Set.of("ticks/0", "count/0", "count/1", "out/0"),
                RestartScope.of(plan, SupervisionStrategy.REST_FOR_ONE, task("ticks", 0)));
        assertEquals(4, RestartScope.of(plan, SupervisionStrategy.ONE_FOR_ALL, task("out", 0)).size());
    }

    @Test
    void oneForOneRestartsAloneOnlyWhereTheTaskWouldSendWhatItSentBefore() {
        ExecutionPlan single = plan(false, 1);
        assertEquals(Set.of("count/1"), RestartScope.of(single, SupervisionStrategy.ONE_FOR_ONE, task("count", 1)),
                "one input channel; rebalanced over one receiver is the same channel every time");
        assertEquals(Set.of("out/0"), RestartScope.of(single, SupervisionStrategy.ONE_FOR_ONE, task("out", 0)), "a sink");
        assertFalse(RestartScope.restartsAlone(single, task("ticks", 0)), "a source's watermarks follow the wall clock");
        assertFalse(RestartScope.restartsAlone(plan(true, 1), task("count", 0)), "two input channels, merged in arrival order");
        ExecutionPlan rebalanced = plan(false, 3);
        assertFalse(RestartScope.restartsAlone(rebalanced, task("count", 0)), "round-robin over 3 receivers starts afresh");
        assertTrue(RestartScope.of(rebalanced, SupervisionStrategy.ONE_FOR_ONE, task("count", 0)).containsAll(
                Set.of("count/0", "out/0", "out/1", "out/2")), "so it restarts with everything downstream of it");
    }
}
