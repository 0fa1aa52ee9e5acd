package io.sabot.state.api;

/** An accumulator per key fed by an {@link AggregateFunction}; {@code get()} is its result. */
public interface AggregatingState<IN, OUT> extends AppendingState<IN, OUT> {}
