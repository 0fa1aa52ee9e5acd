package io.sabot.actors.records;

import io.sabot.state.api.AggregateFunction;
import java.util.ArrayList;

/** Keeps every element, in arrival order: the window contents of a window process function. */
public final class ListAggregate<T> implements AggregateFunction<T, ArrayList<T>, ArrayList<T>> {

    @Override
    public ArrayList<T> createAccumulator() {
        return new ArrayList<>();
    }

    @Override
    public ArrayList<T> add(T value, ArrayList<T> accumulator) {
        accumulator.add(value);
        return accumulator;
    }

    @Override
    public ArrayList<T> getResult(ArrayList<T> accumulator) {
        return accumulator;
    }

    @Override
    public ArrayList<T> merge(ArrayList<T> a, ArrayList<T> b) {
        a.addAll(b);
        return a;
    }
}
