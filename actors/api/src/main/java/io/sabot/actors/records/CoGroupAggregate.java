package io.sabot.actors.records;

import io.sabot.state.api.AggregateFunction;

/** Keeps every element of both inputs of a window, by side and in arrival order: the contents of a coGroup window. */
final class CoGroupAggregate<L, R> implements AggregateFunction<CoGroupBuffers.Element, CoGroupBuffers<L, R>,
        CoGroupBuffers<L, R>> {

    @Override
    public CoGroupBuffers<L, R> createAccumulator() {
        return new CoGroupBuffers<>();
    }

    @Override
    public CoGroupBuffers<L, R> add(CoGroupBuffers.Element value, CoGroupBuffers<L, R> accumulator) {
        accumulator.add(value);
        return accumulator;
    }

    @Override
    public CoGroupBuffers<L, R> getResult(CoGroupBuffers<L, R> accumulator) {
        return accumulator;
    }

    @Override
    public CoGroupBuffers<L, R> merge(CoGroupBuffers<L, R> a, CoGroupBuffers<L, R> b) {
        a.addAll(b);
        return a;
    }
}
