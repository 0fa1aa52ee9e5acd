package io.sabot.actors.runtime;

import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.StreamElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;

/**
 * The receiving side of a task: one queue per input channel. It grants each upstream sender a
 * fixed number of credits and returns one whenever a batch has been consumed, so a channel never
 * holds more batches than that. Arriving batches move into this task's allocator.
 */
final class InputGate {

    /** Where a channel's credits go: the upstream task and its output channel index. */
    record Upstream(RecipientRef<TaskCommand> sender, int senderChannel) {}

    private final List<Upstream> upstreams;
    private final List<ArrayDeque<StreamElement>> queues;
    private final BufferAllocator allocator;
    private final int credits;
    private int next;
    private long queuedBatches;

    InputGate(List<Upstream> upstreams, int credits, BufferAllocator allocator) {
        this.upstreams = upstreams;
        this.queues = new ArrayList<>(upstreams.size());
        for (int i = 0; i < upstreams.size(); i++) {
            queues.add(new ArrayDeque<>());
        }
        this.credits = credits;
        this.allocator = allocator;
    }

    int channels() {
        return queues.size();
    }

    /** Grants the initial credits; tells every upstream where to send. */
    void open(ActorRef<TaskCommand> self) {
        for (int i = 0; i < upstreams.size(); i++) {
            Upstream upstream = upstreams.get(i);
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

    /** A channel with a queued element, round-robin over channels, or -1 if all are empty. */
    int nextChannel() {
        int channels = queues.size();
        for (int i = 0; i < channels; i++) {
            int channel = (next + i) % channels;
            if (!queues.get(channel).isEmpty()) {
                next = (channel + 1) % channels;
                return channel;
            }
        }
        return -1;
    }

    StreamElement take(int channel) {
        StreamElement element = queues.get(channel).poll();
        if (element instanceof Batch) {
            queuedBatches--;
        }
        return element;
    }

    /** A batch from {@code channel} has been consumed: the sender may send another. */
    void consumed(int channel, ActorRef<TaskCommand> self) {
        Upstream upstream = upstreams.get(channel);
        if (upstream != null) {
            upstream.sender().tell(new TaskCommand.Credit(upstream.senderChannel(), 1, self));
        }
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
}
