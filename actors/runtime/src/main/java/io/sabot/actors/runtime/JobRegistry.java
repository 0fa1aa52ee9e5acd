package io.sabot.actors.runtime;

import io.sabot.actors.graph.JobGraph;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this node can run, by job id. A job graph holds user code (functions, sources, sinks), so
 * a task entity finds its vertex here, on the node it runs on. Today the node that submits a job
 * registers it (a single-node cluster); on several nodes every node will register the same graphs
 * under the same ids, the way every node runs the same application.
 */
public final class JobRegistry {

    public record RegisteredJob(ExecutionPlan plan, JobMetrics metrics) {}

    private final Map<String, RegisteredJob> jobs = new ConcurrentHashMap<>();

    public RegisteredJob register(String jobId, JobGraph graph) {
        RegisteredJob job = new RegisteredJob(new ExecutionPlan(jobId, graph), new JobMetrics());
        if (jobs.putIfAbsent(jobId, job) != null) {
            throw new IllegalStateException("job '" + jobId + "' is already running on this node");
        }
        return job;
    }

    public Optional<RegisteredJob> get(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /** The jobs registered now, by id. */
    public Map<String, RegisteredJob> jobs() {
        return Map.copyOf(jobs);
    }

    public void remove(String jobId) {
        jobs.remove(jobId);
    }
}
