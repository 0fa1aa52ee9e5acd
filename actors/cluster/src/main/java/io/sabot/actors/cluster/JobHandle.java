package io.sabot.actors.cluster;

import io.sabot.actors.runtime.JobMetrics;
import io.sabot.actors.runtime.JobResult;
import java.util.concurrent.CompletionStage;

/** A submitted job: its id, its live metrics on this node, and its result once it ends. */
public record JobHandle(String jobId, JobMetrics metrics, CompletionStage<JobResult> result) {}
