package io.sabot.actors.runtime;

import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.StreamElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;

/**
 * The receiving side of an agent or sink task, and the one place where its input's checkpoint
 * barriers are handled: one queue per input channel, credit-based flow control, barrier alignment.
 *
 * <p>Flow control. The gate grants each upstream sender a fixed number of credits and returns one
 * whenever a batch leaves its queue, so a channel never holds more batches than that. Arriving
 * batches move into this task's allocator.
 *
 * <p>Barriers. {@link #poll} hands out checkpoint barrier n once, when every input channel has
 * delivered it or ended (an ended channel has nothing more to send before any barrier), never the
 * copies of single channels; copies of a barrier already handed out or aborted are dropped.
 * <ul>
 *   <li>Exactly-once (aligned, as Flink's {@code SingleCheckpointBarrierHandler}): a channel that
 *       delivered barrier n is blocked — not read, so its credits are withheld and its sender waits —
 *       until every channel has, so what the task snapshots on n is exactly its input before n. A
 *       newer barrier while aligning n means n was given up upstream: alignment moves to the newer.
 *   <li>At-least-once (tracked, as Flink's {@code CheckpointBarrierTracker}): no channel is blocked;
 *       a barrier is handed out when every channel delivered it, so the task may already have read
 *       input after it on the faster channels.
 * </ul>
 * {@link #abort} gives up a checkpoint that the coordinator aborted: its blocked channels flow again.
 *
 * <p>Restarted senders. Elements a restarted upstream task sends again are dropped on arrival
 * ({@link ReceivedPositions}), their credit returned; an upstream restarted alone
 * ({@link #rewire}) gets a fresh grant of this task's credits, and the credits its earlier
 * incarnation spent (on batches queued or still arriving) are not returned to it.
 */
final class InputGate {

    /** Where a channel's credits go: the upstream task ({@code taskKey}, its ref) and its output channel index. */
    record Upstream(String taskKey, RecipientRef<TaskCommand> sender, int senderChannel) {}

    /** At-least-once: a barrier and the channels that delivered it. */
    private record Tracked(CheckpointBarrier barrier, BitSet channels) {}

    private final List<Upstream> upstreams;
    private final List<ArrayDeque<StreamElement>> queues;
    private final ActorRef<TaskCommand> self;
    private final BufferAllocator allocator;
    private final int credits;
    private final int attempt;
    private final long restoredFrom;
    private final boolean exactlyOnce;
    private final ReceivedPositions positions;
    private final int[] lateQueued; // per channel: batches of an earlier sender incarnation queued, whose credit is not returned
    private final Function<TaskId, RecipientRef<TaskCommand>> tasks;
    private final BitSet ended = new BitSet();
    private final BitSet blocked = new BitSet();              // exactly-once: channels that delivered the barrier being aligned
    private final TreeMap<Long, Tracked> tracked = new TreeMap<>(); // at-least-once: barriers by id
    private CheckpointBarrier aligning;                         // exactly-once: the barrier being aligned
    private CheckpointBarrier ready;                            // complete, to hand out on the next poll
    private long lastDone;                                      // the newest barrier handed out, aborted or settled
    private int next;
    private int channel = -1;
    private long queuedBatches;

