package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedProcessFunction;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.testing.OnOneNode;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.testing.TickSource;
import io.sabot.actors.testing.TickSource.Tick;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import io.sabot.state.keygroups.KeyGroupRangeAssignment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs keyed jobs on a real single-node cluster (sharded tasks) and checks every output row. */
public class KeyedPipelineTest extends OnOneNode {


    public record RunningCount(String symbol, long seq, long count, double total, int subtask) {}

    /** Per-symbol running count and price total, in ValueState; also reports the subtask it ran on. */
    public static final class CountPerSymbol extends KeyedProcessFunction<String, Tick, RunningCount> {
        private ValueState<Long> count;
        private ValueState<Double> total;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
            total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", Double.class));
        }

        @Override
        public void processElement(Tick tick, Context ctx, Collector<RunningCount> out) throws Exception {
            long n = count.value() == null ? 1 : count.value() + 1;
            double sum = (total.value() == null ? 0 : total.value()) + tick.price();
            count.update(n);
            total.update(sum);
            if (!ctx.getCurrentKey().equals(tick.symbol())) {
                throw new IllegalStateException("current key " + ctx.getCurrentKey() + " for row of " + tick.symbol());
            }
            out.collect(new RunningCount(tick.symbol(), tick.seq(), n, sum, getRuntimeContext().getIndexOfThisSubtask()));
        }
    }

    @Test
    void perRecordKeyedStateWithParallelismTwoMatchesAnIndependentComputation() throws Exception {
        TickSource source = new TickSource(50_000, 37, 1000);
        CollectSink<RunningCount> sink = CollectSink.of(RunningCount.class);
        JobBuilder job = JobBuilder.named("running-count");
        job.source("ticks", source)
                .keyBy("symbol").process("count", CountPerSymbol::new, Tick.class, RunningCount.class, 2)
                .sinkTo("out", sink);

        JobResult result = node.execute(job.build());

        assertTrue(result.succeeded(), result.error());
        List<RunningCount> out = sink.records();
        assertEquals(50_000, out.size());
        assertEquals(50_000, result.stats("count").rowsIn());
        assertEquals(37, result.stats("count").keys(), "keys are disjoint across subtasks");

        // Independent: replay the rows in order, one counter per symbol.
        Map<Long, RunningCount> bySeq = new HashMap<>();
        out.forEach(r -> bySeq.put(r.seq(), r));
        Map<String, long[]> counts = new HashMap<>();
        Map<String, Double> totals = new HashMap<>();
        for (long seq = 0; seq < 50_000; seq++) {
            Tick tick = source.row(seq);
            long n = ++counts.computeIfAbsent(tick.symbol(), s -> new long[1])[0];
            double sum = totals.merge(tick.symbol(), tick.price(), Double::sum);
            RunningCount actual = bySeq.get(seq);
            assertEquals(tick.symbol(), actual.symbol());
            assertEquals(n, actual.count(), "count of row " + seq);
            assertEquals(sum, actual.total(), 0.0, "total of row " + seq);
            int expectedSubtask = KeyGroupRangeAssignment.assignKeyToParallelOperator(tick.symbol(), 128, 2);
            assertEquals(expectedSubtask, actual.subtask(), "row " + seq + " ran on the subtask owning its key group");
        }
    }
}
