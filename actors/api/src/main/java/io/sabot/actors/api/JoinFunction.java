package io.sabot.actors.api;

/**
 * Makes one output record of a pair of a window join, as Flink's {@code JoinFunction}: called for
 * every left and right element with equal keys in the same window when the window fires.
 *
 * @param <IN1> the left (first) input's record type
 * @param <IN2> the right (second) input's record type
 * @param <OUT> the output record type
 */
@FunctionalInterface
public interface JoinFunction<IN1, IN2, OUT> {

    OUT join(IN1 first, IN2 second) throws Exception;
}
