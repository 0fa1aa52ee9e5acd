package io.sabot.actors.api;

/** Keeps the records for which it returns true, as Flink's {@code FilterFunction}. */
@FunctionalInterface
public interface FilterFunction<T> {

    boolean filter(T value) throws Exception;
}
