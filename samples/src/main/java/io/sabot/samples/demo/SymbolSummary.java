package io.sabot.samples.demo;

import io.sabot.actors.api.Sink;
import io.sabot.actors.api.SinkContext;
import io.sabot.actors.api.SinkWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * Wraps the demo's file sink and keeps, per symbol, the order-flow imbalance summed over all its
 * quotes and its latest EW volatility (the square root of {@code mid_ewvar}), for the final tables.
 * Runs in the sink task (parallelism 1); read it after the job has finished.
 */
public final class SymbolSummary implements Sink {

    /** What the demo reports about one symbol. */
    public record Symbol(String symbol, long quotes, double ofi, double volatility) {}

    private final Sink inner;
    private final Map<Text, double[]> bySymbol = new HashMap<>(); // {quotes, Σ ofi, latest variance}
    private final Text probe = new Text(); // reused for lookups: no String per row

    public SymbolSummary(Sink inner) {
        this.inner = inner;
    }

    @Override
    public void validate(Schema schema) {
        inner.validate(schema);
    }

    /**
     * The file sink's writer, summarizing what it writes. Its checkpoints hold the file sink's state
     * and the summary's, so a resumed demo reports on every quote, not only those after the restore.
     */
    @Override
    public SinkWriter createWriter(SinkContext context) throws IOException {
        byte[] innerState = null;
        if (context.restoredState() != null) {
            ByteBuffer restored = ByteBuffer.wrap(context.restoredState());
            byte[] summary = new byte[restored.getInt()];
            restored.get(summary);
            restoreSummary(summary);
            int length = restored.getInt();
            if (length >= 0) {
                innerState = new byte[length];
                restored.get(innerState);
            }
        }
        SinkWriter writer = inner.createWriter(new SinkContext(context.subtaskIndex(), context.parallelism(), context.schema(),
                context.allocator(), context.restoredCheckpointId(), innerState, context.recoverable()));
        return new SinkWriter() {
            @Override
            public void write(VectorSchemaRoot batch) throws IOException {
                writer.write(batch);
                summarize(batch);
            }

            @Override
            public byte[] preCommit(long checkpointId) throws IOException {
                byte[] innerCommittable = writer.preCommit(checkpointId);
                byte[] summary = summaryState();
                return ByteBuffer.allocate(8 + summary.length + (innerCommittable == null ? 0 : innerCommittable.length))
                        .putInt(summary.length).put(summary)
                        .putInt(innerCommittable == null ? -1 : innerCommittable.length)
                        .put(innerCommittable == null ? new byte[0] : innerCommittable).array();
            }

            @Override
            public void commit(long checkpointId) throws IOException {
                writer.commit(checkpointId);
            }

            @Override
            public void finish() throws IOException {
                writer.finish();
            }

            @Override
            public void abort() {
                writer.abort();
            }
        };
    }

    private synchronized void summarize(VectorSchemaRoot batch) {
        VarCharVector symbols = (VarCharVector) batch.getVector("symbol");
        Float8Vector ofi = (Float8Vector) batch.getVector("ofi");
        Float8Vector variance = (Float8Vector) batch.getVector("mid_ewvar");
        for (int row = 0; row < batch.getRowCount(); row++) {
            symbols.read(row, probe);
            double[] s = bySymbol.get(probe);
            if (s == null) {
                s = new double[] {0, 0, Double.NaN};
                bySymbol.put(new Text(probe), s);
            }
            s[0]++;
            s[1] += ofi.isNull(row) ? 0 : ofi.get(row);
            if (!variance.isNull(row)) {
                s[2] = variance.get(row);
            }
        }
    }

    private synchronized byte[] summaryState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(bySymbol.size());
            for (var entry : bySymbol.entrySet()) {
                out.writeUTF(entry.getKey().toString());
                for (double value : entry.getValue()) {
                    out.writeDouble(value);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private synchronized void restoreSummary(byte[] state) throws IOException {
        bySymbol.clear();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            for (int count = in.readInt(); count > 0; count--) {
                bySymbol.put(new Text(in.readUTF()), new double[] {in.readDouble(), in.readDouble(), in.readDouble()});
            }
        }
    }

    /** The {@code count} symbols with the largest absolute summed OFI. */
    public List<Symbol> topByOfi(int count) {
        return top(count, s -> Math.abs(s.ofi()));
    }

    /** The {@code count} symbols with the highest latest volatility among those with at least {@code minQuotes} quotes. */
    public List<Symbol> topByVolatility(int count, long minQuotes) {
        return top(count, s -> Double.isNaN(s.volatility()) || s.quotes() < minQuotes ? -1 : s.volatility());
    }

    private synchronized List<Symbol> top(int count, ToDoubleFunction<Symbol> by) {
        return bySymbol.entrySet().stream()
                .map(e -> new Symbol(e.getKey().toString(), (long) e.getValue()[0], e.getValue()[1], Math.sqrt(e.getValue()[2])))
                .sorted(Comparator.comparingDouble(by).reversed().thenComparing(Symbol::symbol))
                .limit(count)
                .toList();
    }
}
