package io.sabot.actors.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sabot.actors.api.SinkContext;
import io.sabot.actors.api.SinkWriter;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.io.arrow.ArrowFileSink;
import io.sabot.actors.io.arrow.ArrowFileSource;
import io.sabot.actors.io.csv.CsvSink;
import io.sabot.actors.testing.TickSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinksTest {

    @TempDir
    Path dir;

    private static List<String> rows(VectorSchemaRoot batch) {
        List<String> rows = new ArrayList<>();
        for (int r = 0; r < batch.getRowCount(); r++) {
            rows.add(batch.getVector("symbol").getObject(r) + "," + batch.getVector("seq").getObject(r)
                    + "," + batch.getVector("price").getObject(r));
        }
        return rows;
    }

    @Test
    void arrowFileRoundTripsAndResumesFromAnOffset() throws Exception {
        TickSource ticks = new TickSource(1000, 5, 300);
        Path file = dir.resolve("ticks.arrow");
        List<String> written = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            SinkWriter writer = ArrowFileSink.to(file).createWriter(new SinkContext(0, 1, TickSource.SCHEMA, allocator));
            try (SourceReader reader = ticks.createReader(new SourceContext(0, 1, 0, allocator))) {
                VectorSchemaRoot batch;
                while ((batch = reader.next()) != null) {
                    written.addAll(rows(batch));
                    writer.write(batch);
                    batch.close();
                }
            }
            assertFalse(Files.exists(file), "invisible until finished");
            endOfInput(writer);

            ArrowFileSource source = ArrowFileSource.of(file);
            assertEquals(TickSource.SCHEMA, source.schema());
            for (long offset : new long[] {0, 299, 300, 301, 999, 1000}) {
                List<String> read = new ArrayList<>();
                try (SourceReader reader = source.createReader(new SourceContext(0, 1, offset, allocator))) {
                    VectorSchemaRoot batch;
                    while ((batch = reader.next()) != null) {
                        read.addAll(rows(batch));
                        batch.close();
                    }
                    assertEquals(1000, reader.offset());
                }
                assertEquals(written.subList((int) offset, 1000), read, "from offset " + offset);
            }
        }
    }

    @Test
    void csvSinkWritesHeaderJavaDoublesAndQuotesOnlyWhenNeeded() throws Exception {
        Path file = dir.resolve("out.csv");
        var schema = io.sabot.actors.batch.SchemaBuilder.of().utf8("name").float64("x").int64("n").build();
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
            batch.allocateNew();
            var name = (org.apache.arrow.vector.VarCharVector) batch.getVector("name");
            var x = (org.apache.arrow.vector.Float8Vector) batch.getVector("x");
            var n = (org.apache.arrow.vector.BigIntVector) batch.getVector("n");
            name.setSafe(0, "plain".getBytes());
            x.setSafe(0, 0.1 + 0.2);
            n.setSafe(0, 7);
            name.setSafe(1, "a,\"b\"".getBytes());
            x.setSafe(1, Double.NaN);
            n.setNull(1);
            name.setSafe(2, "".getBytes());
            x.setNull(2);
            n.setSafe(2, -1);
            batch.setRowCount(3);
            SinkWriter writer = CsvSink.to(file).createWriter(new SinkContext(0, 1, schema, allocator));
            writer.write(batch);
            endOfInput(writer);
        }
        assertEquals("name,x,n\nplain,0.30000000000000004,7\n\"a,\"\"b\"\"\",NaN,\n\"\",,-1\n", Files.readString(file));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "only the finished file remains");
        }
    }

    /** What the sink task does at the end of the input: the final pre-commit, its commit, then finish. */
    private static void endOfInput(SinkWriter writer) throws IOException {
        writer.preCommit(Long.MAX_VALUE);
        writer.commit(Long.MAX_VALUE);
        writer.finish();
    }
}
