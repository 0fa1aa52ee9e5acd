package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.StreamElement;
import io.sabot.actors.stream.Watermark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Barrier alignment and tracking in the input gate, element by element (watermarks stand for data). */
class InputGateTest {

    private final RootAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        allocator.close();
    }

    private InputGate gate(int channels, boolean exactlyOnce) {
        List<InputGate.Upstream> upstreams = new ArrayList<>(Arrays.asList(new InputGate.Upstream[channels]));
        return new InputGate(upstreams, null, 0, -1, -1, 4, allocator, exactlyOnce, task -> null);
    }

    private static void deliver(InputGate gate, int channel, StreamElement... elements) {
        for (StreamElement element : elements) {
            gate.receive(new TaskCommand.Deliver(channel, element));
        }
    }

    private static CheckpointBarrier barrier(long id) {
        return new CheckpointBarrier(id, id * 1000, CheckpointBarrier.CheckpointKind.CHECKPOINT);
    }

    /** Everything the gate hands out now, in order. */
    private static List<StreamElement> drain(InputGate gate) {
        List<StreamElement> out = new ArrayList<>();
        for (StreamElement element = gate.poll(); element != null; element = gate.poll()) {
            out.add(element);
        }
        return out;
    }

    @Test
    void alignedAChannelThatDeliveredTheBarrierWaitsForTheOthers() {
        InputGate gate = gate(2, true);
        deliver(gate, 0, new Watermark(1), barrier(7), new Watermark(2)); // the fast channel
        assertEquals(List.of(new Watermark(1)), drain(gate), "after barrier 7, channel 0 is held");
        deliver(gate, 1, new Watermark(10), new Watermark(11));
        assertEquals(List.of(new Watermark(10), new Watermark(11)), drain(gate), "the slow channel flows meanwhile");
        deliver(gate, 1, barrier(7), new Watermark(12));
        List<StreamElement> after = drain(gate);
        assertEquals(barrier(7), after.get(0), "the barrier comes out once, when every channel delivered it");
        assertTrue(after.containsAll(List.of(new Watermark(2), new Watermark(12))), "then both channels flow again");
        assertEquals(3, after.size());
    }

    @Test
    void anAbortedAlignmentReleasesTheHeldChannelsAndLateCopiesOfItsBarrierAreDropped() {
        InputGate gate = gate(2, true);
        deliver(gate, 0, barrier(3), new Watermark(5));
        assertEquals(List.of(), drain(gate));
        gate.abort(3);
        assertEquals(List.of(new Watermark(5)), drain(gate), "the held channel flows again");
        deliver(gate, 1, barrier(3), new Watermark(6));
        assertEquals(List.of(new Watermark(6)), drain(gate), "barrier 3 of the other channel is dropped");
    }

    @Test
    void anEndedChannelCountsAsAligned() {
        InputGate gate = gate(3, true);
        deliver(gate, 0, barrier(1));
        deliver(gate, 2, EndOfInput.INSTANCE);
        assertEquals(List.of(EndOfInput.INSTANCE), drain(gate));
        deliver(gate, 1, barrier(1));
        assertEquals(List.of(barrier(1)), drain(gate));
        deliver(gate, 0, barrier(2));
        assertNull(gate.poll());
        deliver(gate, 1, EndOfInput.INSTANCE);
        assertEquals(List.of(EndOfInput.INSTANCE, barrier(2)), drain(gate), "the last channel that held it back ended");
        assertFalse(gate.allEnded());
    }

    @Test
    void aNewerBarrierWhileAligningGivesTheOlderOneUp() {
        InputGate gate = gate(2, true);
        deliver(gate, 0, barrier(1), new Watermark(1));
        deliver(gate, 1, barrier(2), new Watermark(2));
        assertEquals(List.of(new Watermark(1)), drain(gate), "aligning 2 now: channel 0, held for 1, flows until it delivers 2");
        deliver(gate, 0, barrier(2));
        assertEquals(List.of(barrier(2), new Watermark(2)), drain(gate));
    }

    @Test
    void atLeastOnceNoChannelIsHeldAndABarrierComesOutWhenAllDeliveredIt() {
        InputGate gate = gate(2, false);
        deliver(gate, 0, barrier(4), new Watermark(1));
        assertEquals(List.of(new Watermark(1)), drain(gate), "the channel is not held");
        deliver(gate, 1, barrier(4));
        assertEquals(List.of(barrier(4)), drain(gate));
        deliver(gate, 0, barrier(4));
        assertEquals(List.of(), drain(gate), "a copy of a barrier already handed out is dropped");
    }
}