    /**
     * @param upstreams   one per input channel, in channel order (null for a sender without flow control)
     * @param self         the task the credits name as receiver
     * @param attempt      the task's attempt, named in its credits: an upstream that sees a newer one sends again
     * @param restoredFrom the checkpoint the task started from (-1: a fresh start), from which it needs its input again
     * @param settled      barriers of checkpoints up to this id are stale (they completed or were aborted
     *                     before the task started: sent again to a restarted task); -1: none
     * @param exactlyOnce  align barriers (else only track them)
     * @param tasks        the address of a task (of an upstream restarted alone)
     */
    InputGate(List<Upstream> upstreams, ActorRef<TaskCommand> self, int attempt, long restoredFrom, long settled,
              int credits, BufferAllocator allocator, boolean exactlyOnce, Function<TaskId, RecipientRef<TaskCommand>> tasks) {
        this.upstreams = upstreams;
        this.queues = new ArrayList<>(upstreams.size());
        for (int i = 0; i < upstreams.size(); i++) {
            queues.add(new ArrayDeque<>());
        }
        this.self = self;
        this.credits = credits;
        this.attempt = attempt;
        this.restoredFrom = restoredFrom;
        this.lastDone = settled;
        this.positions = new ReceivedPositions(upstreams.size(), restoredFrom);
        this.lateQueued = new int[upstreams.size()];
        this.tasks = tasks;
        this.allocator = allocator;
        this.exactlyOnce = exactlyOnce;
    }

    int channels() {
        return queues.size();
    }

    /** Grants the initial credits, which also tells every upstream where to send. */
    void open() {
        for (Upstream upstream : upstreams) {
            if (upstream != null) {
                upstream.sender().tell(new TaskCommand.Credit(upstream.senderChannel(), credits, self, attempt, restoredFrom));
            }
        }
    }

    /** Queues a delivered element, unless its sender sent it before (then only a part of its rows, or nothing). */
    void receive(TaskCommand.Deliver deliver) {
        boolean late = positions.isLate(deliver); // its credit was granted to a sender that is gone
        int skip = positions.admit(deliver);
        if (skip == ReceivedPositions.DROP) {
            deliver.release();
            if (deliver.element() instanceof Batch && !late) {
                returnCredit(deliver.channel()); // its sender spent one on it
            }
            return;
        }
        if (late && deliver.element() instanceof Batch) {
            lateQueued[deliver.channel()]++;
        }
        StreamElement element = deliver.element();
        if (element instanceof Batch batch) {
            Batch own = batch.transferTo(allocator);
            if (skip > 0) { // its first rows came before, in slices of an earlier incarnation's send
                Batch whole = own;
                try {
                    own = whole.copyRows(skip, whole.rowCount() - skip, allocator);
                } finally {
                    whole.close();
                }
            }
            element = own;
            queuedBatches++;
        }
        queues.get(deliver.channel()).add(element);
    }

    /**
     * After this task's end of input: an element a restarted upstream task sends again. It is
     * dropped (nothing new may follow an end of input), its credit returned so its sender can finish.
     */
    void receiveAfterEnd(TaskCommand.Deliver deliver) {
        boolean late = positions.isLate(deliver);
        positions.admit(deliver);
        deliver.release();
        if (deliver.element() instanceof Batch && !late) {
            returnCredit(deliver.channel());
        }
    }

    /** Upstream task {@code upstream} runs as a new incarnation: its channels' credits go to it, afresh. */
    void rewire(TaskId upstream) {
        for (int i = 0; i < upstreams.size(); i++) {
            Upstream old = upstreams.get(i);
            if (old != null && old.taskKey().equals(upstream.taskKey())) {
                Upstream rewired = new Upstream(old.taskKey(), tasks.apply(upstream), old.senderChannel());
                upstreams.set(i, rewired);
                positions.senderRestarted(i, upstream.attempt());
                // the new incarnation gets a full grant: what the old one was granted comes back from nobody
                lateQueued[i] = (int) queues.get(i).stream().filter(element -> element instanceof Batch).count();
                rewired.sender().tell(new TaskCommand.Credit(rewired.senderChannel(), credits, self, attempt, restoredFrom));
            }
        }
    }

    /** Checkpoint {@code checkpointId} completed: no upstream task restarts from before it. */
    void checkpointComplete(long checkpointId) {
        positions.completed(checkpointId);
    }

