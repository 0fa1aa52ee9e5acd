package io.sabot.actors.api;

/**
 * Turns each record into zero or more records, as Flink's {@code FlatMapFunction}; every output
 * record takes its input record's timestamp.
 */
@FunctionalInterface
public interface FlatMapFunction<I, O> {

    void flatMap(I value, Collector<O> out) throws Exception;
}
