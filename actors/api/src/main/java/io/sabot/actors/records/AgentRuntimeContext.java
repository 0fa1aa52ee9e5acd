package io.sabot.actors.records;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.RuntimeContext;
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

/** A per-record function's view of its agent subtask. */
record AgentRuntimeContext(AgentContext agent) implements RuntimeContext {

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        return agent.state().getState(descriptor);
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return agent.state().getListState(descriptor);
    }

    @Override
    public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
        return agent.state().getMapState(descriptor);
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        return agent.state().getReducingState(descriptor);
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        return agent.state().getAggregatingState(descriptor);
    }

    @Override
    public int getIndexOfThisSubtask() {
        return agent.subtaskIndex();
    }

    @Override
    public int getNumberOfParallelSubtasks() {
        return agent.parallelism();
    }
}
