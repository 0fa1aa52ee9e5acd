package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sabot.state.keys.KeyColumn;
import io.sabot.actors.testing.TickSource;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.EventTime;
import io.sabot.state.keygroups.KeyGroupRangeAssignment;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import io.sabot.actors.stream.Batch;
import org.junit.jupiter.api.Test;

class KeyGroupPartitionerTest {

    @Test
    void everyRowGoesToTheSubtaskFlinkAssignsItsKeyToInOrder() throws Exception {
        TickSource source = new TickSource(5000, 101, 5000);
        try (BufferAllocator allocator = new RootAllocator();
             var reader = source.createReader(new SourceContext(0, 1, 0, allocator))) {
            VectorSchemaRoot batch = reader.next();
            // event time that identifies the row: timestamp = seq * 10, watermark = seq
            long[] timestamps = new long[batch.getRowCount()];
            long[] watermarks = new long[batch.getRowCount()];
            BigIntVector seqs = (BigIntVector) batch.getVector("seq");
            for (int r = 0; r < timestamps.length; r++) {
                timestamps[r] = seqs.get(r) * 10;
                watermarks[r] = seqs.get(r);
            }
            KeyGroupPartitioner partitioner = new KeyGroupPartitioner(
                    KeyColumn.of(TickSource.SCHEMA, "symbol"), 128, 3);
            List<List<TickSource.Tick>> received = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
            partitioner.partition(Batch.of(batch, new EventTime(timestamps, watermarks)), allocator, (channel, part) -> {
                try (part) {
                    VectorSchemaRoot root = part.root();
                    VarCharVector symbol = (VarCharVector) root.getVector("symbol");
                    BigIntVector seq = (BigIntVector) root.getVector("seq");
                    Float8Vector price = (Float8Vector) root.getVector("price");
                    for (int r = 0; r < root.getRowCount(); r++) {
                        received.get(channel).add(new TickSource.Tick(symbol.getObject(r).toString(), seq.get(r), price.get(r)));
                        assertEquals(seq.get(r) * 10, part.eventTime().timestamps()[r], "timestamps travel with their rows");
                        assertEquals(seq.get(r), part.eventTime().watermarks()[r], "watermarks travel with their rows");
                    }
                }
            });
            int total = 0;
            for (int channel = 0; channel < 3; channel++) {
                long previous = -1;
                for (TickSource.Tick tick : received.get(channel)) {
                    assertEquals(KeyGroupRangeAssignment.assignKeyToParallelOperator(tick.symbol(), 128, 3), channel);
                    assertEquals(source.row(tick.seq()), tick, "values travel intact");
                    assertEquals(true, tick.seq() > previous, "row order is kept within a channel");
                    previous = tick.seq();
                }
                total += received.get(channel).size();
            }
            assertEquals(5000, total);
        }
    }

    @Test
    void aBatchWhoseRowsAllGoToOneSubtaskMovesWithoutCopy() throws Exception {
        TickSource source = new TickSource(100, 1, 100); // one symbol: one target
        try (BufferAllocator allocator = new RootAllocator();
             var reader = source.createReader(new SourceContext(0, 1, 0, allocator))) {
            VectorSchemaRoot batch = reader.next();
            KeyGroupPartitioner partitioner = new KeyGroupPartitioner(KeyColumn.of(TickSource.SCHEMA, "symbol"), 128, 4);
            int expected = KeyGroupRangeAssignment.assignKeyToParallelOperator("S0", 128, 4);
            Batch whole = Batch.of(batch);
            partitioner.partition(whole, allocator, (channel, part) -> {
                assertEquals(expected, channel);
                assertSame(whole, part);
                part.close();
            });
        }
    }
}
