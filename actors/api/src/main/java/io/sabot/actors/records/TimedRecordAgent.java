package io.sabot.actors.records;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.watermarks.timers.OperatorTimerService;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The frame of a per-record agent with timers: rows are read as records {@code I}, output records
 * {@code O} are collected with their event time and emitted once per batch or watermark, and before
 * each row the timers are advanced to the row's watermark, so timers fire between rows exactly as
 * they would one record at a time. Subclasses handle one row ({@link #processRow}) and fired timers.
 */
abstract class TimedRecordAgent<I extends Record, O extends Record> implements BatchFunction,
        OperatorTimerService.Triggerable {

    private final RecordType<I> inputType;
    private final RecordType<O> outputType;
    private final String timersName;
    protected AgentContext agent;
    protected OperatorTimerService timers;
    private TimedRecordWriter<O> out;
    /** The watermark forwarded before the output being emitted: timers fired by a watermark go out before it. */
    private long watermarkBefore = Long.MIN_VALUE;

    TimedRecordAgent(Class<I> input, Class<O> output, String timersName) {
        this.inputType = RecordType.of(input);
        this.outputType = RecordType.of(output);
        this.timersName = timersName;
    }

    @Override
    public Schema outputSchema(Schema input) {
        inputType.checkReadableFrom(input);
        return outputType.schema();
    }

    @Override
    public void open(AgentContext context) throws Exception {
        this.agent = context;
        this.timers = context.timerService(timersName);
        this.out = new TimedRecordWriter<>(outputType, context);
        openAgent();
    }

    /** After the context and timers are set. */
    abstract void openAgent() throws Exception;

    /** Handles row {@code row} of {@code input}, whose record is {@code value}; the current key is set. */
    abstract void processRow(KeyedBatch input, int row, I value, long timestamp) throws Exception;

    /** Called after every row of a batch was processed (and its output emitted). */
    void afterBatch(KeyedBatch input) {}

    @Override
    public VectorSchemaRoot process(KeyedBatch input) throws Exception {
        if (!input.isKeyed()) {
            throw new IllegalStateException("agent '" + agent.agentName() + "' needs a keyed stream (use keyBy)");
        }
        RecordType<I>.Reader reader = inputType.reader(input.root());
        int[] keyIds = input.keyIds();
        long[] timestamps = input.hasEventTime() ? input.eventTime().timestamps() : null;
        long[] watermarks = input.hasEventTime() ? input.eventTime().watermarks() : null;
        for (int row = 0; row < input.rowCount(); row++) {
            if (watermarks != null) {
                advanceWatermark(watermarks[row]);
            }
            agent.setCurrentKey(keyIds[row]);
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
        out.write(record, timestamp, watermarkBefore);
    }

    @Override
    public void close() throws Exception {
        if (out != null) {
            out.discard();
        }
    }
}
