package io.sabot.state.api;

/** A state that values are added to (Flink's {@code AppendingState}). */
public interface AppendingState<IN, OUT> extends State {

    /** The current value for the current key; null when there is none. */
    OUT get() throws Exception;

    /** Adds {@code value} for the current key. */
    void add(IN value) throws Exception;
}
