package io.sabot.samples.bench;

import io.sabot.actors.agent.AgentRunner;
import io.sabot.actors.api.Collector;
import io.sabot.actors.api.ProcessJoinFunction;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.graph.KeyedStream;
import io.sabot.actors.io.CollectionSource;
import io.sabot.actors.io.DiscardSink;
import io.sabot.actors.records.IntervalJoinAgent;
import io.sabot.actors.records.RecordType;
import io.sabot.actors.runtime.JobResult;
import io.sabot.actors.runtime.TaskStats;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.EventTime;
import io.sabot.actors.stream.StreamElement;
import io.sabot.state.StateBackends;
import io.sabot.state.api.MapState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyColumn;
import io.sabot.state.serialization.ListSerializer;
import io.sabot.state.serialization.TypeSerializers;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The interval-join benchmark: two streams of {@code --rows} rows each over {@code --keys} keys,
 * {@code --span-seconds} of event time, timestamps shuffled by up to ±{@code --out-of-orderness-ms}/2
 * under a bounded-out-of-orderness watermark of {@code --out-of-orderness-ms}, joined
 * {@code between(−--bound-ms, +--bound-ms)}. Two measurements:
 * <ol>
 *   <li>end to end on one node: collection sources → keyBy → interval join (parallelism
 *       {@code --parallelism}) → discard; input rows per second of wall-clock time and of the join's
 *       busy time;
 *   <li>the join agent alone, through the {@link AgentRunner} a subtask uses but on this thread
 *       (one subtask, no actors): rows per second, and the state it holds, sampled every
 *       {@code --sample-every} rows: the buffered elements of both sides and their serialized bytes.
 * </ol>
 * Inputs are generated before the clock starts. Run (after {@code ./mvnw -q -DskipTests package}):
 * {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp samples/target/sabot.jar
 * io.sabot.samples.bench.IntervalJoinBench [--rows 1000000] [--keys 10000] [--parallelism 2] [--backend heap|rocksdb]}.
 */
public final class IntervalJoinBench {

    /** A row of either side. */
    public record Side(String key, long ts, double value) {}

    /** A joined pair. */
    public record Joined(String key, long leftTs, long rightTs, double left, double right) {}

    /** Emits every pair. */
    public static final class Pairs extends ProcessJoinFunction<Side, Side, Joined> {
        @Override
        public void processElement(Side left, Side right, Context ctx, Collector<Joined> out) {
            out.collect(new Joined(left.key(), ctx.getLeftTimestamp(), ctx.getRightTimestamp(), left.value(),
                    right.value()));
        }
    }

    private record Settings(int rows, int keys, int parallelism, StateBackendKind backend, long spanMillis,
                            long outOfOrderness, long bound, int batchSize, int sampleEvery, boolean endToEnd, boolean agentAlone) {}

    private IntervalJoinBench() {}

    public static void main(String[] args) throws Exception {
        Settings s = parse(args);
        System.out.printf(Locale.ROOT, "interval join: %,d + %,d rows, %,d keys, %d s of event time, between(-%d ms, +%d ms),"
                        + " out-of-orderness %d ms, batches of %,d, %s state%n", s.rows(), s.rows(), s.keys(),
                s.spanMillis() / 1000, s.bound(), s.bound(), s.outOfOrderness(), s.batchSize(), s.backend().id());
        List<Side> lefts = rows(s, 1);
        List<Side> rights = rows(s, 2);
        if (s.endToEnd()) {
            endToEnd(s, lefts, rights);
        }
        if (s.agentAlone()) {
            agentAlone(s, lefts, rights);
        }
    }

