package io.sabot.actors.graph;

import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.ProcessWindowFunction;
import io.sabot.actors.records.ListAggregate;
import io.sabot.actors.records.PassThroughWindowFunction;
import io.sabot.actors.records.ReduceAggregate;
import io.sabot.actors.records.TypeArguments;
import io.sabot.actors.records.WindowAgent;
import io.sabot.state.api.AggregateFunction;
import io.sabot.state.api.ReduceFunction;
import io.sabot.state.serialization.ListSerializer;
import io.sabot.state.serialization.TypeSerializer;
import io.sabot.state.serialization.TypeSerializers;
import io.sabot.watermarks.windows.WindowAssigner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A keyed stream cut into event-time windows, as Flink's {@code WindowedStream}:
 *
 * <pre>{@code
 * stream.keyBy("symbol")
 *       .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
 *       .allowedLateness(Duration.ofSeconds(10))
 *       .sideOutputLateData(late)
 *       .aggregate("bars", BarAggregate::new, new BarWindow(), Trade.class, Bar.class, 4);
 * }</pre>
 *
 * Functions are given as suppliers: every subtask gets its own instances. Records are Java records
 * read from and written to the stream's columns.
 */
public final class WindowedStream {

    private final KeyedStream input;
    private final WindowAssigner assigner;
    private long allowedLateness;
    private OutputTag lateData;

    WindowedStream(KeyedStream input, WindowAssigner assigner) {
        this.input = input;
        this.assigner = assigner;
    }

    /** How long after a window's end late elements still update it (default 0). */
    public WindowedStream allowedLateness(Duration lateness) {
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("the allowed lateness must not be negative, was " + lateness);
        }
        this.allowedLateness = lateness.toMillis();
        return this;
    }

    /** Sends elements too late for any window to side output {@code tag} (the input's schema). */
    public WindowedStream sideOutputLateData(OutputTag tag) {
        this.lateData = tag;
        return this;
    }

    /** Incremental aggregation; the aggregate's results are the output records. */
    public <I extends Record, ACC, O extends Record> DataStream aggregate(
            String name, Supplier<? extends AggregateFunction<I, ACC, O>> aggregate,
            Class<I> inputType, Class<O> outputType, int parallelism) {
        return aggregate(name, aggregate, PassThroughWindowFunction::new, inputType, outputType, parallelism);
    }

    /** Incremental aggregation; the window function turns each window's result into output records. */
    public <I extends Record, ACC, V, O extends Record, K> DataStream aggregate(
            String name, Supplier<? extends AggregateFunction<I, ACC, V>> aggregate,
            Supplier<? extends ProcessWindowFunction<V, O, K>> windowFunction,
            Class<I> inputType, Class<O> outputType, int parallelism) {
        @SuppressWarnings("unchecked")
        Class<ACC> accumulator = (Class<ACC>) TypeArguments.of(aggregate.get().getClass(), AggregateFunction.class, 1);
        TypeSerializer<ACC> accumulators = TypeSerializers.forClass(accumulator);
        return build(name, () -> {
            AggregateFunction<I, ACC, V> instance = aggregate.get();
            return spec(instance, accumulators, acc -> List.of(instance.getResult(acc)), windowFunction.get());
        }, inputType, outputType, parallelism);
    }

    /** Incremental reduction; the reduced records are the output. */
    public <I extends Record> DataStream reduce(String name, Supplier<? extends ReduceFunction<I>> reduce,
                                                Class<I> type, int parallelism) {
        return reduce(name, reduce, PassThroughWindowFunction::new, type, type, parallelism);
    }

    /** Incremental reduction; the window function turns each window's reduced record into output records. */
    public <I extends Record, O extends Record, K> DataStream reduce(
            String name, Supplier<? extends ReduceFunction<I>> reduce,
            Supplier<? extends ProcessWindowFunction<I, O, K>> windowFunction,
            Class<I> inputType, Class<O> outputType, int parallelism) {
        TypeSerializer<I> values = TypeSerializers.forClass(inputType);
        return build(name, () -> spec(new ReduceAggregate<>(reduce.get()), values, List::of, windowFunction.get()),
                inputType, outputType, parallelism);
    }

    /** Keeps every element of a window and hands them all to the window function when it fires. */
    public <I extends Record, O extends Record, K> DataStream process(
            String name, Supplier<? extends ProcessWindowFunction<I, O, K>> windowFunction,
            Class<I> inputType, Class<O> outputType, int parallelism) {
        ListSerializer<I> lists = new ListSerializer<>(TypeSerializers.forClass(inputType));
        return build(name, () -> spec(new ListAggregate<I>(), lists, (ArrayList<I> list) -> list, windowFunction.get()),
                inputType, outputType, parallelism);
    }

    private <I, ACC, V, O, K> WindowAgent.Spec<I, ACC, V, O, K> spec(
            AggregateFunction<I, ACC, ?> aggregate, TypeSerializer<ACC> accumulators,
            Function<ACC, Iterable<V>> contents, ProcessWindowFunction<V, O, K> windowFunction) {
        return new WindowAgent.Spec<>(assigner, allowedLateness, lateData, aggregate, accumulators, contents, windowFunction);
    }

    private <I extends Record, ACC, V, O extends Record, K> DataStream build(
            String name, Supplier<WindowAgent.Spec<I, ACC, V, O, K>> specs,
            Class<I> inputType, Class<O> outputType, int parallelism) {
        if (!input.input().hasEventTime()) {
            throw new IllegalArgumentException("window agent '" + name + "' needs event time: give the source a "
                    + "WatermarkStrategy (JobBuilder.source(name, source, strategy))");
        }
        return input.process(name, () -> new WindowAgent<>(specs.get(), inputType, outputType), parallelism);
    }
}
