package io.sabot.actors.runtime;

import java.util.SplittableRandom;

/**
 * {@code --inject-failures P --seed S}: an agent subtask throws on a batch with probability P, to let
 * users test that their job survives failures. The draws are seeded by S, the task and the attempt,
 * so a run is repeatable and a restarted attempt fails elsewhere (not on the same batch forever).
 * {@code --fail-once TASK:BATCH}: one subtask throws once, after that batch, in attempt 1 (to measure
 * one recovery).
 */
final class FailureInjector {

    private final double probability;
    private final SplittableRandom random;
    private final TaskId task;
    private final long failAtBatch; // 0: never
    private long batches;

    private FailureInjector(double probability, long seed, TaskId task, long failAtBatch) {
        this.probability = probability;
        this.task = task;
        this.failAtBatch = failAtBatch;
        this.random = new SplittableRandom(seed * 1_000_003L + task.taskKey().hashCode() * 31L + task.attempt());
    }

    /** The injector of {@code task}, or null when failures are not injected. */
    static FailureInjector of(SupervisionSettings settings, TaskId task) {
        long failAtBatch = task.attempt() == 1 && task.taskKey().equals(settings.failOnce()) ? settings.failOnceAtBatch() : 0;
        return settings.injectFailures() > 0 || failAtBatch > 0
                ? new FailureInjector(settings.injectFailures(), settings.injectSeed(), task, failAtBatch) : null;
    }

    /** After each batch: throws, with the configured probability, or at the one batch it is to fail at. */
    void afterBatch() {
        batches++;
        if (batches == failAtBatch) {
            throw new InjectedFailure("injected failure in " + task + " (attempt " + task.attempt() + ") at batch "
                    + batches + " (--fail-once)");
        }
        if (random.nextDouble() < probability) {
            throw new InjectedFailure("injected failure in " + task + " (attempt " + task.attempt() + ") at batch "
                    + batches + " (--inject-failures " + probability + ")");
        }
    }

    /** What an injected failure throws: a user can tell it from a real one. */
    static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String message) {
            super(message);
        }
    }
}
