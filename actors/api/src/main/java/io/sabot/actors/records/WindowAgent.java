package io.sabot.actors.records;

import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.ProcessWindowFunction;
import io.sabot.actors.batch.RowGather;
import io.sabot.state.api.AggregateFunction;
import io.sabot.state.api.KeyedStateStore;
import io.sabot.state.backend.TimerQueue.Timer;
import io.sabot.state.serialization.TypeSerializer;
import io.sabot.watermarks.windows.TimeWindow;
import io.sabot.watermarks.windows.WindowAssigner;
import io.sabot.watermarks.windows.WindowOperator;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs event-time windows ({@link WindowOperator}) over the rows of keyed batches: before each row
 * it fires the windows the row's watermark has reached, then adds the row to its windows; rows too
 * late for any window go to the late side output, if there is one, with the input's columns.
 * Output records carry the timestamp {@code window.maxTimestamp()}.
 *
 * @param <K>   the key type
 * @param <I>   the input record type
 * @param <ACC> the window contents (an accumulator)
 * @param <V>   what the window function receives
 * @param <O>   the output record type
 */
public final class WindowAgent<K, I extends Record, ACC, V, O extends Record> extends TimedRecordAgent<I, O> {

    /** How the windows are built: everything but the per-subtask runtime. */
    public record Spec<I, ACC, V, O, K>(WindowAssigner assigner, long allowedLateness, OutputTag lateData,
                                        AggregateFunction<I, ACC, ?> aggregate, TypeSerializer<ACC> accumulators,
                                        Function<ACC, Iterable<V>> contents,
                                        ProcessWindowFunction<V, O, K> windowFunction) {}

    private final Spec<I, ACC, V, O, K> spec;
    private WindowOperator<I, ACC> operator;
    private int[] lateRows = new int[16];
    private int late;

    public WindowAgent(Spec<I, ACC, V, O, K> spec, Class<I> input, Class<O> output) {
        super(input, output, "window");
        this.spec = spec;
    }

    /** Only the late-data side output, declared by the spec. */
    @Override
    public boolean declaresSideOutputsOnUse() {
        return false;
    }

    @Override
    public List<OutputTag> sideOutputs(Schema input) {
        if (spec.lateData() == null) {
            return List.of();
        }
        if (!spec.lateData().schema().equals(input)) {
            throw new IllegalArgumentException("late data tag '" + spec.lateData().id() + "' has schema "
                    + spec.lateData().schema() + "; late records have the input's schema " + input);
        }
        return List.of(spec.lateData());
    }

    @Override
    void openAgent() {
        this.operator = new WindowOperator<>(spec.assigner(), spec.allowedLateness(), spec.aggregate(),
                spec.accumulators(), agent.state(), timers, this::emitWindow);
    }

    @Override
    void processRow(KeyedBatch input, int row, I value, long timestamp) throws Exception {
        if (!input.hasEventTime()) {
            throw new IllegalStateException("event-time windows need event time (a source with a WatermarkStrategy)");
        }
        boolean kept;
        try {
            kept = operator.processElement(agent.key(input.keyIds()[row]), value, timestamp);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("window agent '" + agent.agentName() + "', row " + row + ": "
                    + e.getMessage(), e);
        }
        if (!kept) {
            if (late == lateRows.length) {
                lateRows = Arrays.copyOf(lateRows, late * 2);
            }
            lateRows[late++] = row;
        }
    }

    /** The batch's late rows, with the input's columns, to the late side output (if there is one). */
    @Override
    void afterBatch(KeyedBatch input) {
        if (late > 0 && spec.lateData() != null) {
            agent.emit(spec.lateData(), RowGather.gather(input.root(), lateRows, late, agent.allocator()),
                    input.eventTime().gather(lateRows, late));
        }
        late = 0;
    }

    @Override
    public void onEventTime(Timer timer) throws Exception {
        operator.onEventTime(timer);
    }

    @Override
    public void onProcessingTime(Timer timer) {
        operator.onProcessingTime(timer);
    }

    /** Records emitted for a window get the timestamp {@code window.maxTimestamp()}. */
    private void emitWindow(Object key, TimeWindow window, ACC accumulator) throws Exception {
        @SuppressWarnings("unchecked")
        K typedKey = (K) key;
        spec.windowFunction().process(typedKey, new WindowContext(window), spec.contents().apply(accumulator),
                record -> collect(record, window.maxTimestamp()));
    }

    private final class WindowContext extends ProcessWindowFunction<V, O, K>.Context {
        private final TimeWindow window;

        WindowContext(TimeWindow window) {
            spec.windowFunction().super();
            this.window = window;
        }

        @Override
        public TimeWindow window() {
            return window;
        }

        @Override
        public long currentProcessingTime() {
            return timers.currentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public KeyedStateStore globalState() {
            return agent.state();
        }
    }
}
