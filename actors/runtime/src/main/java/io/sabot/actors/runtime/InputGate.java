package io.sabot.actors.runtime;

import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.StreamElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;

/**
 * The receiving side of an agent or sink task, and the one place where its input's checkpoint
 * barriers are handled: one queue per input channel, credit-based flow control, barrier tracking.
 *
 * <p>Flow control. The gate grants each upstream sender a fixed number of credits and returns one
 * whenever a batch leaves its queue, so a channel never holds more batches than that. Arriving
 * batches move into this task's allocator.
 *
 * <p>Barriers. {@link #poll} hands out a checkpoint barrier once, when every input channel has
 * delivered it, and never the copies of single channels (Flink's at-least-once barrier tracker: no
 * channel is blocked meanwhile). A completed barrier supersedes older incomplete ones.
 */
final class InputGate {

    /** Where a channel's credits go: the upstream task and its output channel index. */
    record Upstream(RecipientRef<TaskCommand> sender, int senderChannel) {}

    private final List<Upstream> upstreams;
    private final List<ArrayDeque<StreamElement>> queues;
    private final ActorRef<TaskCommand> self;
    private final BufferAllocator allocator;
    private final int credits;
    private final TreeMap<Long, Integer> barrierChannels = new TreeMap<>(); // barrier id -> channels that delivered it
    private int next;
    private int channel = -1;
    private int endedChannels;
    private long queuedBatches;

    /**
     * @param upstreams one per input channel, in channel order (null for a sender without flow control)
     * @param self      the task the credits name as receiver
     */
    InputGate(List<Upstream> upstreams, ActorRef<TaskCommand> self, int credits, BufferAllocator allocator) {
        this.upstreams = upstreams;
        this.queues = new ArrayList<>(upstreams.size());
        for (int i = 0; i < upstreams.size(); i++) {
            queues.add(new ArrayDeque<>());
        }
        this.self = self;
        this.credits = credits;
        this.allocator = allocator;
    }

    int channels() {
        return queues.size();
    }

    /** Grants the initial credits, which also tells every upstream where to send. */
    void open() {
        for (Upstream upstream : upstreams) {
            if (upstream != null) {
                upstream.sender().tell(new TaskCommand.Credit(upstream.senderChannel(), credits, self));
            }
        }
    }

    void receive(TaskCommand.Deliver deliver) {
        StreamElement element = deliver.element();
        if (element instanceof Batch batch) {
            element = batch.transferTo(allocator);
            queuedBatches++;
        }
        queues.get(deliver.channel()).add(element);
    }

    /**
     * The next element to handle, round-robin over the channels, or null when none is ready; its
     * channel is {@link #channel()}. A batch taken returns its credit. A barrier comes out only when
     * it is complete over all channels (once, from the channel that completed it).
     */
    StreamElement poll() {
        int channels = queues.size();
        for (int scanned = 0; scanned < channels; ) {
            int candidate = (next + scanned) % channels;
            StreamElement element = queues.get(candidate).poll();
            if (element == null) {
                scanned++;
                continue;
            }
            next = (candidate + 1) % channels;
            channel = candidate;
            if (element instanceof Batch) {
                queuedBatches--;
                returnCredit(candidate);
            } else if (element == EndOfInput.INSTANCE) {
                endedChannels++;
            } else if (element instanceof CheckpointBarrier barrier && !completes(barrier)) {
                scanned = 0; // consumed; look further
                continue;
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
        return endedChannels == queues.size();
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

    /** Records the barrier of one channel; true when every channel has delivered it. */
    private boolean completes(CheckpointBarrier barrier) {
        int delivered = barrierChannels.merge(barrier.id(), 1, Integer::sum);
        if (delivered < queues.size()) {
            return false;
        }
        barrierChannels.headMap(barrier.id(), true).clear();
        return true;
    }

    private void returnCredit(int channel) {
        Upstream upstream = upstreams.get(channel);
        if (upstream != null) {
            upstream.sender().tell(new TaskCommand.Credit(upstream.senderChannel(), 1, self));
        }
    }
}
