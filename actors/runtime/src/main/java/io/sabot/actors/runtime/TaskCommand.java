package io.sabot.actors.runtime;

import io.sabot.actors.memory.CarriesArrowBuffers;
import io.sabot.actors.serialization.ControlMessage;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.StreamElement;
import io.sabot.checkpointing.TaskSnapshot;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/** Everything a task (source, agent or sink subtask) receives. */
public sealed interface TaskCommand extends ControlMessage {

    /**
     * From the job master: the job is registered on this node; start, restored from {@code restored}
     * (null: a fresh start), with barriers handled in {@code exactlyOnce} (aligned) or at-least-once mode.
     * {@code upstreamAttempts}: the attempt of each upstream task ({@link TaskId#taskKey()}) that is
     * not of this task's attempt (after a partial restart). {@code settledCheckpoint}: every checkpoint
     * up to this id completed or was aborted before the task started (a partial restart aborts those
     * pending): their barriers, which its upstream tasks may send it again, are dropped (-1: none).
     */
    record Deploy(ActorRef<JobMasterCommand> master, RestoredTask restored, boolean exactlyOnce,
                  Map<String, Integer> upstreamAttempts, long settledCheckpoint) implements TaskCommand {
        public Deploy {
            upstreamAttempts = Map.copyOf(upstreamAttempts);
        }

        /** The checkpoint the task starts from, -1 for a fresh start. */
        public long restoredFrom() {
            return restored == null ? -1 : restored.checkpointId();
        }
    }

    /**
     * A stream element on the receiver's input channel {@code channel}, at {@code position} in its
     * sender's stream (null: a barrier, or a sender that does not number its elements).
     */
    record Deliver(int channel, StreamElement element, ChannelPosition position) implements TaskCommand, CarriesArrowBuffers {

        /** An element without a position: always taken. */
        public Deliver(int channel, StreamElement element) {
            this(channel, element, null);
        }

        /** Frees the batch this message carries, if any (it was dropped undelivered). */
        @Override
        public void release() {
            if (element instanceof Batch batch) {
                batch.close();
            }
        }
    }

    /**
     * A batch for a task on another node, already encoded by its sender ({@link DeliverSerializer#encode}):
     * a message Artery drops (its node lost) then holds no Arrow memory. It only ever crosses the
     * wire: the receiving node's serializer turns it into a {@link Deliver} of the batch.
     */
    record DeliverEncoded(int channel, byte[] batch, ChannelPosition position) implements TaskCommand {}

    /**
     * From a receiver: {@code credits} more batches may be sent on the sender's output channel
     * {@code channel}, to {@code receiver}, of attempt {@code attempt}, which started from checkpoint
     * {@code restoredFrom} (-1: a fresh start). The first credit also tells the sender where to send; a
     * credit of a newer attempt says the receiver was restarted (partial restart): the sender sends
     * again what it sent after that checkpoint, then carries on. Credits of older attempts are stale.
     */
    record Credit(int channel, int credits, ActorRef<TaskCommand> receiver, int attempt, long restoredFrom)
            implements TaskCommand {}

    /** For a source: emit this barrier after the batch it is on, and take its part of the checkpoint. */
    record InjectBarrier(CheckpointBarrier barrier) implements TaskCommand {}

    /** Checkpoint {@code checkpointId} is stored: sinks commit what it pre-committed ({@code finalOne}: and finish). */
    record CheckpointComplete(long checkpointId, boolean finalOne) implements TaskCommand {}

    /** Checkpoint {@code checkpointId} was aborted: stop aligning its barriers. */
    record CheckpointAborted(long checkpointId) implements TaskCommand {}

    /** To itself: the keyed state of snapshot {@code checkpointId} was written (or {@code failure}). */
    record SnapshotWritten(long checkpointId, TaskSnapshot snapshot, String failure) implements TaskCommand {}

    /**
     * From the job master: upstream task {@code upstream} was restarted alone (ONE_FOR_ONE) as a new
     * attempt: the input channels it feeds take its credits now, and what it sends again is dropped.
     */
    record UpstreamRestarted(TaskId upstream) implements TaskCommand {}

    /** Stop now and discard output: the job failed or was cancelled. */
    record Cancel(String reason) implements TaskCommand {}

    /** To itself: the processing time it asked to be woken at has come (timers, periodic watermarks). */
    record WakeUp(long time) implements TaskCommand {}

    /** To itself: do the next unit of work (read a batch, drain the inputs). */
    enum Continue implements TaskCommand { INSTANCE }

    /** To itself: no Deploy came (a late message restarted a finished task's entity); passivate. */
    enum DeployTimeout implements TaskCommand { INSTANCE }

    /** From the shard after passivation: stop. */
    enum Stop implements TaskCommand { INSTANCE }
}
