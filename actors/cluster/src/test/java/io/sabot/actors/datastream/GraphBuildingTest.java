package io.sabot.actors.datastream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedProcessFunction;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.ProcessFunction;
import io.sabot.actors.api.ProcessJoinFunction;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.CollectionSource;
import io.sabot.actors.records.RecordType;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Graphs that could not run are refused when the job is built, naming the agent. */
class GraphBuildingTest {

    public static final class Split extends ProcessFunction<Tick, Tick> {
        @Override
        public void processElement(Tick t, Context ctx, Collector<Tick> out) {
            out.collect(t);
        }
    }

    static final OutputTag A = RecordType.outputTag("a", Tick.class);
    static final OutputTag B = RecordType.outputTag("b", Tick.class);

    public static final class Pairs extends ProcessJoinFunction<Tick, Tick, Tick> {
        @Override
        public void processElement(Tick left, Tick right, Context ctx, Collector<Tick> out) {
            out.collect(left);
        }
    }

    public static final class PassOn extends KeyedProcessFunction<String, Tick, Tick> {
        @Override
        public void processElement(Tick t, Context ctx, Collector<Tick> out) {
            out.collect(t);
        }
    }

    /** Read subtask to subtask, a reinterpreted stream cannot feed more subtasks than it has: they would wait forever. */
    @Test
    void aReinterpretedKeyedStreamKeepsItsParallelismInEveryKindOfAgent() {
        JobBuilder job = JobBuilder.named("reinterpreted");
        WatermarkStrategy time = WatermarkStrategy.forMonotonousTimestamps().withTimestampAssigner(TimestampAssigner.column("ts"));
        DataStream left = job.source("left", CollectionSource.of(Tick.class, List.of()), time);
        DataStream right = job.source("right", CollectionSource.of(Tick.class, List.of()), time);
        var keyed = left.reinterpretAsKeyedStream("symbol");
        assertEquals("agent 'one': a reinterpreted keyed stream keeps its parallelism 1, 4 was asked for",
                assertThrows(IllegalArgumentException.class,
                        () -> keyed.process("one", PassOn::new, Tick.class, Tick.class, 4)).getMessage());
        assertEquals("agent 'two': a reinterpreted keyed stream keeps its parallelism 1, 4 was asked for",
                assertThrows(IllegalArgumentException.class, () -> keyed.intervalJoin(right.keyBy("symbol"))
                        .between(Duration.ofMillis(-1), Duration.ofMillis(1))
                        .process("two", Pairs::new, Tick.class, Tick.class, Tick.class, 4)).getMessage());
    }

    @Test
    void aSideOutputReadTwiceIsStillOneOriginAndCannotBeUnitedWithItself() {
        JobBuilder job = JobBuilder.named("sides");
        DataStream split = job.source("ticks", CollectionSource.of(Tick.class, List.of()))
                .process("split", Split::new, Tick.class, Tick.class, 1);
        DataStream a = split.getSideOutput(A);
        split.getSideOutput(B); // widens the vertex again
        DataStream aAgain = split.getSideOutput(A);
        assertThrows(IllegalArgumentException.class, () -> a.union(aAgain));
        split.sinkTo("out", CollectSink.of(Tick.class));
        a.union(split.getSideOutput(B)).sinkTo("sides", CollectSink.of(Tick.class));
        assertEquals(3, job.build().edges().stream().filter(edge -> edge.from().equals("split")).count());
    }
}
