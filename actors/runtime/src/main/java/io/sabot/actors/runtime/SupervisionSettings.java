package io.sabot.actors.runtime;

import com.typesafe.config.Config;
import io.sabot.actors.graph.JobGraph;
import io.sabot.actors.graph.VertexSpec;
import io.sabot.supervision.RestartBackoff;
import io.sabot.supervision.RestartIntensity;
import io.sabot.supervision.SupervisionStrategy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How jobs survive failures ({@code sabot.supervision} and Flink's {@code sabot.restart-strategy}).
 *
 * @param strategy         what restarts when a task fails: ONE_FOR_ALL (the whole job, from its last
 *                         completed checkpoint), REST_FOR_ONE (the failed task and every task downstream
 *                         of it), ONE_FOR_ONE (the failed task alone where exact: {@link RestartScope})
 * @param agentStrategies  the strategy of a task of these agents (by vertex name), over {@code strategy}
 * @param restartStrategy  when a failed job restarts and when it gives up; null: Flink's default,
 *                         exponential-delay when checkpoints are stored, no restart otherwise
 * @param intensity        at most this many restarts within a window (Erlang's limit; unlimited by default)
 * @param startTimeout     a deployed task that has not reported its start by then has failed
 * @param injectFailures   probability that an agent subtask throws on a batch, for testing jobs (0: never)
 * @param injectSeed       seed of the injected failures (with the task and attempt: a restart fails elsewhere)
 * @param retainedBytes    partial restarts: the most bytes of output a task keeps for restarted receivers
 * @param failOnce         one injected failure: this agent subtask ({@code vertex/subtask}; null: none) throws
 *                         after batch {@code failOnceAtBatch}, in attempt 1
 */
public record SupervisionSettings(SupervisionStrategy strategy, Map<String, SupervisionStrategy> agentStrategies,
                                  RestartBackoff restartStrategy, RestartIntensity intensity,
                                  Duration startTimeout, double injectFailures, long injectSeed,
                                  long retainedBytes, String failOnce, long failOnceAtBatch) {

    public SupervisionSettings {
        agentStrategies = Map.copyOf(agentStrategies);
        if (failOnce != null && !failOnce.matches("[^/]+/\\d+")) {
            throw new IllegalArgumentException("sabot.supervision.inject-failures.once-task must be vertex/subtask, was '"
                    + failOnce + "'");
        }
        if (failOnceAtBatch < 1) {
            throw new IllegalArgumentException("sabot.supervision.inject-failures.once-at-batch must be at least 1, was "
                    + failOnceAtBatch);
        }
        if (retainedBytes < 1) {
            throw new IllegalArgumentException("sabot.supervision.retained-bytes must be positive, was " + retainedBytes);
        }
        if (!(injectFailures >= 0 && injectFailures <= 1)) {
            throw new IllegalArgumentException("sabot.supervision.inject-failures.probability must be between 0 and 1, was "
                    + injectFailures);
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("sabot.supervision.start-timeout must be positive, was " + startTimeout);
        }
    }

    /** The restart strategy of a job whose checkpoints are ({@code stored}) or are not kept. */
    public RestartBackoff restartStrategy(boolean stored) {
        if (restartStrategy != null) {
            return restartStrategy;
        }
        return stored ? RestartBackoff.DEFAULT : new RestartBackoff.NoRestart();
    }

    /** The strategy when a task of vertex {@code vertex} fails. */
    public SupervisionStrategy strategyFor(String vertex) {
        return agentStrategies.getOrDefault(vertex, strategy);
    }

    /**
     * Refuses a per-agent strategy or a one-time failure ({@code failOnce}) that names no agent (subtask)
     * of {@code job}.
     */
    public SupervisionSettings checkFor(JobGraph job) {
        List<String> agents = job.vertices().stream().filter(v -> v instanceof VertexSpec.AgentVertex).map(VertexSpec::name).toList();
        for (String vertex : agentStrategies.keySet()) {
            if (!agents.contains(vertex)) {
                throw new IllegalArgumentException("sabot.supervision.agents." + vertex + ": job '" + job.name()
                        + "' has no agent '" + vertex + "'; its agents: " + agents);
            }
        }
        if (failOnce == null) {
            return this;
        }
        String vertex = failOnce.substring(0, failOnce.indexOf('/'));
        int subtask = Integer.parseInt(failOnce.substring(failOnce.indexOf('/') + 1));
        boolean agentSubtask = job.vertices().stream().anyMatch(v -> v.name().equals(vertex)
                && v instanceof VertexSpec.AgentVertex && subtask < v.parallelism());
        if (!agentSubtask) {
            throw new IllegalArgumentException("sabot.supervision.inject-failures.once-task '" + failOnce + "' is no agent"
                    + " subtask of job '" + job.name() + "'; its agents: " + job.vertices().stream()
                    .filter(v -> v instanceof VertexSpec.AgentVertex).map(v -> v.name() + "/0.." + (v.parallelism() - 1)).toList());
        }
        return this;
    }

    /**
     * The bytes of output each task keeps for restarted receivers: none (0) when the whole job
     * restarts (ONE_FOR_ALL) or when checkpoints are not {@code stored} (a task restarts from a stored one).
     */
    public long retainedBytes(boolean stored) {
        boolean wholeJobOnly = strategy == SupervisionStrategy.ONE_FOR_ALL
                && agentStrategies.values().stream().allMatch(SupervisionStrategy.ONE_FOR_ALL::equals);
        return wholeJobOnly || !stored ? 0 : retainedBytes;
    }

    static SupervisionSettings from(Config config) {
        Config supervision = config.getConfig("sabot.supervision");
        int maxRestarts = supervision.getInt("max-restarts");
        Map<String, SupervisionStrategy> agentStrategies = new HashMap<>();
        supervision.getObject("agents").forEach((vertex, value) -> agentStrategies.put(vertex,
                SupervisionStrategy.parse(String.valueOf(value.unwrapped()))));
        return new SupervisionSettings(SupervisionStrategy.parse(supervision.getString("strategy")), agentStrategies,
                restartStrategy(config.getConfig("sabot.restart-strategy")),
                maxRestarts < 0 ? RestartIntensity.UNLIMITED
                        : new RestartIntensity(maxRestarts, supervision.getDuration("max-restarts-within")),
                supervision.getDuration("start-timeout"), supervision.getDouble("inject-failures.probability"),
                supervision.getLong("inject-failures.seed"), supervision.getBytes("retained-bytes"),
                supervision.getString("inject-failures.once-task").isEmpty() ? null : supervision.getString("inject-failures.once-task"),
                supervision.getLong("inject-failures.once-at-batch"));
    }

    /** Flink's restart strategies under Flink's names ({@code restart-strategy.type} and its options). */
    static RestartBackoff restartStrategy(Config config) {
        String type = config.getString("type");
        return switch (type) {
            case "default" -> null;
            case "none", "disable", "off" -> new RestartBackoff.NoRestart();
            case "fixed-delay", "fixeddelay" -> new RestartBackoff.FixedDelay(config.getInt("fixed-delay.attempts"),
                    config.getDuration("fixed-delay.delay"));
            case "failure-rate", "failurerate" -> new RestartBackoff.FailureRate(
                    config.getInt("failure-rate.max-failures-per-interval"),
                    config.getDuration("failure-rate.failure-rate-interval"), config.getDuration("failure-rate.delay"));
            case "exponential-delay", "exponentialdelay" -> {
                Config exponential = config.getConfig("exponential-delay");
                yield new RestartBackoff.ExponentialDelay(exponential.getDuration("initial-backoff"),
                        exponential.getDuration("max-backoff"), exponential.getDouble("backoff-multiplier"),
                        exponential.getDouble("jitter-factor"), exponential.getDuration("reset-backoff-threshold"),
                        exponential.getInt("attempts-before-reset-backoff"));
            }
            default -> throw new IllegalArgumentException("unknown sabot.restart-strategy.type '" + type
                    + "' (one of default, none, fixed-delay, failure-rate, exponential-delay)");
        };
    }
}
