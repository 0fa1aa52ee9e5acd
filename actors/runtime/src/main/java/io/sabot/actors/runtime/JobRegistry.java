package io.sabot.actors.runtime;

import io.sabot.actors.graph.JobGraph;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this node can run. A job graph holds user code (functions, sources, sinks), so every
 * node of a cluster registers the same graphs, the way every node runs the same application; a
 * task entity started on any node finds its vertex here.
 */
public final class JobRegistry {

    public record RegisteredJob(ExecutionPlan plan, JobMetrics metrics) {}

    private final Map<String, RegisteredJob> jobs = new ConcurrentHashMap<>();

    public RegisteredJob register(String jobId, JobGraph graph) {
        RegisteredJob job = new RegisteredJob(new ExecutionPlan(jobId, graph), new JobMetrics());
        if (jobs.putIfAbsent(jobId, job) != null) {
            throw new IllegalStateException("job id " + jobId + " is already registered");
        }
        return job;
    }

    public Optional<RegisteredJob> get(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    public void remove(String jobId) {
        jobs.remove(jobId);
    }
}
