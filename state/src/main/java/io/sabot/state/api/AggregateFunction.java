package io.sabot.state.api;

/** Incremental aggregation (Flink's {@code AggregateFunction}). */
public interface AggregateFunction<IN, ACC, OUT> {

    ACC createAccumulator();

    ACC add(IN value, ACC accumulator);

    OUT getResult(ACC accumulator);

    ACC merge(ACC a, ACC b);
}