    /** {@code rows} rows in time order, shuffled by up to ± half the out-of-orderness, keys uniform. */
    private static List<Side> rows(Settings s, long seed) {
        Random random = new Random(seed);
        String[] keys = new String[s.keys()];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = "S" + k;
        }
        long jitter = s.outOfOrderness() / 2;
        List<Side> rows = new ArrayList<>(s.rows());
        for (int i = 0; i < s.rows(); i++) {
            long ts = 1_000_000 + i * s.spanMillis() / s.rows() + random.nextLong(2 * jitter + 1) - jitter;
            rows.add(new Side(keys[random.nextInt(keys.length)], ts, random.nextDouble()));
        }
        return rows;
    }

    private static void endToEnd(Settings s, List<Side> lefts, List<Side> rights) throws Exception {
        Path state = Files.createTempDirectory("interval-join-bench");
        WatermarkStrategy strategy = WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(s.outOfOrderness()))
                .withTimestampAssigner(TimestampAssigner.column("ts"));
        JobBuilder job = JobBuilder.named("interval-join-bench")
                .stateBackend(StateBackendConfig.of(s.backend()).withLocalDirectory(state));
        KeyedStream left = job.source("left", CollectionSource.of(Side.class, lefts).withBatchSize(s.batchSize()), strategy)
                .keyBy("key");
        KeyedStream right = job.source("right", CollectionSource.of(Side.class, rights).withBatchSize(s.batchSize()),
                strategy).keyBy("key");
        left.intervalJoin(right).between(Duration.ofMillis(-s.bound()), Duration.ofMillis(s.bound()))
                .process("join", Pairs::new, Side.class, Side.class, Joined.class, s.parallelism())
                .sinkTo("discard", new DiscardSink(), s.parallelism());
        JobResult result;
        try (SabotNode node = SabotNode.start()) {
            result = node.execute(job.build());
        }
        if (!result.succeeded()) {
            throw new IllegalStateException("the benchmark job failed: " + result.error());
        }
        double seconds = result.duration().toNanos() / 1e9;
        TaskStats join = result.stats("join");
        System.out.printf(Locale.ROOT, "end to end, parallelism %d: %,d rows in, %,d pairs out in %.2f s:"
                        + " %,.0f input rows/s; while the join was busy: %,.0f rows/s%n", s.parallelism(), join.rowsIn(),
                join.rowsOut(), seconds, join.rowsIn() / seconds, join.busyRate(join.rowsIn(), s.parallelism()));
        StringBuilder busy = new StringBuilder("busy seconds per vertex (all subtasks):");
        result.vertices().forEach((vertex, stats) -> busy.append(String.format(Locale.ROOT, " %s %.2f", vertex,
                stats.busyNanos() / 1e9)));
        System.out.println(busy);
    }

    /** Runs the join agent on this thread, both inputs alternating batch by batch, each row with its own side's watermark. */
    private static void agentAlone(Settings s, List<Side> lefts, List<Side> rights) throws Exception {
        RecordType<Side> type = RecordType.of(Side.class);
        KeyColumn key = KeyColumn.of(type.schema(), "key");
        Path directory = Files.createTempDirectory("interval-join-bench");
        long[] pairs = {0};
        try (BufferAllocator allocator = new RootAllocator();
             KeyedStateBackend backend = StateBackends.create(StateBackendConfig.of(s.backend()).withLocalDirectory(directory),
                     key.type(), 128, new KeyGroupRange(0, 127), TtlTimeProvider.SYSTEM, "bench", List.of())) {
            IntervalJoinAgent<Side, Side, Joined> agent = new IntervalJoinAgent<>(new Pairs(),
                    new IntervalJoinAgent.Spec(-s.bound(), s.bound(), null, null), Side.class, Side.class, Joined.class);
            AgentRunner runner = new AgentRunner(new AgentRunner.Subtask("bench", "join", 0, 1), agent,
                    List.of(key, key), backend, Set.of(), new int[] {0, 1}, allocator, new AgentRunner.Output() {
                        @Override
                        public void emit(String outputTag, Batch batch) {
                            pairs[0] += batch.root().getRowCount();
                            batch.close();
                        }

                        @Override
                        public void broadcast(StreamElement element) {}
                    }, time -> {});
            runner.open();
            List<Batch> leftBatches = batches(s, lefts, type, allocator);
            List<Batch> rightBatches = batches(s, rights, type, allocator);
            List<MapState<Long, ArrayList<Side>>> buffers = List.of(
                    backend.getMapState(descriptor(IntervalJoinAgent.LEFT_BUFFER)),
                    backend.getMapState(descriptor(IntervalJoinAgent.RIGHT_BUFFER)));
            List<ValueState<long[]>> indexes = List.of(
                    backend.getState(new ValueStateDescriptor<>(IntervalJoinAgent.LEFT_BUFFER + "-times",
                            TypeSerializers.LONG_ARRAY)),
                    backend.getState(new ValueStateDescriptor<>(IntervalJoinAgent.RIGHT_BUFFER + "-times",
                            TypeSerializers.LONG_ARRAY)));
            ListSerializer<Side> lists = new ListSerializer<>(TypeSerializers.forClass(Side.class));
            long busy = 0;
            long rowsSinceSample = 0;
            long peakElements = 0;
            long peakBytes = 0;
            long sumElements = 0;
            int samples = 0;
            for (int b = 0; b < Math.max(leftBatches.size(), rightBatches.size()); b++) {
                for (List<Batch> side : List.of(leftBatches, rightBatches)) {
                    if (b < side.size()) {
                        Batch batch = side.get(b);
                        int rows = batch.root().getRowCount();
                        long start = System.nanoTime();
                        runner.onBatch(side == leftBatches ? 0 : 1, batch);
                        busy += System.nanoTime() - start;
                        rowsSinceSample += rows;
                    }
                }
                if (rowsSinceSample >= s.sampleEvery()) {
                    rowsSinceSample = 0;
                    long[] held = held(backend, s.keys(), buffers, indexes, lists);
                    peakElements = Math.max(peakElements, held[0]);
                    peakBytes = Math.max(peakBytes, held[1]);
                    sumElements += held[0];
                    samples++;
                }
            }
            long start = System.nanoTime();
            runner.onEndOfInput(0);
            runner.onEndOfInput(1);
            busy += System.nanoTime() - start;
            long[] after = held(backend, s.keys(), buffers, indexes, lists);
            runner.close();
            double seconds = busy / 1e9;
            System.out.printf(Locale.ROOT, "join agent alone (one subtask, this thread): %,d rows in, %,d pairs out in %.2f s:"
                    + " %,.0f input rows/s%n", 2L * s.rows(), pairs[0], seconds, 2L * s.rows() / seconds);
            System.out.printf(Locale.ROOT, "state held (sampled every %,d rows, %d samples): mean %,d buffered elements,"
                            + " peak %,d elements = %,d serialized bytes (%.0f bytes per element); after the end: %,d%n",
                    s.sampleEvery(), samples, samples == 0 ? 0 : sumElements / samples, peakElements, peakBytes,
                    peakElements == 0 ? 0.0 : (double) peakBytes / peakElements, after[0]);
        }
    }

    private static MapStateDescriptor<Long, ArrayList<Side>> descriptor(String name) {
        return new MapStateDescriptor<>(name, TypeSerializers.LONG,
                new ListSerializer<>(TypeSerializers.forClass(Side.class)));
    }

    /**
     * Buffered elements of both sides over all keys, and their serialized size: the buckets (entry
     * key and list) and the sorted index of bucket timestamps ({@code JoinBuffer}).
     */
    private static long[] held(KeyedStateBackend backend, int keys, List<MapState<Long, ArrayList<Side>>> buffers,
                               List<ValueState<long[]>> indexes, ListSerializer<Side> lists) throws Exception {
        long elements = 0;
        long bytes = 0;
        for (int k = 0; k < keys; k++) {
            backend.setCurrentKeyObject("S" + k);
            for (MapState<Long, ArrayList<Side>> buffer : buffers) {
                for (Map.Entry<Long, ArrayList<Side>> bucket : buffer.entries()) {
                    elements += bucket.getValue().size();
                    bytes += Long.BYTES + lists.toBytes(bucket.getValue()).length;
                }
            }
            for (ValueState<long[]> index : indexes) {
                long[] timestamps = index.value();
                bytes += timestamps == null ? 0 : TypeSerializers.LONG_ARRAY.toBytes(timestamps).length;
            }
        }
        return new long[] {elements, bytes};
    }

    /** The rows in batches, each row with the bounded-out-of-orderness watermark of the rows before it (as a source emits them). */
    private static List<Batch> batches(Settings s, List<Side> rows, RecordType<Side> type, BufferAllocator allocator) {
        List<Batch> batches = new ArrayList<>();
        long max = Long.MIN_VALUE;
        for (int from = 0; from < rows.size(); from += s.batchSize()) {
            int to = Math.min(rows.size(), from + s.batchSize());
            long[] timestamps = new long[to - from];
            long[] watermarks = new long[to - from];
            try (RecordType<Side>.Writer writer = type.writer(allocator)) {
                for (int i = from; i < to; i++) {
                    Side row = rows.get(i);
                    writer.write(row);
                    timestamps[i - from] = row.ts();
                    watermarks[i - from] = max == Long.MIN_VALUE ? Long.MIN_VALUE : max - s.outOfOrderness() - 1;
                    max = Math.max(max, row.ts());
                }
                batches.add(Batch.of(writer.finish(), new EventTime(timestamps, watermarks)));
            }
        }
        return batches;
    }

    private static Settings parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        String[] defaults = {"--rows", "1000000", "--keys", "10000", "--parallelism", "2", "--backend", "heap",
                "--span-seconds", "100", "--out-of-orderness-ms", "100", "--bound-ms", "1000", "--batch-size", "4096",
                "--sample-every", "200000", "--end-to-end", "true", "--agent-alone", "true"};
        for (int i = 0; i < defaults.length; i += 2) {
            options.put(defaults[i], defaults[i + 1]);
        }
        for (int i = 0; i < args.length; i += 2) {
            if (!options.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "; options: "
                        + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        return new Settings(Integer.parseInt(options.get("--rows")), Integer.parseInt(options.get("--keys")),
                Integer.parseInt(options.get("--parallelism")), StateBackendKind.valueOf(
                        options.get("--backend").toUpperCase(Locale.ROOT)),
                Long.parseLong(options.get("--span-seconds")) * 1000, Long.parseLong(options.get("--out-of-orderness-ms")),
                Long.parseLong(options.get("--bound-ms")), Integer.parseInt(options.get("--batch-size")),
                Integer.parseInt(options.get("--sample-every")), Boolean.parseBoolean(options.get("--end-to-end")),
                Boolean.parseBoolean(options.get("--agent-alone")));
    }
}
