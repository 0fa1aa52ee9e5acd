package io.sabot.samples.bench.jmh;

import io.sabot.state.api.AggregateFunction;
import io.sabot.state.api.AggregatingState;
import io.sabot.state.api.AggregatingStateDescriptor;
import io.sabot.state.api.ListState;
import io.sabot.state.api.ListStateDescriptor;
import io.sabot.state.api.MapState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ReducingState;
import io.sabot.state.api.ReducingStateDescriptor;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import io.sabot.state.api.ColumnarStateStore;
import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.StateBackends;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyColumn;
import io.sabot.state.keys.KeyType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Get + update of each state primitive, per backend, over 10,000 string keys (the current key
 * changes on every operation); and the columnar path: bind a 1,024-row batch, update a column per
 * row, finish the batch (reported per row).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
@State(Scope.Thread)
public class StateAccessBenchmark {

    private static final int KEYS = 10_000;
    private static final int BATCH = 1024;
    private static final Schema SCHEMA = new Schema(List.of(new Field("symbol", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
    private static final KeyColumn SYMBOL = KeyColumn.of(SCHEMA, "symbol");

    @Param({"heap", "columnar", "rocksdb"})
    public String backend;

    private BufferAllocator allocator;
    private Path directory;
    private KeyedStateBackend state;
    private VectorSchemaRoot allKeys;
    private VectorSchemaRoot[] batches;
    private int[] ids = new int[KEYS];
    private int next;
    private ValueState<Long> value;
    private ListState<Long> list;
    private MapState<Integer, Long> map;
    private ReducingState<Long> reducing;
    private AggregatingState<Long, Long> aggregating;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        allocator = new RootAllocator();
        directory = Files.createTempDirectory("sabot-jmh");
        state = StateBackends.create(StateBackendConfig.of(StateBackendKind.parse(backend)).withLocalDirectory(directory),
                KeyType.UTF8, 128, new KeyGroupRange(0, 127), TtlTimeProvider.SYSTEM, "jmh", List.of());
        value = state.getState(new ValueStateDescriptor<>("value", Long.class));
        list = state.getListState(new ListStateDescriptor<>("list", Long.class));
        map = state.getMapState(new MapStateDescriptor<>("map", Integer.class, Long.class));
        reducing = state.getReducingState(new ReducingStateDescriptor<>("reducing", Long::sum, Long.class));
        aggregating = state.getAggregatingState(new AggregatingStateDescriptor<>("aggregating", new Count(), Long.class));
        String[] keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "S" + i;
        }
        allKeys = batch(keys, 0, KEYS);
        batches = new VectorSchemaRoot[KEYS / BATCH];
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int b = 0; b < batches.length; b++) {
            String[] rows = new String[BATCH];
            for (int i = 0; i < BATCH; i++) {
                rows[i] = keys[random.nextInt(KEYS)];
            }
            batches[b] = batch(rows, 0, BATCH);
        }
        state.bindBatch(allKeys, SYMBOL, ids); // object states use these key ids
    }

    private VectorSchemaRoot batch(String[] keys, int from, int to) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        for (int i = from; i < to; i++) {
            ((VarCharVector) root.getVector("symbol")).setSafe(i - from, keys[i].getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(to - from);
        return root;
    }

    private void nextKey() {
        state.setCurrentKey(ids[next]);
        next = next + 1 == KEYS ? 0 : next + 1;
    }

    @Benchmark
    public Long valueGetUpdate() throws Exception {
        nextKey();
        Long current = value.value();
        value.update(current == null ? 1L : current + 1);
        return current;
    }

    @Benchmark
    public Iterable<Long> listUpdateGet() throws Exception {
        nextKey();
        list.update(List.of((long) next, next + 1L));
        return list.get();
    }

    @Benchmark
    public Long mapPutGet() throws Exception {
        nextKey();
        map.put(next & 15, (long) next);
        return map.get((next + 7) & 15);
    }

    @Benchmark
    public Long reducingAddGet() throws Exception {
        nextKey();
        reducing.add(1L);
        return reducing.get();
    }

    @Benchmark
    public Long aggregatingAddGet() throws Exception {
        nextKey();
        aggregating.add(1L);
        return aggregating.get();
    }

    /**
     * Per row, on a backend of its own: the batch is bound (RocksDB: one multiGet for its distinct
     * keys), every row updates its key's value, the batch is finished (RocksDB: one WriteBatch).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double columnUpdatePerRow(Columns columns) throws Exception {
        VectorSchemaRoot batch = batches[next++ % batches.length];
        columns.backend.bindBatch(batch, SYMBOL, columns.rowIds);
        double[] values = columns.column.values();
        for (int row = 0; row < BATCH; row++) {
            values[columns.rowIds[row]] += 1;
        }
        columns.backend.finishBatch();
        return values[columns.rowIds[0]];
    }

    /** A backend with nothing bound between batches, for the columnar benchmark. */
    @State(Scope.Thread)
    public static class Columns {
        KeyedStateBackend backend;
        ColumnarStateStore.DoubleColumnState column;
        final int[] rowIds = new int[BATCH];
        private Path directory;

        @Setup(Level.Trial)
        public void setUp(StateAccessBenchmark benchmark) throws Exception {
            directory = Files.createTempDirectory("sabot-jmh-columns");
            backend = StateBackends.create(StateBackendConfig.of(StateBackendKind.parse(benchmark.backend))
                            .withLocalDirectory(directory), KeyType.UTF8, 128, new KeyGroupRange(0, 127),
                    TtlTimeProvider.SYSTEM, "jmh-columns", List.of());
            column = backend.doubleColumn("column", 0.0);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            backend.close();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        state.finishBatch();
        state.close();
        allKeys.close();
        for (VectorSchemaRoot batch : batches) {
            batch.close();
        }
        allocator.close();
    }

    /** Counts added values. */
    public static final class Count implements AggregateFunction<Long, Long, Long> {
        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(Long value, Long accumulator) {
            return accumulator + 1;
        }

        @Override
        public Long getResult(Long accumulator) {
            return accumulator;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }
}
