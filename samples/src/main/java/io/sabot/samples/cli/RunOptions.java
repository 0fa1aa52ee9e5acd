package io.sabot.samples.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sabot.actors.api.Source;
import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobGraph;
import io.sabot.actors.io.PacedSource;
import io.sabot.actors.runtime.JobResult;
import io.sabot.supervision.SupervisionStrategy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What every job command takes about how it runs (a picocli mixin): checkpoints, savepoints, pacing, supervision. */
final class RunOptions {

    /** How long a stop with a savepoint may take before the process exits without one. */
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(5);

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Keep checkpoints here; run again with the same directory after a crash and the job resumes"
                    + " where its last checkpoint was, its output exactly once (default: none kept).")
    Path dir;

    @Option(names = "--checkpoint-interval", converter = Durations.class, paramLabel = "DURATION",
            description = "Checkpoint this often, e.g. 1s (default: only the final checkpoint at the end of the input).")
    Duration interval;

    @Option(names = "--max-rows-per-second", defaultValue = "0", paramLabel = "N",
            description = "Read the input at most this fast, e.g. to replay market data at its pace (default: unpaced).")
    long maxRowsPerSecond;

    @Option(names = "--from-savepoint", paramLabel = "DIR",
            description = "Start from this savepoint (also with another --parallelism). A job that has a newer checkpoint"
                    + " of its own in --checkpoint-dir resumes from that instead.")
    Path fromSavepoint;

    @Option(names = "--stop-with-savepoint", paramLabel = "DIR",
            description = "On SIGTERM or Ctrl-C, stop the job with a savepoint in a new directory under DIR (printed),"
                    + " to start again with --from-savepoint. Needs --checkpoint-dir.")
    Path stopWithSavepoint;

    @Option(names = "--supervision", defaultValue = "one-for-all", paramLabel = "STRATEGY",
            description = "What restarts when a task fails: one-for-all, the whole job from its last checkpoint (default);"
                    + " rest-for-one, the failed task and every task downstream of it; one-for-one, the failed task"
                    + " alone where that is exact (a sink, an agent with one input channel), else as rest-for-one."
                    + " The last two need --checkpoint-dir.")
    String supervision;

    @Option(names = "--restart-strategy", paramLabel = "TYPE",
            description = "When a failed job restarts: exponential-delay (default with --checkpoint-dir: 1 s, x1.5, up to"
                    + " 1 min), fixed-delay, failure-rate or none (default without --checkpoint-dir).")
    String restartStrategy;

    @Option(names = "--restart-attempts", paramLabel = "N",
            description = "fixed-delay: restarts before the job fails (default 1); failure-rate: failures per minute.")
    Integer restartAttempts;

    @Option(names = "--restart-delay", converter = Durations.class, paramLabel = "DURATION",
            description = "Wait before a restart (exponential-delay: the first wait; default 1s).")
    Duration restartDelay;

    @Option(names = "--inject-failures", paramLabel = "P",
            description = "Test that the job survives failures: each agent subtask throws on a batch with probability P.")
    Double injectFailures;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of --inject-failures (default 1).")
    long seed;

    @Option(names = "--fail-once", paramLabel = "TASK:BATCH",
            description = "Measure one recovery: agent subtask TASK (vertex/subtask, e.g. ewma/0) throws once, after its"
                    + " batch BATCH.")
    String failOnce;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private final ClusterNode cluster; // null: an embedded single node
    private volatile Path savepointTaken;

    /** Options of a job that runs on an embedded single node. */
    RunOptions() {
        this(null);
    }

    /** Options of a job that runs on the cluster {@code sabot node} joins ({@link SabotCli#runOnCluster}). */
    RunOptions(ClusterNode cluster) {
        this.cluster = cluster;
    }

    /** The job runs on a cluster of several nodes ({@code sabot node}): its files are shared, its output part files. */
    boolean onCluster() {
        return cluster != null;
    }

    /**
     * Submits {@code graph} to {@code node}, from {@code --from-savepoint} if given. With
     * {@code --stop-with-savepoint}, a shutdown hook (SIGTERM, Ctrl-C) stops the running job with a
     * savepoint and waits until it has stopped.
     */
    JobHandle submit(SabotNode node, JobGraph graph) {
        PrintWriter err = spec.commandLine().getErr();
        JobHandle handle;
        if (cluster != null) {
            err.println("waiting for " + cluster.minNodes() + " cluster member(s)...");
            err.flush();
            node.awaitMembers(cluster.minNodes(), cluster.joinTimeout());
            handle = node.join(graph, fromSavepoint);
        } else {
            handle = node.submit(graph, SabotNode.jobIdOf(graph), fromSavepoint);
        }
        if (stopWithSavepoint != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node, handle, err), "stop-with-savepoint"));
        }
        return handle;
    }

    private void stop(SabotNode node, JobHandle handle, PrintWriter err) {
        if (handle.result().toCompletableFuture().isDone()) {
            return; // the job ended by itself: nothing to stop
        }
        try {
            Path savepoint = node.savepoint(handle, stopWithSavepoint).toCompletableFuture()
                    .get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            savepointTaken = savepoint; // before the cancel ends the job: the command must not call it a failure
            node.cancel(handle, "stopped with savepoint " + savepoint);
            handle.result().toCompletableFuture().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            err.println("stopped with a savepoint: " + savepoint + "\n(start again with --from-savepoint " + savepoint + ")");
        } catch (ExecutionException e) {
            err.println("error: the job was not stopped with a savepoint: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            err.println("error: the job was not stopped with a savepoint within " + STOP_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.flush();
    }

    /**
     * How a command ends whose job ended with {@code result} ({@code what}: "the demo job"): empty if
     * it succeeded; 0 if {@code --stop-with-savepoint} stopped it (the stop hook said where the
     * savepoint is); else 1, after one error line ({@link JobFailure}) and the log file. A job that
     * succeeded after restarts says so on the error stream.
     */
    OptionalInt unsuccessful(JobResult result, String what) {
        if (savepointTaken != null) {
            return OptionalInt.of(0);
        }
        if (result.succeeded()) {
            if (result.restarts() > 0) {
                spec.commandLine().getErr().println(what + " restarted " + result.restarts() + " time(s) after failures,"
                        + " each from its last checkpoint (" + LogFile.details() + ")");
            }
            return OptionalInt.empty();
        }
        spec.commandLine().getErr().println("error: " + JobFailure.describe(what, result.error(), spec)
                + "\n(" + LogFile.details() + ")");
        return OptionalInt.of(1);
    }

    /**
     * After a command's summary: when its job resumed from a checkpoint (after a crash or a restart),
     * says that the counts are of the rows after it, not of the whole input.
     */
    void noteIfResumed(JobResult result) {
        if (result.resumedFrom() >= 0) {
            spec.commandLine().getOut().println("(the counts are of the rows after checkpoint " + result.resumedFrom()
                    + ", where the run resumed; the output holds all of them)");
        }
    }

    /** {@code source}, paced as {@code --max-rows-per-second} says. */
    Source paced(Source source) {
        return PacedSource.of(source, maxRowsPerSecond);
    }

    /** Checkpoints are kept ({@code --checkpoint-dir}): a run after a failure may resume from them. */
    boolean keepsCheckpoints() {
        return dir != null;
    }

    /**
     * The node settings they make: {@code sabot.checkpoint.dir} and {@code .interval}; no node
     * shutdown hook when stopping with a savepoint. Checks the options first.
     */
    Config nodeConfig() {
        if (stopWithSavepoint != null && dir == null) {
            throw new ParameterException(spec.commandLine(),
                    "--stop-with-savepoint needs --checkpoint-dir (a savepoint is a copy of a checkpoint)");
        }
        if (cluster != null && dir == null) {
            throw new ParameterException(spec.commandLine(), "on a cluster (sabot node) the job needs --checkpoint-dir, a"
                    + " directory every node reaches: a lost node's work restarts from the last checkpoint there");
        }
        Map<String, Object> settings = new HashMap<>();
        if (dir != null) {
            settings.put("sabot.checkpoint.dir", dir.toAbsolutePath().toString());
        }
        if (interval != null) {
            settings.put("sabot.checkpoint.interval", interval.toMillis() + "ms");
        }
        if (stopWithSavepoint != null) {
            // the stop hook takes the savepoint first; the node must not shut down beside it
            settings.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
        }
        supervisionSettings(settings);
        Config config = ConfigFactory.parseMap(settings);
        return cluster == null ? config : config.withFallback(cluster.config());
    }

    /** {@code sabot.supervision} and {@code sabot.restart-strategy} from the options, checked. */
    private void supervisionSettings(Map<String, Object> settings) {
        SupervisionStrategy strategy;
        try {
            strategy = SupervisionStrategy.parse(supervision);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--supervision: " + e.getMessage());
        }
        if (strategy != SupervisionStrategy.ONE_FOR_ALL && dir == null) {
            throw new ParameterException(spec.commandLine(), "--supervision " + supervision + " needs --checkpoint-dir:"
                    + " restarted tasks restore from a stored checkpoint");
        }
        settings.put("sabot.supervision.strategy", supervision);
        if (restartStrategy != null) {
            if (!List.of("none", "fixed-delay", "failure-rate", "exponential-delay").contains(restartStrategy)) {
                throw new ParameterException(spec.commandLine(), "--restart-strategy: unknown '" + restartStrategy
                        + "' (one of none, fixed-delay, failure-rate, exponential-delay)");
            }
            settings.put("sabot.restart-strategy.type", restartStrategy);
        }
        if (restartAttempts != null) {
            if (restartAttempts < 1) {
                throw new ParameterException(spec.commandLine(), "--restart-attempts must be at least 1, was " + restartAttempts);
            }
            settings.put("sabot.restart-strategy.fixed-delay.attempts", restartAttempts);
            settings.put("sabot.restart-strategy.failure-rate.max-failures-per-interval", restartAttempts);
        }
        if (restartDelay != null) {
            if (restartDelay.isZero()) {
                throw new ParameterException(spec.commandLine(), "--restart-delay must be positive");
            }
            String delay = restartDelay.toMillis() + "ms";
            settings.put("sabot.restart-strategy.fixed-delay.delay", delay);
            settings.put("sabot.restart-strategy.failure-rate.delay", delay);
            settings.put("sabot.restart-strategy.exponential-delay.initial-backoff", delay);
            settings.put("sabot.restart-strategy.exponential-delay.max-backoff",
                    Math.max(restartDelay.toMillis(), 60_000) + "ms");
        }
        if (failOnce != null) {
            String[] parts = failOnce.split(":", -1);
            if (parts.length != 2 || !parts[0].matches("[^/]+/\\d+") || !parts[1].matches("[1-9]\\d{0,17}")) {
                throw new ParameterException(spec.commandLine(), "--fail-once must be vertex/subtask:batch (e.g. ewma/0:100),"
                        + " was '" + failOnce + "'");
            }
            settings.put("sabot.supervision.inject-failures.once-task", parts[0]);
            settings.put("sabot.supervision.inject-failures.once-at-batch", Long.parseLong(parts[1]));
        }
        if (injectFailures != null) {
            if (!(injectFailures >= 0 && injectFailures <= 1)) {
                throw new ParameterException(spec.commandLine(), "--inject-failures must be between 0 and 1, was "
                        + injectFailures);
            }
            settings.put("sabot.supervision.inject-failures.probability", injectFailures);
            settings.put("sabot.supervision.inject-failures.seed", seed);
        }
    }
}
