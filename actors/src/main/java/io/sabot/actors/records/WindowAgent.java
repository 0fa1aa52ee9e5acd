package io.sabot.actors.records;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.ProcessWindowFunction;
import io.sabot.actors.batch.RowGather;
import io.sabot.actors.stream.EventTime;
import io.sabot.state.api.AggregateFunction;
import io.sabot.state.api.KeyedStateStore;
import io.sabot.state.backend.TimerQueue.Timer;
import io.sabot.state.serialization.TypeSerializer;
import io.sabot.watermarks.timers.InternalTimerService;
import io.sabot.watermarks.windows.TimeWindow;
import io.sabot.watermarks.windows.WindowAssigner;
import io.sabot.watermarks.windows.WindowOperator;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.VectorSchemaRoot;
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
public final class WindowAgent<K, I extends Record, ACC, V, O extends Record> implements BatchFunction,
        InternalTimerService.Triggerable {

    /** How the windows are built: everything but the per-subtask runtime. */
    public record Spec<I, ACC, V, O, K>(WindowAssigner assigner, long allowedLateness, OutputTag lateData,
                                        AggregateFunction<I, ACC, ?> aggregate, TypeSerializer<ACC> accumulators,
                                        Function<ACC, Iterable<V>> contents,
                                        ProcessWindowFunction<V, O, K> windowFunction) {}

    private final Spec<I, ACC, V, O, K> spec;
    private final RecordType<I> inputType;
    private final RecordType<O> outputType;
    private AgentContext agent;
    private InternalTimerService timers;
    private WindowOperator<I, ACC> operator;
    private TimedRecordWriter<O> out;
    private long emitWatermark; // the watermark forwarded before the output being emitted
    private int[] lateRows = new int[0];

    public WindowAgent(Spec<I, ACC, V, O, K> spec, Class<I> input, Class<O> output) {
        this.spec = spec;
        this.inputType = RecordType.of(input);
        this.outputType = RecordType.of(output);
    }

    @Override
    public Schema outputSchema(Schema input) {
        inputType.checkReadableFrom(input);
        return outputType.schema();
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
    public void open(AgentContext context) {
        this.agent = context;
        this.timers = context.timerService("window");
        this.operator = new WindowOperator<>(spec.assigner(), spec.allowedLateness(), spec.aggregate(),
                spec.accumulators(), context.state(), timers, this::emitWindow);
        this.out = new TimedRecordWriter<>(outputType, context);
    }

    @Override
    public VectorSchemaRoot process(KeyedBatch input) throws Exception {
        if (!input.isKeyed() || !input.hasEventTime()) {
            throw new IllegalStateException("event-time windows need a keyed stream with event time "
                    + "(keyBy, and a source with a WatermarkStrategy)");
        }
        RecordType<I>.Reader reader = inputType.reader(input.root());
        int[] keyIds = input.keyIds();
        long[] timestamps = input.eventTime().timestamps();
        long[] watermarks = input.eventTime().watermarks();
        int late = 0;
        for (int row = 0; row < input.rowCount(); row++) {
            advanceWatermark(watermarks[row]);
            agent.setCurrentKey(keyIds[row]);
            emitWatermark = timers.currentWatermark();
            try {
                if (!operator.processElement(agent.key(keyIds[row]), reader.read(row), timestamps[row])) {
                    late = addLateRow(late, row);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("window agent '" + agent.agentName() + "', row " + row + ": "
                        + e.getMessage(), e);
            }
        }
        out.flush();
        if (late > 0 && spec.lateData() != null) {
            agent.emit(spec.lateData(), RowGather.gather(input.root(), lateRows, late, agent.allocator()),
                    input.eventTime().gather(lateRows, late));
        }
        return null;
    }

    private int addLateRow(int late, int row) {
        if (late == lateRows.length) {
            lateRows = java.util.Arrays.copyOf(lateRows, Math.max(16, late * 2));
        }
        lateRows[late] = row;
        return late + 1;
    }

    @Override
    public void onWatermark(long watermark) throws Exception {
        advanceWatermark(watermark);
        out.flush();
    }

    private void advanceWatermark(long watermark) throws Exception {
        // Windows fired by a watermark go out before it.
        emitWatermark = timers.currentWatermark();
        timers.advanceWatermark(watermark, this);
    }

    @Override
    public void onEventTime(Timer timer) throws Exception {
        operator.onEventTime(timer);
    }

    @Override
    public void onProcessingTime(Timer timer) {
        operator.onProcessingTime(timer);
    }

    private void emitWindow(Object key, TimeWindow window, ACC accumulator) throws Exception {
        WindowContext context = new WindowContext(window);
        Collector<O> collector = record -> out.write(record, window.maxTimestamp(), emitWatermark);
        @SuppressWarnings("unchecked")
        K typedKey = (K) key;
        spec.windowFunction().process(typedKey, context, spec.contents().apply(accumulator), collector);
    }

    @Override
    public void close() {
        if (out != null) {
            out.discard();
        }
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
