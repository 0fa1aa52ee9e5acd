package io.sabot.actors.records;

import io.sabot.actors.api.Collector;
import io.sabot.actors.api.FlatMapFunction;
import io.sabot.actors.api.MapFunction;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.ProcessFunction;
import java.util.List;

/**
 * Runs a {@link ProcessFunction} on a stream of records (Flink's {@code ProcessOperator}), and with
 * it {@code map} and {@code flatMap}: everything emitted for a record takes its timestamp.
 */
public final class ProcessAgent<I extends Record, O extends Record> extends RecordAgent<I, O> {

    private final ProcessFunction<I, O> function;
    private Context context;

    public ProcessAgent(ProcessFunction<I, O> function, Class<I> input, Class<O> output) {
        super(List.of(input), output);
        this.function = function;
    }

    /** A {@code map}: one output record per input record. */
    public static <I extends Record, O extends Record> ProcessAgent<I, O> map(
            MapFunction<I, O> map, Class<I> input, Class<O> output) {
        return new ProcessAgent<>(new ProcessFunction<>() {
            @Override
            public void processElement(I value, Context ctx, Collector<O> out) throws Exception {
                out.collect(map.map(value));
            }
        }, input, output);
    }

    /** A {@code flatMap}: zero or more output records per input record. */
    public static <I extends Record, O extends Record> ProcessAgent<I, O> flatMap(
            FlatMapFunction<I, O> flatMap, Class<I> input, Class<O> output) {
        return new ProcessAgent<>(new ProcessFunction<>() {
            @Override
            public void processElement(I value, Context ctx, Collector<O> out) throws Exception {
                flatMap.flatMap(value, out);
            }
        }, input, output);
    }

    @Override
    void openAgent() throws Exception {
        context = new Context();
        function.setRuntimeContext(new AgentRuntimeContext(agent));
        function.open();
    }

    @Override
    void processRow(int input, I value) throws Exception {
        function.processElement(value, context, context);
    }

    @Override
    public void close() throws Exception {
        super.close();
        function.close();
    }

    private final class Context extends ProcessFunction<I, O>.Context implements Collector<O> {
        Context() {
            function.super();
        }

        @Override
        public Long timestamp() {
            return ProcessAgent.this.timestamp();
        }

        @Override
        public long currentWatermark() {
            return watermark();
        }

        @Override
        public void output(OutputTag tag, Record value) {
            ProcessAgent.this.output(tag, value);
        }

        @Override
        public void collect(O record) {
            if (record == null) {
                throw new IllegalArgumentException("agent '" + agent.agentName() + "' emitted null");
            }
            ProcessAgent.this.collect(record);
        }
    }
}
