package io.sabot.actors.runtime;

import io.sabot.actors.graph.VertexSpec;
import io.sabot.actors.stream.CheckpointBarrier;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Runs one job: deploys every task, waits for all of them to finish, and answers with the result.
 * When a task fails it cancels the others, waits (bounded) until they have discarded their output,
 * then reports the first failure.
 */
public final class JobMaster {

    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);

    private final ExecutionPlan plan;
    private final ActorContext<JobMasterCommand> context;
    private final TaskServices services;
    private final ActorRef<JobResult> replyTo;
    private final long startNanos = System.nanoTime();
    private final Set<TaskId> running = new LinkedHashSet<>();
    private final Map<String, TaskStats> stats = new HashMap<>();
    private final List<TaskId> sources;
    private final BarrierProgress barriers;

    private JobMaster(ExecutionPlan plan, int attempt, ActorContext<JobMasterCommand> context, TaskServices services,
                      ActorRef<JobResult> replyTo) {
        this.plan = plan;
        this.context = context;
        this.services = services;
        this.replyTo = replyTo;
        this.running.addAll(plan.tasks(attempt));
        this.sources = running.stream()
                .filter(t -> plan.graph().vertex(t.vertex()) instanceof VertexSpec.SourceVertex).toList();
        int sinks = (int) running.stream()
                .filter(t -> plan.graph().vertex(t.vertex()) instanceof VertexSpec.SinkVertex).count();
        this.barriers = new BarrierProgress(sources.size(), sinks);
    }

    /**
     * Deploys every task of attempt {@code attempt} of {@code plan} (a number the job's earlier
     * attempts on this cluster did not use) and answers {@code replyTo} when the job has ended.
     */
    public static Behavior<JobMasterCommand> create(ExecutionPlan plan, int attempt, TaskServices services,
                                                    ActorRef<JobResult> replyTo) {
        return Behaviors.setup(context -> {
            JobMaster master = new JobMaster(plan, attempt, context, services, replyTo);
            context.getLog().info("job {} ({}) starts {} tasks", plan.graph().name(), plan.jobId(), master.running.size());
            for (TaskId task : master.running) {
                services.task(task).tell(new TaskCommand.Deploy(context.getSelf()));
            }
            return master.running();
        });
    }

    private Behavior<JobMasterCommand> running() {
        return Behaviors.receive(JobMasterCommand.class)
                .onMessage(JobMasterCommand.TaskFinished.class, finished -> {
                    onFinished(finished);
                    if (running.isEmpty()) {
                        return complete(null);
                    }
                    return Behaviors.same();
                })
                .onMessage(JobMasterCommand.TaskFailed.class, failed -> {
                    context.getLog().error("job {}: task {} failed: {}\n{}", plan.graph().name(), failed.task(),
                            failed.message(), failed.stackTrace());
                    running.remove(failed.task());
                    return cancelAll(failed.task() + ": " + failed.message());
                })
                .onMessage(JobMasterCommand.TriggerBarrier.class, trigger -> {
                    CheckpointBarrier barrier = new CheckpointBarrier(trigger.checkpointId(), System.currentTimeMillis(),
                            CheckpointBarrier.CheckpointKind.CHECKPOINT);
                    sources.forEach(t -> services.task(t).tell(new TaskCommand.InjectBarrier(barrier)));
                    return Behaviors.same();
                })
                .onMessage(JobMasterCommand.BarrierInjected.class, injected -> {
                    barriers.injected(injected.checkpointId(), injected.offset());
                    return Behaviors.same();
                })
                .onMessage(JobMasterCommand.BarrierReached.class, reached -> {
                    barriers.reached(reached.checkpointId(), reached.rowsBefore());
                    return Behaviors.same();
                })
                .onMessage(JobMasterCommand.CancelJob.class, cancel -> cancelAll("cancelled: " + cancel.reason()))
                .onAnyMessage(message -> Behaviors.same())
                .build();
    }

    private Behavior<JobMasterCommand> cancelAll(String error) {
        if (running.isEmpty()) {
            return complete(error);
        }
        for (TaskId task : running) {
            services.task(task).tell(new TaskCommand.Cancel(error));
        }
        return Behaviors.withTimers(timers -> cancelling(error, timers));
    }

    private Behavior<JobMasterCommand> cancelling(String error, TimerScheduler<JobMasterCommand> timers) {
        timers.startSingleTimer(JobMasterCommand.CancelTimeout.INSTANCE, CANCEL_TIMEOUT);
        return Behaviors.receive(JobMasterCommand.class)
                .onMessage(JobMasterCommand.TaskCancelled.class, cancelled -> settle(cancelled.task(), error))
                .onMessage(JobMasterCommand.TaskFinished.class, finished -> settle(finished.task(), error))
                .onMessage(JobMasterCommand.TaskFailed.class, failed -> settle(failed.task(), error))
                .onMessageEquals(JobMasterCommand.CancelTimeout.INSTANCE, () -> {
                    context.getLog().warn("job {}: tasks {} did not confirm cancellation within {}",
                            plan.graph().name(), running, CANCEL_TIMEOUT);
                    return complete(error);
                })
                .onAnyMessage(message -> Behaviors.same())
                .build();
    }

    private Behavior<JobMasterCommand> settle(TaskId task, String error) {
        running.remove(task);
        return running.isEmpty() ? complete(error) : Behaviors.same();
    }

    private void onFinished(JobMasterCommand.TaskFinished finished) {
        running.remove(finished.task());
        stats.merge(finished.task().vertex(), finished.stats(), TaskStats::plus);
    }

    private Behavior<JobMasterCommand> complete(String error) {
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        if (error == null) {
            context.getLog().info("job {} ({}) finished in {} ms", plan.graph().name(), plan.jobId(), duration.toMillis());
        }
        replyTo.tell(new JobResult(plan.jobId(), plan.graph().name(), error == null, error, duration,
                Map.copyOf(stats), barriers.complete()));
        return Behaviors.stopped();
    }
}
