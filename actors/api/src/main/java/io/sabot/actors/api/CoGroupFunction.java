package io.sabot.actors.api;

/**
 * Receives a key's elements of both inputs in one window when it fires, as Flink's
 * {@code CoGroupFunction}: called once per key and window firing in which either input has
 * elements (the other may have none), each side in arrival order.
 *
 * @param <IN1> the left (first) input's record type
 * @param <IN2> the right (second) input's record type
 * @param <OUT> the output record type
 */
@FunctionalInterface
public interface CoGroupFunction<IN1, IN2, OUT> {

    void coGroup(Iterable<IN1> first, Iterable<IN2> second, Collector<OUT> out) throws Exception;
}
