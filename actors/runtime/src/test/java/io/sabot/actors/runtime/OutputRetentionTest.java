package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.StreamElement;
import io.sabot.actors.stream.Watermark;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a task keeps of its output for restarted receivers, and what its output gate sends them
 * again: element by element against what was sent, checkpoint by checkpoint, over the byte bound,
 * and without a byte left allocated once it is freed.
 */
class OutputRetentionTest {

    private final RootAllocator root = new RootAllocator();
    private final BufferAllocator task = root.newChildAllocator("task", 0, Long.MAX_VALUE);
    private final List<Batch> sent = new ArrayList<>();

    @AfterEach
    void close() {
        sent.forEach(Batch::close);
        task.close();
        root.close();
    }

    /** A batch of the values {@code from} .. {@code from + rows - 1}, as a sender would emit (it keeps it until closed here). */
    private Batch batch(long from, int rows) {
        BigIntVector values = new BigIntVector("v", task);
        values.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
            values.set(i, from + i);
        }
        values.setValueCount(rows);
        Batch batch = Batch.of(new VectorSchemaRoot(List.of(values)));
        sent.add(batch);
        return batch;
    }

    private static CheckpointBarrier barrier(long id) {
        return new CheckpointBarrier(id, id * 1000, CheckpointBarrier.CheckpointKind.CHECKPOINT);
    }

    /** Elements as comparable values: a batch as the list of its values, anything else as itself. */
    private static List<Object> values(List<StreamElement> elements) {
        List<Object> values = new ArrayList<>();
        for (StreamElement element : elements) {
            if (element instanceof Batch batch) {
                BigIntVector vector = (BigIntVector) batch.root().getVector(0);
                values.add(java.util.stream.IntStream.range(0, batch.rowCount()).mapToObj(vector::get).toList());
                batch.close();
            } else {
                values.add(element);
            }
        }
        return values;
    }

    private static List<Long> range(long from, int rows) {
        return LongStream.range(from, from + rows).boxed().toList();
    }

    @Test
    void aRestartedReceiverGetsEverythingSentAfterTheCheckpointItRestoredAsOftenAsItRestarts() {
        OutputRetention retention = new OutputRetention("t[0]", 2, 4, Long.MAX_VALUE, task);
        retention.add(0, batch(0, 3));
        retention.add(1, batch(100, 2));
        retention.add(0, new Watermark(5));
        retention.add(0, barrier(5));
        retention.add(0, batch(3, 2));
        retention.add(0, EndOfInput.INSTANCE);
        List<Object> expected = List.of(range(0, 3), new Watermark(5), barrier(5), range(3, 2), EndOfInput.INSTANCE);
        assertEquals(expected, values(retention.replay(0, 4)));
        assertEquals(expected, values(retention.replay(0, 4)), "kept for a further restart");
        assertEquals(List.of(range(100, 2)), values(retention.replay(1, 4)));
        assertEquals(List.of(range(3, 2), EndOfInput.INSTANCE), values(retention.replay(0, 5)),
                "checkpoint 5 completed before the channel heard so: from its barrier");
        retention.discard();
    }

    @Test
    void aCompletedCheckpointDropsWhatCameBeforeItsBarrierAndAnOlderOneCannotBeReplayed() {
        OutputRetention retention = new OutputRetention("t[0]", 1, -1, Long.MAX_VALUE, task);
        retention.add(0, batch(0, 4));
        retention.add(0, barrier(1));
        retention.add(0, batch(4, 4));
        long before = retention.bytes();
        retention.completed(1);
        assertTrue(retention.bytes() < before, "the batch before barrier 1 is no longer counted");
        assertEquals(List.of(range(4, 4)), values(retention.replay(0, 1)));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> retention.replay(0, -1));
        assertTrue(refused.getMessage().contains("from checkpoint -1") && refused.getMessage().contains("since checkpoint 1"),
                refused.getMessage());
        retention.discard();
    }

    @Test
    void pastTheBoundNothingIsKeptUntilTheNextBarrierAndThenFromIt() {
        OutputRetention retention = new OutputRetention("t[0]", 1, 0, batch(0, 10).wireBytes() + 1, task);
        retention.add(0, batch(0, 10));
        retention.add(0, batch(10, 10)); // over the bound: everything goes
        assertEquals(0, retention.bytes());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> retention.replay(0, 0));
        assertTrue(refused.getMessage().contains("retained-bytes"), refused.getMessage());
        retention.add(0, batch(20, 10)); // still lost
        retention.add(0, barrier(1));
        retention.add(0, batch(30, 10));
        assertEquals(List.of(range(30, 10)), values(retention.replay(0, 1)), "kept again after barrier 1");
        retention.discard();
    }

    @Test
    void aChannelThatEndedBeforeACompletedCheckpointSendsOnlyItsEndAgain() {
        OutputRetention retention = new OutputRetention("t[0]", 2, -1, Long.MAX_VALUE, task);
        retention.add(0, batch(0, 3));
        retention.add(0, new Watermark(Long.MAX_VALUE));
        retention.add(0, EndOfInput.INSTANCE); // channel 0 ends; channel 1 goes on
        retention.add(1, batch(10, 2));
        retention.add(1, barrier(1));
        retention.add(1, batch(12, 2));
        retention.completed(1);
        assertEquals(List.of(EndOfInput.INSTANCE), values(retention.replay(0, 1)), "all it sent came before checkpoint 1");
        assertEquals(List.of(range(12, 2)), values(retention.replay(1, 1)));
        retention.discard();
        OutputRetention lost = new OutputRetention("t[1]", 1, -1, batch(0, 10).wireBytes() + 1, task);
        lost.add(0, batch(0, 10));
        lost.add(0, batch(10, 10)); // over the bound: dropped
        lost.add(0, EndOfInput.INSTANCE);
        lost.completed(2);
        assertEquals(List.of(EndOfInput.INSTANCE), values(lost.replay(0, 2)), "past the bound too: its end is kept");
        lost.discard();
    }

    @Test
    void keptBatchesShareTheSentBuffersAndDiscardFreesEveryByte() {
        OutputRetention retention = new OutputRetention("t[0]", 1, -1, Long.MAX_VALUE, task);
        Batch original = batch(0, 1000);
        long oneBatch = task.getAllocatedMemory();
        retention.add(0, original);
        assertEquals(oneBatch, task.getAllocatedMemory(), "kept without a copy");
        original.close(); // the receiver freed its batch: the kept reference holds the memory now
        assertEquals(List.of(range(0, 1000)), values(retention.replay(0, -1)));
        retention.discard();
        assertEquals(0, task.getAllocatedMemory());
    }

    @Test
    void theGateSendsAgainToANewerAttemptOfItsReceiverAndIgnoresCreditsOfTheOldOne() {
        ActorTestKit kit = ActorTestKit.create();
        try {
            TestProbe<TaskCommand> old = kit.createTestProbe();
            TestProbe<TaskCommand> restarted = kit.createTestProbe();
            BufferAllocator exchange = root.newChildAllocator("exchange", 0, Long.MAX_VALUE);
            OutputGate gate = new OutputGate(List.of(new OutputGate.Edge(Partitioner.forward(), 0, null)), new int[] {3},
                    java.util.Collections.singletonList(null), 0, task, exchange, new JobMetrics().forTask(new TaskId("j", 1, "v", 0)),
                    Long.MAX_VALUE, 1, -1, new OutputRetention("v[0]", 1, -1, Long.MAX_VALUE, task));
            gate.onCredit(new TaskCommand.Credit(0, 10, old.ref(), 1, -1));
            gate.emit(batch(0, 2).share(task));
            gate.broadcast(barrier(1));
            gate.emit(batch(2, 2).share(task));
            List<TaskCommand.Deliver> first = receive(old, 3);
            assertEquals(List.of(range(0, 2), barrier(1), range(2, 2)), values(elements(first)));
            assertEquals(List.of(new ChannelPosition(1, -1, 0, 0, true), new ChannelPosition(1, -1, 1, 0, true),
                    new ChannelPosition(1, 1, 0, 0, true)), first.stream().map(TaskCommand.Deliver::position).toList(),
                    "numbered from 0 after each barrier (which itself is not counted)");

            gate.onCredit(new TaskCommand.Credit(0, 10, restarted.ref(), 7, 1)); // restarted from checkpoint 1
            gate.onCredit(new TaskCommand.Credit(0, 1, old.ref(), 1, -1));      // a late credit of the old one
            gate.emit(batch(4, 1).share(task));
            List<TaskCommand.Deliver> again = receive(restarted, 2);
            assertEquals(List.of(range(2, 2), range(4, 1)), values(elements(again)));
            assertEquals(List.of(new ChannelPosition(1, 1, 0, 0, true), new ChannelPosition(1, 1, 1, 0, true)),
                    again.stream().map(TaskCommand.Deliver::position).toList(), "numbered as the first time");
            old.expectNoMessage(java.time.Duration.ofMillis(50));
            gate.discard();
            assertEquals(0, exchange.getAllocatedMemory());
            exchange.close();
        } finally {
            kit.shutdownTestKit();
        }
    }

    private static List<TaskCommand.Deliver> receive(TestProbe<TaskCommand> probe, int count) {
        List<TaskCommand.Deliver> delivered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TaskCommand.Deliver deliver = probe.expectMessageClass(TaskCommand.Deliver.class);
            assertEquals(3, deliver.channel());
            delivered.add(deliver);
        }
        return delivered;
    }

    private static List<StreamElement> elements(List<TaskCommand.Deliver> delivered) {
        return delivered.stream().map(TaskCommand.Deliver::element).toList();
    }
}
