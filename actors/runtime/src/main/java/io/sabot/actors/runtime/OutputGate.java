package io.sabot.actors.runtime;

import io.sabot.actors.agent.AgentRunner;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.StreamElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The sending side of a task: partitions batches over output channels and sends them under
 * credit-based flow control, as Flink's network stack does. A channel may have at most as many
 * batches in flight as its receiver has granted credits; what cannot be sent waits in the
 * channel's backlog, in order, and the task stops consuming input while any backlog is non-empty.
 * Control elements (watermarks, barriers, end of input) need no credit but never overtake batches.
 * A batch for a task on another node larger than one message may be ({@link RuntimeSettings#remoteBatchBytes})
 * goes as consecutive slices, each under its own credit.
 *
 * <p>Partial restarts. With an {@link OutputRetention} the gate keeps what each channel sent since
 * the last completed checkpoint. A credit from a newer attempt of a channel's receiver means it was
 * restarted from a checkpoint: the channel's backlog is replaced by what it sent after that
 * checkpoint's barrier, under the new receiver's credits; credits of older attempts are ignored.
 * Every element goes with its {@link ChannelPosition}: numbered from 0 after each barrier (and after
 * the checkpoint the task started from; barriers are not counted), so that a receiver drops what a
 * restarted sender sends again ({@link ReceivedPositions}).
 */
final class OutputGate implements AgentRunner.Output {

    /** Credits for a receiver that does not do flow control (a plain actor). */
    static final int UNBOUNDED = Integer.MAX_VALUE;

    /**
     * One output edge: its partitioner, the gate channels it owns, and the output it carries (null:
     * the main output; else a side output's tag id).
     */
    record Edge(Partitioner partitioner, int firstChannel, String outputTag) {}

    /** An element waiting to be sent, with its position. */
    private record Outgoing(StreamElement element, ChannelPosition position) {}

    private static final class Channel {
        final int receiverChannel;
        ActorRef<TaskCommand> receiver;
        boolean remote; // the receiver is on another node: its batches are serialized
        int receiverAttempt = -1; // -1: no credit yet
        int credits;
        long since; // the checkpoint whose barrier the channel sent last (or the task started from)
        long seq;   // the next element's number after it
        final ArrayDeque<Outgoing> backlog = new ArrayDeque<>();

        Channel(int receiverChannel, ActorRef<TaskCommand> receiver, int credits, long since) {
            this.receiverChannel = receiverChannel;
            receiveBy(receiver);
            this.credits = credits;
            this.since = since;
        }

        /** Numbers {@code element} in this channel's stream, in order, as sent by attempt {@code attempt}. */
        Outgoing number(StreamElement element, int attempt) {
            ChannelPosition position = new ChannelPosition(attempt, since, seq, 0, true);
            if (element instanceof CheckpointBarrier barrier) {
                since = barrier.id();
                seq = 0;
            } else {
                seq++;
            }
            return new Outgoing(element, position);
        }

        void receiveBy(ActorRef<TaskCommand> receiver) {
            this.receiver = receiver;
            this.remote = receiver != null && !receiver.path().address().hasLocalScope();
        }
    }

    private final List<Edge> edges;
    private final Channel[] channels;
    private final BufferAllocator allocator;
    private final BufferAllocator exchange;
    private final TaskMetrics metrics;
    private final long remoteBatchBytes;
    private final OutputRetention retention; // null: keeps nothing, a restarted receiver cannot be sent to again
    private final int attempt; // the task's, in the positions it sends
    private int backlogged;

    /**
     * @param receiverChannels input channel index at the receiver, per gate channel
     * @param receivers        receiver per gate channel if known up front (else null until its first credit)
     * @param initialCredits   credits per channel before the receiver grants any
     * @param remoteBatchBytes the largest batch sent to another node in one message
     * @param attempt          the task's attempt, and {@code restoredFrom} the checkpoint it started from (-1: from
     *                         the start), which its positions count from
     * @param retention        keeps what was sent for restarted receivers (null: nothing is kept)
     */
    OutputGate(List<Edge> edges, int[] receiverChannels, List<ActorRef<TaskCommand>> receivers, int initialCredits,
               BufferAllocator allocator, BufferAllocator exchange, TaskMetrics metrics, long remoteBatchBytes,
               int attempt, long restoredFrom, OutputRetention retention) {
        this.edges = edges;
        this.channels = new Channel[receiverChannels.length];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = new Channel(receiverChannels[i], receivers.get(i), initialCredits, restoredFrom);
        }
        this.allocator = allocator;
        this.exchange = exchange;
        this.metrics = metrics;
        this.remoteBatchBytes = remoteBatchBytes;
        this.retention = retention;
        this.attempt = attempt;
    }

    /** Partitions {@code batch} (taking ownership) over every edge of the main output. */
    void emit(Batch batch) {
        emit(null, batch);
    }

    /** Partitions {@code batch} (taking ownership) over every edge of output {@code outputTag} (null: main). */
    @Override
    public void emit(String outputTag, Batch batch) {
        int last = -1;
        for (int e = 0; e < edges.size(); e++) {
            if (Objects.equals(edges.get(e).outputTag(), outputTag)) {
                last = e;
            }
        }
        if (batch.rowCount() == 0 || last < 0) {
            batch.close();
            return;
        }
        for (int e = 0; e <= last; e++) {
            Edge edge = edges.get(e);
            if (!Objects.equals(edge.outputTag(), outputTag)) {
                continue;
            }
            // Every edge gets its own copy; the last one takes the original.
            Batch copy = e == last ? batch : batch.copy(allocator);
            edge.partitioner().partition(copy, allocator, (channel, part) -> enqueue(edge.firstChannel() + channel, part));
        }
    }

    /** Sends a control element on every channel. */
    @Override
    public void broadcast(StreamElement element) {
        if (element instanceof Batch) {
            throw new IllegalArgumentException("batches are emitted, not broadcast");
        }
        for (int i = 0; i < channels.length; i++) {
            enqueue(i, element);
        }
    }

    /**
     * Credit from a receiver; from a restarted one (a newer attempt), the channel sends again what it
     * sent after the checkpoint the receiver started from.
     *
     * @throws OutputRetention.NotKept when the channel does not keep that
     */
    void onCredit(TaskCommand.Credit credit) {
        Channel channel = channels[credit.channel()];
        if (credit.attempt() < channel.receiverAttempt) {
            return; // from a receiver that was restarted since
        }
        if (credit.attempt() > channel.receiverAttempt && channel.receiverAttempt >= 0) {
            resend(credit.channel(), channel, credit.restoredFrom());
        }
        channel.receiverAttempt = credit.attempt();
        channel.receiveBy(credit.receiver());
        long credits = (long) channel.credits + credit.credits();
        channel.credits = (int) Math.min(credits, UNBOUNDED);
        flush(channel);
    }

    /** The channel's receiver was restarted from checkpoint {@code restoredFrom}: what it had or still waits for goes again. */
    private void resend(int index, Channel channel, long restoredFrom) {
        if (retention == null) {
            throw new IllegalStateException("the receiver of output channel " + index + " was restarted, but this task"
                    + " keeps no output to send again (its job restarts as a whole)");
        }
        List<StreamElement> again = retention.replay(index, restoredFrom);
        if (channel.backlog.isEmpty()) {
            backlogged++;
        }
        channel.backlog.forEach(OutputGate::release);
        channel.backlog.clear();
        channel.since = restoredFrom; // numbered as they were the first time, after that checkpoint
        channel.seq = 0;
        again.forEach(element -> channel.backlog.add(channel.number(element, attempt)));
        channel.credits = 0;
        if (channel.backlog.isEmpty()) {
            backlogged--;
        }
    }

    /** Checkpoint {@code checkpointId} completed: its receivers will never restart from before it. */
    void checkpointComplete(long checkpointId) {
        if (retention != null) {
            retention.completed(checkpointId);
        }
    }

    /** True when this gate keeps its output for restarted receivers. */
    boolean retains() {
        return retention != null;
    }

    /** True while some channel holds elements it may not send yet: stop producing. */
    boolean hasBacklog() {
        return backlogged > 0;
    }

    /** Frees every batch not yet sent and everything kept (the task ends or is cancelled). */
    void discard() {
        for (Channel channel : channels) {
            channel.backlog.forEach(OutputGate::release);
            channel.backlog.clear();
        }
        backlogged = 0;
        if (retention != null) {
            retention.discard();
        }
    }

    private static void release(Outgoing outgoing) {
        if (outgoing.element() instanceof Batch batch) {
            batch.close();
        }
    }

    private void enqueue(int index, StreamElement element) {
        if (retention != null) {
            retention.add(index, element);
        }
        Channel channel = channels[index];
        if (channel.backlog.isEmpty()) {
            backlogged++;
        }
        channel.backlog.add(channel.number(element, attempt));
        flush(channel);
    }

    private void flush(Channel channel) {
        if (channel.backlog.isEmpty() || channel.receiver == null) {
            return;
        }
        while (!channel.backlog.isEmpty()) {
            Outgoing head = channel.backlog.peek();
            ChannelPosition position = head.position();
            if (head.element() instanceof Batch batch) {
                if (channel.credits == 0) {
                    return;
                }
                long bytes = channel.remote ? batch.wireBytes() : 0;
                if (bytes > remoteBatchBytes) {
                    sliceHead(channel, batch, position, bytes);
                    continue;
                }
                if (channel.credits != UNBOUNDED) {
                    channel.credits--;
                }
                metrics.addOut(batch.rowCount());
                if (channel.remote) {
                    // as bytes: a message to a node that is lost is dropped by Artery, and with it no Arrow memory
                    channel.receiver.tell(new TaskCommand.DeliverEncoded(channel.receiverChannel, DeliverSerializer.encode(batch),
                            position));
                } else {
                    // In flight the batch belongs to the node's exchange allocator, so this task can
                    // finish (and close its allocator) while the receiver has not taken it yet.
                    channel.receiver.tell(new TaskCommand.Deliver(channel.receiverChannel, batch.transferTo(exchange), position));
                }
            } else {
                channel.receiver.tell(new TaskCommand.Deliver(channel.receiverChannel, head.element(), position));
            }
            channel.backlog.poll();
        }
        backlogged--;
    }

    /**
     * Replaces the backlog's head, {@code batch} of {@code bytes} on the wire, by slices that each
     * fit one message (rows are about equally wide, so each slice gets its share of the bytes). A
     * single row too large to cross fails the task: Artery would drop it with only a log line, and
     * the channel would stall.
     */
    private void sliceHead(Channel channel, Batch batch, ChannelPosition position, long bytes) {
        int rows = batch.rowCount();
        if (rows == 1) {
            throw new IllegalStateException("a row of " + bytes + " bytes (with its dictionaries) cannot be sent to "
                    + channel.receiver.path() + " on another node: one message holds at most " + remoteBatchBytes
                    + " bytes; raise pekko.remote.artery.advanced.maximum-frame-size");
        }
        int slices = (int) Math.min(rows, (bytes + remoteBatchBytes - 1) / remoteBatchBytes + 1);
        int perSlice = (rows + slices - 1) / slices;
        List<Batch> sliced = new ArrayList<>();
        try {
            for (int from = 0; from < rows; from += perSlice) {
                sliced.add(batch.copyRows(from, Math.min(perSlice, rows - from), allocator));
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            sliced.forEach(Batch::close); // the backlog stays as it was, for discard() to free
            throw e;
        }
        channel.backlog.poll();
        batch.close();
        List<Outgoing> parts = new ArrayList<>(sliced.size()); // one element: its position, and each slice's first row
        int from = 0;
        for (int i = 0; i < sliced.size(); i++) {
            parts.add(new Outgoing(sliced.get(i), new ChannelPosition(position.attempt(), position.since(), position.seq(),
                    position.firstRow() + from, i == sliced.size() - 1 && position.last())));
            from += sliced.get(i).rowCount();
        }
        for (int i = parts.size() - 1; i >= 0; i--) {
            channel.backlog.addFirst(parts.get(i));
        }
    }
}
