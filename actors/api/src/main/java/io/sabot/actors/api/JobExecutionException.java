package io.sabot.actors.api;

/**
 * A job did not succeed (Flink's {@code JobExecutionException}): its cause is the exception of the
 * first task that failed (a copy with its class, message and stack trace when the task ran on
 * another node), or null when the job was cancelled or could not start.
 */
public class JobExecutionException extends Exception {

    private final String jobName;
    private final String jobId;

    public JobExecutionException(String jobName, String jobId, String message, Throwable cause) {
        super("job '" + jobName + "' (" + jobId + ") failed: " + message, cause);
        this.jobName = jobName;
        this.jobId = jobId;
    }

    public String jobName() {
        return jobName;
    }

    public String jobId() {
        return jobId;
    }
}
