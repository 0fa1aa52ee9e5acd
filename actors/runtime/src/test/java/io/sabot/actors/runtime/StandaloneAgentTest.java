package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.batch.Batches;
import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.actors.memory.ArrowMemory;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.Watermark;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/** An agent is a plain Behavior: spawn it in any ActorSystem and send it batches. */
class StandaloneAgentTest {

    private static final Schema INPUT = SchemaBuilder.of().utf8("symbol").float64("price").build();

    /** Appends the running count of rows per key: exercises key ids across batches. */
    static final class CountPerKey implements BatchFunction {
        private int[] counts = new int[0];
        private BufferAllocator allocator;

        @Override
        public Schema outputSchema(Schema input) {
            return SchemaBuilder.from(input).int32("n").build();
        }

        @Override
        public void open(io.sabot.actors.api.AgentContext context) {
            allocator = context.allocator();
        }

        @Override
        public VectorSchemaRoot process(KeyedBatch input) {
            if (counts.length < input.keyCount()) {
                counts = java.util.Arrays.copyOf(counts, input.keyCount());
            }
            IntVector n = new IntVector("n", allocator);
            n.allocateNew(input.rowCount());
            for (int row = 0; row < input.rowCount(); row++) {
                n.set(row, ++counts[input.keyIds()[row]]);
            }
            n.setValueCount(input.rowCount());
            return Batches.appendColumns(input.root(), List.of(n));
        }
    }

    private static VectorSchemaRoot batch(BufferAllocator allocator, String... symbols) {
        VectorSchemaRoot root = VectorSchemaRoot.create(INPUT, allocator);
        root.allocateNew();
        for (int i = 0; i < symbols.length; i++) {
            ((VarCharVector) root.getVector("symbol")).setSafe(i, symbols[i].getBytes(StandardCharsets.UTF_8));
            ((Float8Vector) root.getVector("price")).setSafe(i, i);
        }
        root.setRowCount(symbols.length);
        return root;
    }

    @Test
    void agentSpawnedInAPlainActorSystemProcessesBatchesInOrder() {
        ActorTestKit testKit = ActorTestKit.create();
        ArrowMemory memory = ArrowMemory.get(testKit.system());
        try (BufferAllocator allocator = memory.newAllocator("test")) {
            TestProbe<TaskCommand> downstream = testKit.createTestProbe();
            ActorRef<TaskCommand> agent = testKit.spawn(
                    Agents.behavior("counter", INPUT, "symbol", CountPerKey::new, downstream.ref()));

            agent.tell(new TaskCommand.Deliver(0, Batch.of(batch(allocator, "A", "B", "A"))));
            agent.tell(new TaskCommand.Deliver(0, Batch.of(batch(allocator, "B", "C", "A"))));
            agent.tell(new TaskCommand.Deliver(0, Watermark.MAX));
            agent.tell(new TaskCommand.Deliver(0, EndOfInput.INSTANCE));

            assertCounts(downstream.expectMessageClass(TaskCommand.Deliver.class), 1, 1, 2);
            assertCounts(downstream.expectMessageClass(TaskCommand.Deliver.class), 2, 1, 3);
            assertEquals(Watermark.MAX, downstream.expectMessageClass(TaskCommand.Deliver.class).element());
            assertEquals(EndOfInput.INSTANCE, downstream.expectMessageClass(TaskCommand.Deliver.class).element());
            downstream.expectTerminated(agent);
        } finally {
            testKit.shutdownTestKit();
            memory.close(); // fails on a leaked buffer
        }
    }

    private static void assertCounts(TaskCommand.Deliver deliver, int... expected) {
        try (Batch batch = (Batch) deliver.element()) {
            IntVector n = (IntVector) batch.root().getVector("n");
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], n.get(i), "row " + i);
            }
        }
    }
}
