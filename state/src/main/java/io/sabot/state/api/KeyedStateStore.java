package io.sabot.state.api;

/** Hands out keyed state; what a user function sees through its runtime context. */
public interface KeyedStateStore {

    <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor);
}