    /**
     * The next element to handle, round-robin over the channels that are not blocked, or null when
     * none is ready; its channel is {@link #channel()}. A batch taken returns its credit. A barrier
     * comes out only when it is complete over all channels.
     */
    StreamElement poll() {
        if (ready != null) {
            CheckpointBarrier barrier = ready;
            ready = null;
            return barrier;
        }
        int channels = queues.size();
        for (int scanned = 0; scanned < channels; ) {
            int candidate = (next + scanned) % channels;
            StreamElement element = blocked.get(candidate) ? null : queues.get(candidate).poll();
            if (element == null) {
                scanned++;
                continue;
            }
            next = (candidate + 1) % channels;
            channel = candidate;
            if (element instanceof Batch) {
                queuedBatches--;
                if (lateQueued[candidate] > 0) {
                    lateQueued[candidate]--;
                } else {
                    returnCredit(candidate);
                }
            } else if (element == EndOfInput.INSTANCE) {
                ended.set(candidate);
                ready = completed(); // the ended channel may have been the last one holding a barrier back
            } else if (element instanceof CheckpointBarrier barrier) {
                CheckpointBarrier complete = onBarrier(candidate, barrier);
                if (complete == null) {
                    scanned = 0; // consumed; look further
                    continue;
                }
                return complete;
            }
            return element;
        }
        return null;
    }

    /** The input channel of the element last polled. */
    int channel() {
        return channel;
    }

    /** True once every input channel has delivered its end of input. */
    boolean allEnded() {
        return ended.cardinality() == queues.size();
    }

    /** Gives up checkpoint {@code checkpointId}: stop aligning it, and drop its barriers still to come. */
    void abort(long checkpointId) {
        if (aligning != null && aligning.id() <= checkpointId) {
            aligning = null;
            blocked.clear();
        }
        tracked.headMap(checkpointId, true).clear();
        lastDone = Math.max(lastDone, checkpointId);
    }

    long queuedBatches() {
        return queuedBatches;
    }

    /** Frees every queued batch (the task is being cancelled). */
    void discard() {
        for (ArrayDeque<StreamElement> queue : queues) {
            queue.forEach(element -> {
                if (element instanceof Batch batch) {
                    batch.close();
                }
            });
            queue.clear();
        }
        queuedBatches = 0;
    }

    /** Records barrier {@code barrier} of one channel; returns it once it is complete over all channels. */
    private CheckpointBarrier onBarrier(int channel, CheckpointBarrier barrier) {
        if (barrier.id() <= lastDone) {
            return null; // handed out or aborted already
        }
        if (!exactlyOnce) {
            tracked.computeIfAbsent(barrier.id(), id -> new Tracked(barrier, new BitSet())).channels().set(channel);
            return completed();
        }
        if (aligning == null || barrier.id() > aligning.id()) {
            blocked.clear(); // an older alignment was given up upstream
            aligning = barrier;
        } else if (barrier.id() < aligning.id()) {
            return null;
        }
        blocked.set(channel);
        return completed();
    }

    /** The barrier that every channel has now delivered or ended before, if there is one. */
    private CheckpointBarrier completed() {
        if (exactlyOnce) {
            if (aligning == null || !covers(blocked)) {
                return null;
            }
            CheckpointBarrier done = aligning;
            aligning = null;
            blocked.clear();
            lastDone = done.id();
            return done;
        }
        for (Tracked candidate : tracked.descendingMap().values()) {
            if (covers(candidate.channels())) {
                long id = candidate.barrier().id();
                tracked.headMap(id, true).clear(); // a completed barrier supersedes older, incomplete ones
                lastDone = id;
                return candidate.barrier();
            }
        }
        return null;
    }

    /** True when {@code delivered} and the ended channels are all channels. */
    private boolean covers(BitSet delivered) {
        BitSet all = (BitSet) delivered.clone();
        all.or(ended);
        return all.cardinality() == queues.size();
    }

    private void returnCredit(int channel) {
        Upstream upstream = upstreams.get(channel);
        if (upstream != null) {
            upstream.sender().tell(new TaskCommand.Credit(upstream.senderChannel(), 1, self, attempt, restoredFrom));
        }
    }
}
