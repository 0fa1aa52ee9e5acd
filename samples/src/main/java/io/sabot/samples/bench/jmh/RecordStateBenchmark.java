package io.sabot.samples.bench.jmh;

import io.sabot.state.serialization.JacksonSerializer;
import io.sabot.state.serialization.TypeSerializer;
import io.sabot.state.serialization.TypeSerializers;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A record kept in state (what per-record functions and the joins buffer), written to bytes and
 * read back: the record serializer (component by component) against Jackson CBOR, which records
 * went through before. On RocksDB every state access does this.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RecordStateBenchmark {

    /** A buffered join element, as IntervalJoinBench's. */
    public record Side(String key, long ts, double value) {}

    @Param({"record", "jackson"})
    public String serializer;

    private TypeSerializer<Side> chosen;
    private final Side side = new Side("K1234", 1_700_000_000_000L, 101.25);

    @Setup
    public void setUp() {
        chosen = serializer.equals("record") ? TypeSerializers.forClass(Side.class) : new JacksonSerializer<>(Side.class);
    }

    @Benchmark
    public Side roundTrip() {
        return chosen.fromBytes(chosen.toBytes(side));
    }
}
