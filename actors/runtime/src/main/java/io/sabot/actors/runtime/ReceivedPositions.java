package io.sabot.actors.runtime;

import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.CheckpointBarrier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * How far each input channel's stream has been received, so that a restarted sender's elements
 * are taken exactly once: the receiver keeps what it had and drops what it is sent again.
 *
 * <p>Invariants, per channel: {@code received} elements of the sender's stream were taken whole,
 * and {@code rowsOfNext} rows of the next one (a batch that came in slices); {@code atBarrier}
 * maps a checkpoint to the elements taken before its barrier arrived, for the checkpoint this task
 * started from (0) and every barrier since, until a newer checkpoint completes. A sender numbers
 * its elements from 0 after each barrier it sends, and after the checkpoint it started from
 * ({@link ChannelPosition}), so element {@code seq} after checkpoint {@code since} is stream element
 * {@code atBarrier(since) + seq}: taken if it is the next one (those of its rows not taken yet),
 * dropped if it was taken already, and dropped if it lies beyond the next one or after a barrier
 * this task does not know (a late element of an earlier incarnation, overtaken by the current).
 * This holds because a sender restarted from a checkpoint sends, element for element, what it sent
 * after that checkpoint before (the same input in the same order, docs/supervision.md), and
 * because a restarted sender starts from the last completed checkpoint, whose barrier is kept.
 * A barrier of an incarnation older than one already heard from (late: its sender is gone, its
 * checkpoint aborted) is dropped, not noted: its arrival count would not be its place.
 */
final class ReceivedPositions {

    /** {@link #admit}'s answer for an element to drop. */
    static final int DROP = -1;

    private final long[] received;
    private final int[] rowsOfNext;
    private final int[] attempt; // the newest sender incarnation heard from, per channel
    private final List<TreeMap<Long, Long>> atBarrier;

    /** For a task started from checkpoint {@code restoredFrom} (-1: from the start). */
    ReceivedPositions(int channels, long restoredFrom) {
        this.received = new long[channels];
        this.rowsOfNext = new int[channels];
        this.attempt = new int[channels];
        Arrays.fill(attempt, -1);
        this.atBarrier = new ArrayList<>(channels);
        for (int i = 0; i < channels; i++) {
            TreeMap<Long, Long> barriers = new TreeMap<>();
            barriers.put(restoredFrom, 0L);
            atBarrier.add(barriers);
        }
    }

    /**
     * Whether to take {@code deliver}: {@link #DROP}, or the number of leading rows to drop from its
     * batch (its other rows are new), 0 for an element to take whole. Unnumbered elements (no
     * position) and barriers are always taken; a barrier is noted.
     */
    int admit(TaskCommand.Deliver deliver) {
        int channel = deliver.channel();
        ChannelPosition position = deliver.position();
        if (position != null) {
            if (position.attempt() < attempt[channel] && deliver.element() instanceof CheckpointBarrier) {
                return DROP;
            }
            attempt[channel] = Math.max(attempt[channel], position.attempt());
        }
        if (deliver.element() instanceof CheckpointBarrier barrier) {
            atBarrier.get(channel).putIfAbsent(barrier.id(), received[channel]);
            return 0;
        }
        if (position == null) {
            return 0;
        }
        Long base = atBarrier.get(channel).get(position.since());
        if (base == null || base + position.seq() != received[channel]) {
            return DROP;
        }
        int rows = deliver.element() instanceof Batch batch ? batch.rowCount() : 0;
        int skip = rowsOfNext[channel] - position.firstRow();
        if (skip < 0 || (rows > 0 && skip >= rows)) {
            return DROP; // a gap (an earlier slice is missing), or rows taken already
        }
        if (position.last()) {
            received[channel]++;
            rowsOfNext[channel] = 0;
        } else {
            rowsOfNext[channel] = position.firstRow() + rows;
        }
        return skip;
    }

    /** True when {@code deliver} comes from an earlier incarnation of its sender than one already heard from. */
    boolean isLate(TaskCommand.Deliver deliver) {
        return deliver.position() != null && deliver.position().attempt() < attempt[deliver.channel()];
    }

    /** Channel {@code channel}'s sender now runs as attempt {@code newAttempt}: what earlier ones still send is late. */
    void senderRestarted(int channel, int newAttempt) {
        attempt[channel] = Math.max(attempt[channel], newAttempt);
    }

    /** Checkpoint {@code checkpointId} completed: no sender restarts from before it any more. */
    void completed(long checkpointId) {
        for (TreeMap<Long, Long> barriers : atBarrier) {
            if (barriers.containsKey(checkpointId)) {
                barriers.headMap(checkpointId, false).clear();
            }
        }
    }
}
