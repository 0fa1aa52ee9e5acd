package io.sabot.state.api;

import java.util.List;

/**
 * A list of values per key, as Flink's {@code ListState}: {@link #get()} is null when the list is
 * empty, {@code update(empty)} clears it, and nulls are rejected as elements.
 */
public interface ListState<T> extends AppendingState<T, Iterable<T>> {

    /** Replaces the list; an empty list clears the state. */
    void update(List<T> values) throws Exception;

    /** Appends all {@code values}; an empty list changes nothing. */
    void addAll(List<T> values) throws Exception;
}
