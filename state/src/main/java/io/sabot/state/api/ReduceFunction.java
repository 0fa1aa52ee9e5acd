package io.sabot.state.api;

/** Combines two values into one (Flink's {@code ReduceFunction}). */
@FunctionalInterface
public interface ReduceFunction<T> {

    T reduce(T value1, T value2) throws Exception;
}
