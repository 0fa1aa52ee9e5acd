package io.sabot.actors.api;

import io.sabot.state.api.KeyedStateStore;
import io.sabot.watermarks.windows.TimeWindow;

/**
 * Computes the output of a window when it fires, with Flink's names: {@code elements} are the
 * window's records (after {@code process}) or its single aggregated result (after
 * {@code aggregate}/{@code reduce} with this function). Records emitted here get the timestamp
 * {@code window.maxTimestamp()}.
 *
 * @param <IN>  what the window holds
 * @param <OUT> the output record type
 * @param <K>   the key type
 */
public abstract class ProcessWindowFunction<IN, OUT, K> {

    public abstract void process(K key, Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception;

    /** What the function knows about the firing window. */
    public abstract class Context {

        public abstract TimeWindow window();

        public abstract long currentProcessingTime();

        public abstract long currentWatermark();

        /** Keyed state of the current key, shared by all its windows. */
        public abstract KeyedStateStore globalState();
    }
}
