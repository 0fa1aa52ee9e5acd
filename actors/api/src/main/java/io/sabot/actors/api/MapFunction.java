package io.sabot.actors.api;

/** Turns each record into one record, as Flink's {@code MapFunction}; output keeps the input's timestamp. */
@FunctionalInterface
public interface MapFunction<I, O> {

    O map(I value) throws Exception;
}
