package io.sabot.state.api;

/**
 * One value per key, as Flink's {@code ValueState}: {@link #value()} is null until the first
 * {@link #update}, and {@code update(null)} clears the value.
 */
public interface ValueState<T> extends State {

    T value() throws java.io.IOException;

    void update(T value) throws java.io.IOException;
}
