package io.sabot.actors.runtime;

import io.sabot.actors.serialization.ControlMessage;
/** What a job master receives from its tasks and its client. */
public sealed interface JobMasterCommand extends ControlMessage {

    record TaskFinished(TaskId task, TaskStats stats) implements JobMasterCommand {}

    /** {@code message} is what a user reads; {@code stackTrace} goes to the log. Both cross nodes as text. */
    record TaskFailed(TaskId task, String message, String stackTrace) implements JobMasterCommand {}

    record TaskCancelled(TaskId task) implements JobMasterCommand {}

    /** Inject checkpoint barrier {@code checkpointId} at every source (the coordinator's trigger). */
    record TriggerBarrier(long checkpointId) implements JobMasterCommand {}

    /** A source emitted barrier {@code checkpointId} after {@code offset} rows. */
    record BarrierInjected(TaskId task, long checkpointId, long offset) implements JobMasterCommand {}

    /** A sink received checkpoint barrier {@code checkpointId} on all of its inputs. */
    record BarrierReached(TaskId task, long checkpointId, long rowsBefore) implements JobMasterCommand {}

    record CancelJob(String reason) implements JobMasterCommand {}

    /** To itself: cancelled tasks did not all answer in time. */
    enum CancelTimeout implements JobMasterCommand { INSTANCE }
}
