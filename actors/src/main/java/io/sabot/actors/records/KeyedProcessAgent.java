package io.sabot.actors.records;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.KeyedProcessFunction;
import io.sabot.actors.api.RuntimeContext;
import io.sabot.actors.api.TimerService;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs a per-record {@link KeyedProcessFunction} as a vectorized agent: for each row it sets the
 * current key, converts the row to the input record, and collects output records into a batch.
 */
public final class KeyedProcessAgent<K, I extends Record, O extends Record> implements BatchFunction {

    private final KeyedProcessFunction<K, I, O> function;
    private final RecordType<I> inputType;
    private final RecordType<O> outputType;
    private AgentContext agent;

    public KeyedProcessAgent(KeyedProcessFunction<K, I, O> function, Class<I> input, Class<O> output) {
        this.function = function;
        this.inputType = RecordType.of(input);
        this.outputType = RecordType.of(output);
    }

    @Override
    public Schema outputSchema(Schema input) {
        inputType.checkReadableFrom(input);
        return outputType.schema();
    }

    @Override
    public void open(AgentContext context) throws Exception {
        this.agent = context;
        function.setRuntimeContext(new RuntimeContext() {
            @Override
            public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
                return context.state().getState(descriptor);
            }

            @Override
            public int getIndexOfThisSubtask() {
                return context.subtaskIndex();
            }

            @Override
            public int getNumberOfParallelSubtasks() {
                return context.parallelism();
            }
        });
        function.open();
    }

    @Override
    public VectorSchemaRoot process(KeyedBatch input) throws Exception {
        if (!input.isKeyed()) {
            throw new IllegalStateException("a KeyedProcessFunction needs a keyed stream (use keyBy)");
        }
        RecordType<I>.Reader reader = inputType.reader(input.root());
        RowContext context = new RowContext();
        try (RecordType<O>.Writer writer = outputType.writer(agent.allocator())) {
            int[] keyIds = input.keyIds();
            for (int row = 0; row < input.rowCount(); row++) {
                agent.setCurrentKey(keyIds[row]);
                context.keyId = keyIds[row];
                function.processElement(reader.read(row), context, writer::write);
            }
            return writer.rows() == 0 ? null : writer.finish();
        }
    }

    @Override
    public void close() throws Exception {
        function.close();
    }

    private final class RowContext extends KeyedProcessFunction<K, I, O>.Context implements TimerService {
        int keyId;

        RowContext() {
            function.super();
        }

        @Override
        @SuppressWarnings("unchecked")
        public K getCurrentKey() {
            return (K) agent.key(keyId);
        }

        @Override
        public TimerService timerService() {
            return this;
        }

        @Override
        public long currentProcessingTime() {
            return System.currentTimeMillis();
        }

        @Override
        public long currentWatermark() {
            return agent.currentWatermark();
        }
    }
}
