package io.sabot.actors.api;

/**
 * Extracts the key of a record, as Flink's {@code KeySelector}: the key must be a String, Integer or
 * Long (what keyed state and Flink's key-group assignment take), the same for equal records.
 */
@FunctionalInterface
public interface KeySelector<T, K> {

    K getKey(T value) throws Exception;
}
