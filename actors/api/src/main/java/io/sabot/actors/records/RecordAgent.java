package io.sabot.actors.records;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.OutputTag;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The frame of a per-record agent without keys or timers, over one input or two: rows are read as
 * records of their input's type and handed to {@link #processRow}; what it emits (main and side
 * outputs) takes the row's timestamp and watermark and goes out as one batch per output after the
 * input batch.
 */
abstract class RecordAgent<I extends Record, O extends Record> implements BatchFunction {

    private final RecordInputs<I> inputs;
    private final RecordType<O> outputType;
    protected AgentContext agent;
    private RecordOutputs<O> out;
    private long timestamp = Long.MIN_VALUE; // of the row being processed (Long.MIN_VALUE: none)
    private long watermark = Long.MIN_VALUE; // the combined watermark before that row

    /** An agent reading input {@code i} (of one or two) as records of {@code inputs.get(i)}. */
    RecordAgent(List<Class<? extends I>> inputs, Class<O> output) {
        this.inputs = new RecordInputs<>(inputs);
        this.outputType = RecordType.of(output);
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
        this.out = new RecordOutputs<>(outputType, context);
        openAgent();
    }

    abstract void openAgent() throws Exception;

    /** Handles one row of input {@code input} (0 or 1), read as {@code value}. */
    abstract void processRow(int input, I value) throws Exception;

    @Override
    public VectorSchemaRoot process(KeyedBatch input) throws Exception {
        RecordType<? extends I>.Reader reader = inputs.reader(input);
        long[] timestamps = input.hasEventTime() ? input.eventTime().timestamps() : null;
        long[] watermarks = input.hasEventTime() ? input.eventTime().watermarks() : null;
        for (int row = 0; row < input.rowCount(); row++) {
            timestamp = timestamps == null ? Long.MIN_VALUE : timestamps[row];
            watermark = watermarks == null ? agent.currentWatermark() : watermarks[row];
            processRow(input.input(), reader.read(row));
        }
        out.flush();
        return null;
    }

    /** The timestamp of the row being processed, or null when it has none. */
    Long timestamp() {
        return timestamp == Long.MIN_VALUE ? null : timestamp;
    }

    /** The combined watermark before the row being processed. */
    long watermark() {
        return watermark;
    }

    void collect(O record) {
        out.collect(record, timestamp, watermark);
    }

    void output(OutputTag tag, Record value) {
        out.output(tag, value, timestamp, watermark);
    }

    @Override
    public void close() throws Exception {
        if (out != null) {
            out.discard();
        }
    }
}
