package io.sabot.actors.records;

import io.sabot.actors.api.CoBatchFunction;
import io.sabot.actors.api.CoProcessFunction;
import io.sabot.actors.api.Collector;
import io.sabot.actors.api.OutputTag;
import java.util.List;

/**
 * Runs a {@link CoProcessFunction} over two connected streams: rows of the first input go to
 * {@code processElement1}, of the second to {@code processElement2}, in arrival order.
 */
public final class CoProcessAgent<I1 extends Record, I2 extends Record, O extends Record>
        extends RecordAgent<Record, O> implements CoBatchFunction {

    private final CoProcessFunction<I1, I2, O> function;
    private final Class<I1> firstType;
    private final Class<I2> secondType;
    private Context context;

    public CoProcessAgent(CoProcessFunction<I1, I2, O> function, Class<I1> first, Class<I2> second, Class<O> output) {
        super(List.of(first, second), output);
        this.function = function;
        this.firstType = first;
        this.secondType = second;
    }

    @Override
    void openAgent() throws Exception {
        context = new Context();
        function.setRuntimeContext(new AgentRuntimeContext(agent));
        function.open();
    }

    @Override
    void processRow(int input, Record value) throws Exception {
        if (input == 0) {
            function.processElement1(firstType.cast(value), context, context);
        } else {
            function.processElement2(secondType.cast(value), context, context);
        }
    }

    @Override
    public void close() throws Exception {
        super.close();
        function.close();
    }

    private final class Context extends CoProcessFunction<I1, I2, O>.Context implements Collector<O> {
        Context() {
            function.super();
        }

        @Override
        public Long timestamp() {
            return CoProcessAgent.this.timestamp();
        }

        @Override
        public long currentWatermark() {
            return watermark();
        }

        @Override
        public void output(OutputTag tag, Record value) {
            CoProcessAgent.this.output(tag, value);
        }

        @Override
        public void collect(O record) {
            CoProcessAgent.this.collect(record);
        }
    }
}
