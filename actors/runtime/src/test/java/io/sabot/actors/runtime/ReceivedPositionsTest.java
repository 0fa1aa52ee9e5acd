package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.StreamElement;
import io.sabot.actors.stream.Watermark;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A receiver takes each element of its sender's stream once: in order from a sender that never
 * restarted, and from a sender restarted from a checkpoint only what it had not sent before, also
 * when the first sending came in slices and the second does not.
 */
class ReceivedPositionsTest {

    private final RootAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        allocator.close();
    }

    private Batch rows(int rows) {
        BigIntVector values = new BigIntVector("v", allocator);
        values.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
            values.set(i, i);
        }
        values.setValueCount(rows);
        return Batch.of(new VectorSchemaRoot(List.of(values)));
    }

    /** What {@code positions} says to element {@code seq} after checkpoint {@code since} of attempt 1 (the batch is freed). */
    private static int admit(ReceivedPositions positions, StreamElement element, long since, long seq, int firstRow,
                             boolean last) {
        return admit(positions, 1, element, since, seq, firstRow, last);
    }

    private static int admit(ReceivedPositions positions, int attempt, StreamElement element, long since, long seq,
                             int firstRow, boolean last) {
        try {
            return positions.admit(new TaskCommand.Deliver(0, element, new ChannelPosition(attempt, since, seq, firstRow, last)));
        } finally {
            if (element instanceof Batch batch) {
                batch.close();
            }
        }
    }

    private static CheckpointBarrier barrier(long id) {
        return new CheckpointBarrier(id, id, CheckpointBarrier.CheckpointKind.CHECKPOINT);
    }

    @Test
    void aRestartedSendersRepeatsAreDroppedAndItsNewElementsTaken() {
        ReceivedPositions positions = new ReceivedPositions(1, -1);
        assertEquals(0, admit(positions, new Watermark(1), -1, 0, 0, true));
        assertEquals(0, positions.admit(new TaskCommand.Deliver(0, barrier(3))));
        assertEquals(0, admit(positions, rows(5), 3, 0, 0, true));
        assertEquals(0, admit(positions, rows(5), 3, 1, 0, true));
        assertEquals(0, positions.admit(new TaskCommand.Deliver(0, barrier(4)))); // aborted by the restart below
        assertEquals(0, admit(positions, rows(5), 4, 0, 0, true));
        // the sender restarts from checkpoint 3 and sends the same stream again, without barrier 4
        assertEquals(ReceivedPositions.DROP, admit(positions, rows(5), 3, 0, 0, true));
        assertEquals(ReceivedPositions.DROP, admit(positions, rows(5), 3, 1, 0, true));
        assertEquals(ReceivedPositions.DROP, admit(positions, rows(5), 3, 2, 0, true), "it came after barrier 4 before");
        assertEquals(0, admit(positions, rows(5), 3, 3, 0, true), "new");
        assertEquals(ReceivedPositions.DROP, admit(positions, rows(5), 4, 1, 0, true),
                "a late element of the earlier incarnation, overtaken");
        assertEquals(0, admit(positions, rows(5), 3, 4, 0, true));
    }

    @Test
    void rowsTakenFromSlicesOfABatchAreCutFromItsWholeRepeat() {
        ReceivedPositions positions = new ReceivedPositions(1, 2);
        assertEquals(0, admit(positions, rows(4), 2, 0, 0, false)); // rows 0..3 of a batch of 10, sent in slices
        assertEquals(0, admit(positions, rows(3), 2, 0, 4, false)); // rows 4..6; then the sender fails
        assertEquals(7, admit(positions, rows(10), 2, 0, 0, true), "the restarted sender's whole batch: rows 7.. are new");
        assertEquals(0, admit(positions, rows(2), 2, 1, 0, true));
        assertEquals(ReceivedPositions.DROP, admit(positions, rows(3), 2, 0, 7, true), "a late slice of the earlier send");
    }

    @Test
    void aLateBarrierOfAnEarlierIncarnationIsDroppedNotNotedSoItsElementsAreDroppedToo() {
        ReceivedPositions positions = new ReceivedPositions(1, 2);
        assertEquals(0, admit(positions, 1, rows(1), 2, 0, 0, true));
        // attempt 1 sent barrier 3 then two elements after it, all still in flight, and died; attempt 5 restarted from 2
        assertEquals(ReceivedPositions.DROP, admit(positions, 5, rows(1), 2, 0, 0, true), "a repeat");
        assertEquals(0, admit(positions, 5, rows(1), 2, 1, 0, true));
        assertEquals(0, admit(positions, 5, rows(1), 2, 2, 0, true));
        TaskCommand.Deliver late = new TaskCommand.Deliver(0, barrier(3), new ChannelPosition(1, 2, 1, 0, true));
        assertTrue(positions.isLate(late));
        assertEquals(ReceivedPositions.DROP, positions.admit(late), "its checkpoint was aborted by the restart");
        assertEquals(ReceivedPositions.DROP, admit(positions, 1, rows(1), 3, 0, 0, true),
                "counted from a barrier this task never noted: late");
        assertEquals(0, admit(positions, 5, rows(1), 2, 3, 0, true), "the new incarnation goes on");
    }

    @Test
    void aCompletedCheckpointForgetsOlderBarriersAndElementsCountedFromThemAreStale() {
        ReceivedPositions positions = new ReceivedPositions(1, -1);
        assertEquals(0, admit(positions, rows(1), -1, 0, 0, true));
        positions.admit(new TaskCommand.Deliver(0, barrier(1)));
        assertEquals(0, admit(positions, rows(1), 1, 0, 0, true));
        positions.completed(1);
        assertEquals(ReceivedPositions.DROP, admit(positions, rows(1), -1, 1, 0, true), "no sender counts from before 1 now");
        assertEquals(0, admit(positions, rows(1), 1, 1, 0, true));
    }
}
