package io.sabot.actors.api;

import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;

/** What a per-record function sees of its subtask, as Flink's {@code RuntimeContext}. */
public interface RuntimeContext {

    /** Keyed state scoped to the key of the record being processed. */
    <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor);

    int getIndexOfThisSubtask();

    int getNumberOfParallelSubtasks();
}
