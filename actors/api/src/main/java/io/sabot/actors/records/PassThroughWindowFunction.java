package io.sabot.actors.records;

import io.sabot.actors.api.Collector;
import io.sabot.actors.api.ProcessWindowFunction;

/** Emits a window's results as they are: the window function of a plain aggregate or reduce. */
public final class PassThroughWindowFunction<T, K> extends ProcessWindowFunction<T, T, K> {

    @Override
    public void process(K key, Context context, Iterable<T> elements, Collector<T> out) {
        elements.forEach(out::collect);
    }
}
