package io.sabot.actors.api;

/** Emits records from a per-record function, as Flink's {@code Collector}. */
@FunctionalInterface
public interface Collector<T> {

    void collect(T record);
}
