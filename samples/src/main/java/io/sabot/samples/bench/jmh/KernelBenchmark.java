package io.sabot.samples.bench.jmh;

import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.memory.ArrowMemory;
import io.sabot.fintech.kernels.Features;
import io.sabot.fintech.kernels.KernelRunner;
import io.sabot.fintech.source.SyntheticQuotes;
import io.sabot.state.backend.StateBackendKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;
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
 * One kernel (or all quote features in one agent) over batches of 65,536 generated quotes of
 * 10,000 symbols (a parameter), keyed by symbol on a state backend, reported per row. The time includes binding
 * the batch's keys to dense ids (about 5 ns per row on the columnar backend, see
 * {@code StateAccessBenchmark}) and appending the output columns. Inputs a kernel reads but does not
 * compute (the mid, its log return) are computed once in the setup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
@State(Scope.Thread)
public class KernelBenchmark {

    private static final int ROWS = 65_536;
    private static final int BATCHES = 8;

    @Param({"mid", "microprice", "spread", "relative_spread", "imbalance", "ofi", "log_return", "ewma", "ewvar",
            "welford", "rolling", "realized_var", "all"})
    public String kernel;

    @Param({"columnar"})
    public String backend;

    @Param({"10000"})
    public int symbols;

    private BufferAllocator allocator;
    private Path directory;
    private KernelRunner runner;
    private final List<VectorSchemaRoot> inputs = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        allocator = ArrowMemory.recyclingRoot(Long.MAX_VALUE, 1L << 30); // as in a job: freed blocks are reused
        directory = Files.createTempDirectory("sabot-jmh-kernels");
        List<String> given = kernel.equals("all") || kernel.equals("mid") ? List.of()
                : kernel.equals("log_return") ? List.of("mid") : List.of("mid", "log_return");
        try (SourceReader reader = SyntheticQuotes.of(symbols, (long) ROWS * BATCHES).withBatchSize(ROWS)
                .createReader(new SourceContext(0, 1, 0, allocator))) {
            KernelRunner prepare = given.isEmpty() ? null : new KernelRunner(Features.named(given, 0.06, 20).get(),
                    SyntheticQuotes.of(1, 1).schema(), "symbol", allocator, StateBackendKind.COLUMNAR, directory);
            for (int b = 0; b < BATCHES; b++) {
                VectorSchemaRoot quotes = reader.next();
                inputs.add(prepare == null ? quotes : prepare.process(quotes));
            }
            if (prepare != null) {
                prepare.close();
            }
        }
        List<String> features = kernel.equals("all") ? Features.NAMES : List.of(kernel);
        runner = new KernelRunner(Features.named(features, 0.06, 20).get(), inputs.get(0).getSchema(), "symbol", allocator,
                StateBackendKind.parse(backend), directory);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int perRow() throws Exception {
        VectorSchemaRoot input = inputs.get(next);
        next = (next + 1) % BATCHES;
        try (VectorSchemaRoot output = runner.process(shared(input))) {
            return output.getRowCount();
        }
    }

    /** A batch over the same buffers (reference-counted, not copied): the kernel consumes it, the template stays. */
    private VectorSchemaRoot shared(VectorSchemaRoot template) {
        List<FieldVector> vectors = new ArrayList<>();
        for (FieldVector vector : template.getFieldVectors()) {
            TransferPair pair = vector.getTransferPair(allocator);
            pair.splitAndTransfer(0, template.getRowCount());
            vectors.add((FieldVector) pair.getTo());
        }
        return new VectorSchemaRoot(template.getSchema().getFields(), vectors, template.getRowCount());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        runner.close();
        inputs.forEach(VectorSchemaRoot::close);
        allocator.close();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
