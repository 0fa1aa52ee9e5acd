package io.sabot.actors.joins;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.agent.AgentRunner;
import io.sabot.actors.joins.AsOfData.Joined;
import io.sabot.actors.joins.AsOfData.Quote;
import io.sabot.actors.joins.AsOfData.Trade;
import io.sabot.actors.records.RecordType;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.EventTime;
import io.sabot.actors.stream.StreamElement;
import io.sabot.actors.stream.Watermark;
import io.sabot.state.StateBackends;
import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyColumn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs an {@link AsOfJoin} subtask without actors: trades on channel 0 (input 0), quotes on channel
 * 1 (input 1), each batch with its rows' timestamps and source watermarks and followed by the
 * source's watermark, as a source with bounded out-of-orderness sends them; on a real state backend
 * that can be snapshotted and restored into a new harness. Collects the joined rows and the late
 * trades, and checks that no joined row is behind the watermark forwarded before it.
 */
final class AsOfHarness implements AutoCloseable {

    static final Schema TRADES = RecordType.of(Trade.class).schema();
    static final Schema QUOTES = RecordType.of(Quote.class).schema();

    /** What a snapshot between two batches holds: the backend's state and the runner's event time. */
    record Snapshot(List<SnapshotHandle> state, byte[] eventTime) {}

    private final BufferAllocator allocator;
    private final KeyedStateBackend backend;
    private final AgentRunner runner;
    final AsOfJoin join;
    final List<Joined> joined = new ArrayList<>();
    final List<Trade> late = new ArrayList<>();
    private long forwarded = Long.MIN_VALUE;

    AsOfHarness(AsOfJoin.Spec spec, StateBackendConfig config, Snapshot restoreFrom, BufferAllocator allocator)
            throws Exception {
        this.allocator = allocator;
        this.join = new AsOfJoin(TRADES, QUOTES, spec);
        KeyColumn tradeKey = KeyColumn.of(TRADES, "symbol");
        this.backend = StateBackends.create(config, tradeKey.type(), 128, new KeyGroupRange(0, 127),
                TtlTimeProvider.SYSTEM, "as-of-harness", restoreFrom == null ? List.of() : restoreFrom.state());
        Set<String> sideOutputs = spec.lateData() == null ? Set.of() : Set.of(spec.lateData().id());
        this.runner = new AgentRunner(new AgentRunner.Subtask("test", "as-of", 0, 1), join,
                List.of(tradeKey, KeyColumn.of(QUOTES, "symbol")), backend, sideOutputs, new int[] {0, 1}, allocator,
                new AgentRunner.Output() {
                    @Override
                    public void emit(String outputTag, Batch batch) {
                        collect(outputTag, batch);
                    }

                    @Override
                    public void broadcast(StreamElement element) {
                        if (element instanceof Watermark watermark) {
                            forwarded = watermark.timestamp();
                        }
                    }
                }, time -> {});
        if (restoreFrom != null) {
            runner.restoreState(restoreFrom.eventTime(), false);
        }
        runner.open();
    }

    private void collect(String outputTag, Batch batch) {
        try (batch) {
            VectorSchemaRoot root = batch.root();
            if (outputTag == null) {
                long[] timestamps = batch.eventTime().timestamps();
                var reader = RecordType.of(Joined.class).reader(root);
                for (int row = 0; row < root.getRowCount(); row++) {
                    Joined j = reader.read(row);
                    assertTrue(timestamps[row] == j.ts(), "a joined row has its trade's timestamp: " + j);
                    assertTrue(j.ts() > forwarded, j + " is behind the watermark " + forwarded + " sent before it");
                    joined.add(j);
                }
            } else {
                var reader = RecordType.of(Trade.class).reader(root);
                for (int row = 0; row < root.getRowCount(); row++) {
                    late.add(reader.read(row));
                }
            }
        }
    }

    /** Sends {@code rows} as one batch of {@code channel}, then the source's watermark after them. */
    <T extends Record> void send(int channel, Class<T> type, List<T> rows, Function<T, Long> ts, long[] rowWatermarks,
                                 long after) throws Exception {
        VectorSchemaRoot root;
        try (var writer = RecordType.of(type).writer(allocator)) {
            rows.forEach(writer::write);
            root = writer.finish();
        }
        long[] timestamps = rows.stream().mapToLong(ts::apply).toArray();
        runner.onBatch(channel, Batch.of(root, new EventTime(timestamps, rowWatermarks)));
        if (after != Long.MIN_VALUE) {
            runner.onWatermark(channel, after);
        }
    }

    void end() throws Exception {
        runner.onEndOfInput(0);
        runner.onEndOfInput(1);
    }

    Snapshot snapshot(Path directory) throws Exception {
        return new Snapshot(List.of(backend.snapshot(1, directory).write()), runner.snapshotState());
    }

    @Override
    public void close() throws Exception {
        try {
            runner.close();
        } finally {
            backend.close();
        }
    }
}
