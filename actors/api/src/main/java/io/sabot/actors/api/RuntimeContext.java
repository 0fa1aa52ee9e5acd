package io.sabot.actors.api;

import io.sabot.state.api.AggregatingState;
import io.sabot.state.api.AggregatingStateDescriptor;
import io.sabot.state.api.ListState;
import io.sabot.state.api.ListStateDescriptor;
import io.sabot.state.api.MapState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ReducingState;
import io.sabot.state.api.ReducingStateDescriptor;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;

/** What a per-record function sees of its subtask, as Flink's {@code RuntimeContext}. */
public interface RuntimeContext {

    /** Keyed state scoped to the key of the record (or timer) being processed. */
    <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor);

    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor);

    <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor);

    <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor);

    int getIndexOfThisSubtask();

    int getNumberOfParallelSubtasks();
}
