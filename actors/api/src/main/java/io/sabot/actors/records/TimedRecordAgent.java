package io.sabot.actors.records;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.OutputTag;
import io.sabot.watermarks.timers.OperatorTimerService;
import io.sabot.watermarks.timers.TimerService;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The frame of a keyed per-record agent with timers, over one input or two: rows are read as
 * records of their input's type, output records are collected with their event time and emitted
 * once per batch or watermark, and before each row the timers are advanced to the row's watermark,
 * so timers fire between rows exactly as they would one record at a time. Subclasses handle one row
 * ({@link #processRow}) and fired timers.
 */
abstract class TimedRecordAgent<I extends Record, O extends Record> implements BatchFunction,
        OperatorTimerService.Triggerable {

    private static final byte[] NO_NAMESPACE = new byte[0];

    private final RecordInputs<I> inputs;
    private final RecordType<O> outputType;
    private final String timersName;
    protected AgentContext agent;
    protected OperatorTimerService timers;
    /** The timers of the current key, as a function's context hands them out. */
    final TimerService currentKeyTimers = new CurrentKeyTimers();
    private RecordOutputs<O> out;
    /** The watermark forwarded before the output being emitted: timers fired by a watermark go out before it. */
    private long watermarkBefore = Long.MIN_VALUE;

    TimedRecordAgent(Class<? extends I> input, Class<O> output, String timersName) {
        this(List.of(input), output, timersName);
    }

    /** An agent reading input {@code i} (of one or two) as records of {@code inputs.get(i)}. */
    TimedRecordAgent(List<Class<? extends I>> inputs, Class<O> output, String timersName) {
        this.inputs = new RecordInputs<>(inputs);
        this.outputType = RecordType.of(output);
        this.timersName = timersName;
    }

    @Override
    public Schema outputSchema(Schema input) {
        inputs.checkReadableFrom(input);
        return outputType.schema();
    }

    /** The output schema of a two-input agent (see {@code CoBatchFunction}). */
    public Schema outputSchema(Schema first, Schema second) {
        inputs.checkReadableFrom(first, second);
        return outputType.schema();
    }

    /** Records emitted to any side output: the job declares the ones it reads. */
    @Override
    public boolean declaresSideOutputsOnUse() {
        return true;
    }

    @Override
    public void open(AgentContext context) throws Exception {
        this.agent = context;
        this.timers = context.timerService(timersName);
        this.out = new RecordOutputs<>(outputType, context);
        openAgent();
    }

    /** After the context and timers are set. */
    abstract void openAgent() throws Exception;

    /** Handles row {@code row} of {@code input}, whose record is {@code value}; the current key is set. */
    abstract void processRow(KeyedBatch input, int row, I value, long timestamp) throws Exception;

    /** Called after every row of a batch was processed (and its output emitted). */
    void afterBatch(KeyedBatch input) {}

    /** True for an input that is not keyed (a broadcast input): its rows are processed with no key set. */
    boolean isBroadcastInput(int input) {
        return false;
    }

    @Override
    public VectorSchemaRoot process(KeyedBatch input) throws Exception {
        boolean keyed = input.isKeyed();
        if (!keyed && !isBroadcastInput(input.input())) {
            throw new IllegalStateException("agent '" + agent.agentName() + "' needs a keyed stream (use keyBy)");
        }
        RecordType<? extends I>.Reader reader = inputs.reader(input);
        int[] keyIds = input.keyIds();
        long[] timestamps = input.hasEventTime() ? input.eventTime().timestamps() : null;
        long[] watermarks = input.hasEventTime() ? input.eventTime().watermarks() : null;
        for (int row = 0; row < input.rowCount(); row++) {
            if (watermarks != null) {
                advanceWatermark(watermarks[row]);
            }
            if (keyed) {
                agent.setCurrentKey(keyIds[row]);
            }
            watermarkBefore = timers.currentWatermark();
            processRow(input, row, reader.read(row), timestamps == null ? Long.MIN_VALUE : timestamps[row]);
        }
        out.flush();
        afterBatch(input);
        return null;
    }

    @Override
    public void onWatermark(long watermark) throws Exception {
        advanceWatermark(watermark);
        out.flush();
    }

    @Override
    public void onProcessingTime() throws Exception {
        watermarkBefore = timers.currentWatermark();
        timers.advanceProcessingTime(this);
        out.flush();
    }

    private void advanceWatermark(long watermark) throws Exception {
        watermarkBefore = timers.currentWatermark();
        timers.advanceWatermark(watermark, this);
    }

    /** Collects an output record with event timestamp {@code timestamp} (Long.MIN_VALUE: none). */
    void collect(O record, long timestamp) {
        out.collect(record, timestamp, watermarkBefore);
    }

    /** Collects a side-output record with event timestamp {@code timestamp} (Long.MIN_VALUE: none). */
    void output(OutputTag tag, Record value, long timestamp) {
        out.output(tag, value, timestamp, watermarkBefore);
    }

    @Override
    public void close() throws Exception {
        if (out != null) {
            out.discard();
        }
    }

    /** Timers for the current key, whichever context hands them out. */
    private final class CurrentKeyTimers implements TimerService {
        @Override
        public long currentProcessingTime() {
            return timers.currentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public void registerEventTimeTimer(long time) {
            timers.registerEventTimeTimer(NO_NAMESPACE, time);
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            timers.registerProcessingTimeTimer(NO_NAMESPACE, time);
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            timers.deleteEventTimeTimer(NO_NAMESPACE, time);
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            timers.deleteProcessingTimeTimer(NO_NAMESPACE, time);
        }
    }
}
