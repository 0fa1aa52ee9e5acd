package io.sabot.actors.runtime;

import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.StreamElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a task sent on each output channel since the last completed checkpoint, so that a receiver
 * restarted from that checkpoint (a partial restart, docs/supervision.md) gets exactly its input
 * again, in the same order.
 *
 * <p>Invariants, per channel {@code i}: {@code kept[i]} holds, in order, every element enqueued on
 * channel {@code i} after the barrier of checkpoint {@code since[i]} ({@code since[i]} is the
 * checkpoint the task itself started from, -1 for a fresh start, before its first completed one),
 * barriers included as markers; or {@code since[i]} is {@link #LOST} and nothing is kept until the
 * channel's next barrier (but its end of input). A channel that ended holds, once a checkpoint after
 * its end completes, only its end of input: all it sent came before that checkpoint. Batches are
 * kept without a copy ({@link Batch#share}): they hold memory only once the receiver has freed its
 * own reference. Past {@code limitBytes} in all, every channel is lost: a receiver restarted before a
 * checkpoint whose barrier came after that completes cannot be sent its input again, and its sender
 * then fails ({@link NotKept}), which restarts it from the same checkpoint as well.
 */
final class OutputRetention {

    /** {@code since} of a channel whose kept elements were dropped over the bound. */
    static final long LOST = Long.MIN_VALUE;

    private static final Logger LOG = LoggerFactory.getLogger(OutputRetention.class);

    private final String task;
    private final List<ArrayDeque<StreamElement>> kept;
    private final long[] since;
    private final long limitBytes;
    private final BufferAllocator allocator;
    private long bytes;
    private boolean warned; // the bound was passed once: later times are logged at debug

    /**
     * @param task         the task's name, for messages
     * @param restoredFrom the checkpoint the task started from (-1: a fresh start)
     * @param limitBytes   the most bytes ({@link Batch#wireBytes()}) kept over all channels
     * @param allocator    owns the kept references (the task's allocator)
     */
    OutputRetention(String task, int channels, long restoredFrom, long limitBytes, BufferAllocator allocator) {
        this.task = task;
        this.kept = new ArrayList<>(channels);
        for (int i = 0; i < channels; i++) {
            kept.add(new ArrayDeque<>());
        }
        this.since = new long[channels];
        Arrays.fill(since, restoredFrom);
        this.limitBytes = limitBytes;
        this.allocator = allocator;
    }

    /** Keeps {@code element}, enqueued on {@code channel} (a batch by reference; the caller keeps its own). */
    void add(int channel, StreamElement element) {
        if (since[channel] == LOST) {
            if (element instanceof CheckpointBarrier barrier) {
                since[channel] = barrier.id(); // kept again from here
            } else if (element == EndOfInput.INSTANCE) {
                kept.get(channel).add(element); // a later checkpoint makes it the channel's whole replay
            }
            return;
        }
        if (element instanceof Batch batch) {
            bytes += batch.wireBytes();
            if (bytes > limitBytes) {
                String message = "task {} kept more than {} bytes of output since its last completed checkpoint"
                        + " (sabot.supervision.retained-bytes): it drops them, and keeps its output again from its"
                        + " next barrier; a receiver restarted before that barrier's checkpoint completes restarts this"
                        + " task too";
                if (warned) {
                    LOG.debug(message, task, limitBytes);
                } else {
                    LOG.warn(message + " (said once per task)", task, limitBytes);
                    warned = true;
                }
                for (ArrayDeque<StreamElement> queue : kept) {
                    boolean ended = queue.peekLast() == EndOfInput.INSTANCE;
                    queue.forEach(OutputRetention::release);
                    queue.clear();
                    if (ended) {
                        queue.add(EndOfInput.INSTANCE);
                    }
                }
                bytes = 0;
                Arrays.fill(since, LOST);
                return;
            }
            element = batch.share(allocator);
        }
        kept.get(channel).add(element);
    }

    /**
     * Checkpoint {@code checkpointId} completed: what came before its barrier is no longer needed; of
     * a channel that ended before it, all but its end of input.
     */
    void completed(long checkpointId) {
        for (int i = 0; i < kept.size(); i++) {
            ArrayDeque<StreamElement> queue = kept.get(i);
            if (since[i] != LOST && since[i] >= checkpointId) {
                continue;
            }
            if (since[i] != LOST && hasBarrier(queue, checkpointId)) {
                StreamElement head;
                do {
                    head = queue.poll();
                    drop(head);
                } while (!(head instanceof CheckpointBarrier barrier && barrier.id() == checkpointId));
                since[i] = checkpointId;
            } else if (queue.peekLast() == EndOfInput.INSTANCE) {
                while (queue.size() > 1) {
                    drop(queue.poll());
                }
                since[i] = checkpointId;
            }
        }
    }

    /** Frees a kept element taken out of its queue. */
    private void drop(StreamElement element) {
        if (element instanceof Batch batch) {
            bytes -= batch.wireBytes();
            batch.close();
        }
    }

    /**
     * What channel {@code channel} sent after the barrier of checkpoint {@code checkpointId}, for its
     * receiver restarted from it, in order: batches (new references the caller owns) and every other
     * element. Barriers too: those of checkpoints the restart aborted the receiver drops
     * ({@link TaskCommand.Deploy#settledCheckpoint()}); one triggered since must reach it. Kept as it
     * was, for a further restart.
     *
     * @throws NotKept when the channel does not hold everything since that barrier
     */
    List<StreamElement> replay(int channel, long checkpointId) {
        ArrayDeque<StreamElement> queue = kept.get(channel);
        Iterator<StreamElement> elements = queue.iterator();
        if (since[channel] != checkpointId) {
            if (since[channel] == LOST || since[channel] > checkpointId || !hasBarrier(queue, checkpointId)) {
                throw new NotKept("task " + task + " cannot send output channel " + channel
                        + " again from checkpoint " + checkpointId + " to its restarted receiver: it keeps "
                        + (since[channel] == LOST ? "nothing (more than sabot.supervision.retained-bytes = "
                        + limitBytes + " bytes since the last completed checkpoint)" : "its output since checkpoint "
                        + since[channel]) + "; it restarts from the checkpoint too");
            }
            while (!(elements.next() instanceof CheckpointBarrier barrier && barrier.id() == checkpointId)) {
                // skip to the barrier the receiver restored
            }
        }
        List<StreamElement> replay = new ArrayList<>();
        try {
            while (elements.hasNext()) {
                StreamElement element = elements.next();
                replay.add(element instanceof Batch batch ? batch.share(allocator) : element);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            replay.forEach(OutputRetention::release);
            throw e;
        }
        return replay;
    }

    /** A restarted receiver cannot be sent its input again: the sender restarts too, as part of the same restart. */
    static final class NotKept extends IllegalStateException {
        NotKept(String message) {
            super(message);
        }
    }

    /** Bytes kept now. */
    long bytes() {
        return bytes;
    }

    /** Frees everything kept (the task ends). */
    void discard() {
        for (ArrayDeque<StreamElement> queue : kept) {
            queue.forEach(OutputRetention::release);
            queue.clear();
        }
        bytes = 0;
    }

    private static boolean hasBarrier(ArrayDeque<StreamElement> queue, long checkpointId) {
        for (StreamElement element : queue) {
            if (element instanceof CheckpointBarrier barrier && barrier.id() == checkpointId) {
                return true;
            }
        }
        return false;
    }

    private static void release(StreamElement element) {
        if (element instanceof Batch batch) {
            batch.close();
        }
    }
}
