package io.sabot.actors.joins;

import io.sabot.actors.agent.AgentRunner;
import io.sabot.actors.api.CoBatchFunction;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.records.RecordType;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.EventTime;
import io.sabot.actors.stream.StreamElement;
import io.sabot.state.StateBackends;
import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyColumn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs a keyed two-input agent (a join) through the same {@link AgentRunner} a subtask uses, on the
 * calling thread, on a real state backend, with its two inputs interleaved exactly as a test says:
 * what Flink's {@code KeyedTwoInputStreamOperatorTestHarness} is to Flink's operators. Input 0 is
 * channel 0, input 1 channel 1; each row carries its channel's watermark as the row's watermark,
 * as a source's rows do. Output rows are kept with their event timestamps.
 */
final class TwoInputHarness<L extends Record, R extends Record, O extends Record> implements AutoCloseable {

    /** An output record and its event timestamp. */
    record Timestamped<T>(T value, long timestamp) {}

    /** What a checkpoint keeps of the agent: its keyed state (buffers, timers) and its inputs' event time. */
    record Snapshot(SnapshotHandle keyedState, byte[] eventTime, long[] channelWatermarks) {}

    private final RecordType<L> leftType;
    private final RecordType<R> rightType;
    private final RecordType<O> outputType;
    private final BufferAllocator allocator = new RootAllocator();
    private final KeyedStateBackend backend;
    private final AgentRunner runner;
    private final long[] channelWatermarks = {Long.MIN_VALUE, Long.MIN_VALUE};
    private final List<Timestamped<O>> output = new ArrayList<>();
    private final List<Batch> sideBatches = new ArrayList<>();
    private final List<String> sideTags = new ArrayList<>();
    private long forwardedWatermark = Long.MIN_VALUE;

    /**
     * @param directory the RocksDB working directory (unused by the heap backend)
     */
    TwoInputHarness(CoBatchFunction function, Class<L> left, String leftKey, Class<R> right, String rightKey,
                    Class<O> output, StateBackendKind kind, Path directory) throws Exception {
        this(function, left, leftKey, right, rightKey, output, kind, directory, null);
    }

    /** A harness whose agent starts from {@code restoreFrom} (null: from nothing), as a restarted subtask does. */
    TwoInputHarness(CoBatchFunction function, Class<L> left, String leftKey, Class<R> right, String rightKey,
                    Class<O> output, StateBackendKind kind, Path directory, Snapshot restoreFrom) throws Exception {
        this.leftType = RecordType.of(left);
        this.rightType = RecordType.of(right);
        this.outputType = RecordType.of(output);
        Schema leftSchema = leftType.schema();
        Schema rightSchema = rightType.schema();
        function.outputSchema(leftSchema, rightSchema); // what building the job graph checks
        Set<String> sideOutputs = function.sideOutputs(leftSchema, rightSchema).stream().map(OutputTag::id)
                .collect(Collectors.toSet());
        KeyColumn leftColumn = KeyColumn.of(leftSchema, leftKey);
        StateBackendConfig config = StateBackendConfig.of(kind);
        if (kind == StateBackendKind.ROCKSDB) {
            config = config.withLocalDirectory(directory);
        }
        this.backend = StateBackends.create(config, leftColumn.type(), 128, new KeyGroupRange(0, 127),
                TtlTimeProvider.SYSTEM, "join-harness-" + UUID.randomUUID(),
                restoreFrom == null ? List.of() : List.of(restoreFrom.keyedState()));
        this.runner = new AgentRunner(new AgentRunner.Subtask("test", "join", 0, 1), function,
                List.of(leftColumn, KeyColumn.of(rightSchema, rightKey)), backend, sideOutputs, new int[] {0, 1},
                allocator, new AgentRunner.Output() {
                    @Override
                    public void emit(String outputTag, Batch batch) {
                        keep(outputTag, batch);
                    }

                    @Override
                    public void broadcast(StreamElement element) {
                        if (element instanceof io.sabot.actors.stream.Watermark w) {
                            forwardedWatermark = w.timestamp();
                        }
                    }
                }, time -> {});
        if (restoreFrom != null) {
            runner.restoreState(restoreFrom.eventTime(), false);
            System.arraycopy(restoreFrom.channelWatermarks(), 0, channelWatermarks, 0, 2);
        }
        runner.open();
    }

    /** Takes a checkpoint between two elements, written to {@code directory}. */
    Snapshot snapshot(Path directory) throws Exception {
        return new Snapshot(backend.snapshot(1, directory).write(), runner.snapshotState(), channelWatermarks.clone());
    }

    /** A left row with event timestamp {@code ts}, after everything sent before. */
    void left(L value, long ts) throws Exception {
        send(0, batch(leftType, value), ts);
    }

    /** A right row with event timestamp {@code ts}. */
    void right(R value, long ts) throws Exception {
        send(1, batch(rightType, value), ts);
    }

    /** Watermark {@code watermark} on both inputs. */
    void watermark(long watermark) throws Exception {
        watermark(0, watermark);
        watermark(1, watermark);
    }

    /** Watermark {@code watermark} on input {@code channel} only (the combined one is the minimum). */
    void watermark(int channel, long watermark) throws Exception {
        channelWatermarks[channel] = watermark;
        runner.onWatermark(channel, watermark);
    }

    /** Both inputs end: the maximum watermark fires every timer. */
    void endOfInput() throws Exception {
        runner.onEndOfInput(0);
        runner.onEndOfInput(1);
    }

    /** The main output so far, with timestamps, and forgets it. */
    List<Timestamped<O>> takeOutput() {
        List<Timestamped<O>> taken = new ArrayList<>(output);
        output.clear();
        return taken;
    }

    /** The rows emitted to side output {@code tag} so far, read as {@code type}, with timestamps. */
    <T extends Record> List<Timestamped<T>> sideOutput(OutputTag tag, Class<T> type) {
        RecordType<T> records = RecordType.of(type);
        List<Timestamped<T>> rows = new ArrayList<>();
        for (int i = 0; i < sideBatches.size(); i++) {
            if (sideTags.get(i).equals(tag.id())) {
                read(records, sideBatches.get(i), rows);
            }
        }
        return rows;
    }

    /** The watermark the agent sent downstream last. */
    long forwardedWatermark() {
        return forwardedWatermark;
    }

    /** The agent's keyed state (set a current key to read a state of it). */
    KeyedStateBackend state() {
        return backend;
    }

    private <T extends Record> VectorSchemaRoot batch(RecordType<T> type, T value) {
        try (RecordType<T>.Writer writer = type.writer(allocator)) {
            writer.write(value);
            return writer.finish();
        }
    }

    private void send(int channel, VectorSchemaRoot root, long ts) throws Exception {
        runner.onBatch(channel, Batch.of(root, new EventTime(new long[] {ts}, new long[] {channelWatermarks[channel]})));
    }

    private void keep(String tag, Batch batch) {
        if (tag == null) {
            try (batch) {
                read(outputType, batch, output);
            }
        } else {
            sideBatches.add(batch);
            sideTags.add(tag);
        }
    }

    private static <T extends Record> void read(RecordType<T> type, Batch batch, List<Timestamped<T>> into) {
        RecordType<T>.Reader reader = type.reader(batch.root());
        for (int row = 0; row < batch.root().getRowCount(); row++) {
            into.add(new Timestamped<>(reader.read(row), batch.eventTime().timestamps()[row]));
        }
    }

    @Override
    public void close() throws Exception {
        try {
            runner.close();
        } finally {
            sideBatches.forEach(Batch::close);
            backend.close();
            allocator.close(); // fails if the agent leaked a buffer
        }
    }
}
