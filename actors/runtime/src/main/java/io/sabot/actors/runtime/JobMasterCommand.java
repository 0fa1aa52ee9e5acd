package io.sabot.actors.runtime;

import io.sabot.actors.serialization.ControlMessage;
import io.sabot.checkpointing.CheckpointCoordinator;
import io.sabot.checkpointing.CheckpointStorage;
import io.sabot.checkpointing.TaskSnapshot;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
/** What a job master receives from its tasks and its client, and its {@link JobSupervisor} from it. */
public sealed interface JobMasterCommand extends ControlMessage {

    /**
     * A task finished its input; {@code finalSnapshot} stands for it in every later checkpoint. A sink
     * stays until the final checkpoint completes, commits, then reports {@link TaskCommitted}.
     */
    record TaskFinished(TaskId task, TaskStats stats, TaskSnapshot finalSnapshot) implements JobMasterCommand {}

    /** A sink committed the final checkpoint: its output is complete. */
    record TaskCommitted(TaskId task) implements JobMasterCommand {}

    /** A task took its part of checkpoint {@code checkpointId}. */
    record AcknowledgeCheckpoint(TaskId task, long checkpointId, TaskSnapshot snapshot) implements JobMasterCommand {}

    /** A task could not take its part of checkpoint {@code checkpointId}. */
    record DeclineCheckpoint(TaskId task, long checkpointId, String reason) implements JobMasterCommand {}

    /** From the job's checkpoint coordinator. */
    record FromCoordinator(CheckpointCoordinator.Event event) implements JobMasterCommand {}

    /** To itself: the job's latest checkpoint was read (empty: none), or could not be ({@code failure}). */
    record CheckpointLoaded(Optional<CheckpointStorage.Restored> checkpoint, String failure) implements JobMasterCommand {}

    /** {@code message} is what a user reads; {@code stackTrace} goes to the log. Both cross nodes as text. */
    /** {@code cause}: the task's exception, serialized ({@link FailureCause}). */
    record TaskFailed(TaskId task, String message, String stackTrace, byte[] cause) implements JobMasterCommand {}

    record TaskCancelled(TaskId task) implements JobMasterCommand {}

    /**
     * Task {@code task} failed because it could not send a restarted receiver its input again (it
     * kept too little): it restarts too, from the same checkpoint, without a decision or delay of its
     * own (it is not counted as another restart).
     */
    record OutputNotKept(TaskId task, String reason) implements JobMasterCommand {}

    /** A task received its {@code Deploy}: the master watches {@code ref}, so a task that dies silently is a failure. */
    record TaskStarted(TaskId task, ActorRef<TaskCommand> ref) implements JobMasterCommand {}

    /** To itself (DeathWatch): the actor of {@code task} stopped; {@code recheck}: seen once, looked at again behind the task's last messages. */
    record TaskStopped(TaskId task, boolean recheck) implements JobMasterCommand {}

    /** To itself: tasks that have not reported their start by now have failed. */
    enum StartTimeout implements JobMasterCommand { INSTANCE }

    /**
     * From a job master to its {@link JobSupervisor}: the attempt ended with {@code result};
     * {@code restartable}: it failed in a way a restart may mend (not cancelled, not unrestorable).
     */
    record AttemptEnded(JobResult result, boolean restartable) implements JobMasterCommand {}

    /**
     * From a job master to its {@link JobSupervisor}, before the barrier goes out: checkpoint
     * {@code checkpointId} was triggered. The next attempt numbers its checkpoints after it, so no
     * id is used twice in a run, even while a failed attempt's snapshot writes are still finishing.
     */
    record CheckpointTriggered(long checkpointId) implements JobMasterCommand {}

    /**
     * From a job master to its {@link JobSupervisor}: a task failed with {@code error} and the master
     * restarts it and the tasks downstream of it (partial restart) if the supervisor agrees
     * ({@link RestartDecided}).
     */
    record TasksFailed(String error) implements JobMasterCommand {}

    /**
     * From a job supervisor to its master: restart the failed tasks after {@code delayMillis}, or (with
     * {@code gaveUp} not null, saying why) give up: the job fails.
     */
    record RestartDecided(long delayMillis, String gaveUp) implements JobMasterCommand {}

    /**
     * To a job master itself: the checkpoint coordinator stores no checkpoint any more, tasks restore
     * from the last one; or ({@code finalStarted}) its final checkpoint had started: no task restarts alone.
     */
    record RestartPointReached(boolean finalStarted) implements JobMasterCommand {}

    /** To a job master itself: the restart delay of the failed tasks has passed. */
    enum TasksRestartDue implements JobMasterCommand { INSTANCE }

    /**
     * To a job master itself: the failed tasks restore from {@code restored} (null: a fresh start) as
     * attempt {@code attempt}; or {@code failure} says why they cannot.
     */
    record TasksRestoring(CheckpointStorage.Restored restored, int attempt, String failure) implements JobMasterCommand {}

    /** To a job supervisor itself: the backoff has passed, start the next attempt. */
    enum RestartDue implements JobMasterCommand { INSTANCE }

    /** The checkpoint storage numbered the next attempt ({@code failure}: it could not; then {@code attempt} is 0). */
    record AttemptNumbered(int attempt, String failure) implements JobMasterCommand {}

    /** To a job supervisor itself (DeathWatch): its job master stopped; {@code recheck}: seen once, looked at again behind its last messages. */
    record MasterStopped(ActorRef<JobMasterCommand> master, boolean recheck) implements JobMasterCommand {}

    /** Trigger a checkpoint now, whatever the interval. */
    enum TriggerCheckpoint implements JobMasterCommand { INSTANCE }

    /** Takes a savepoint into a new directory under {@code parent}; {@code replyTo} hears where. */
    record TriggerSavepoint(String parent, ActorRef<CheckpointCoordinator.SavepointResult> replyTo) implements JobMasterCommand {}

    /** A source emitted barrier {@code checkpointId} after {@code offset} rows. */
    record BarrierInjected(TaskId task, long checkpointId, long offset) implements JobMasterCommand {}

    /** A sink received checkpoint barrier {@code checkpointId} on all of its inputs. */
    record BarrierReached(TaskId task, long checkpointId, long rowsBefore) implements JobMasterCommand {}

    record CancelJob(String reason) implements JobMasterCommand {}

    /** To itself: the finished job's checkpoints are discarded. */
    enum CheckpointsDiscarded implements JobMasterCommand { INSTANCE }

    /** To itself: cancelled tasks did not all answer in time. */
    enum CancelTimeout implements JobMasterCommand { INSTANCE }
}
