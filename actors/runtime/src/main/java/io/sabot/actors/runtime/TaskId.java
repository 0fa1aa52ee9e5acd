package io.sabot.actors.runtime;

/**
 * One parallel instance of a vertex in one attempt of a job; its entity id on the cluster is
 * {@code job/attempt/vertex/subtask}. Every run (and, later, every restart) of a job is a new
 * attempt with new entities, so a message of an earlier attempt (a late credit, a barrier) can only
 * reach that attempt's entities, never a task of the current one.
 */
public record TaskId(String jobId, int attempt, String vertex, int subtask) {

    public String entityId() {
        return jobId + "/" + attempt + "/" + vertex + "/" + subtask;
    }

    /** The task's key in checkpoints, the same in every attempt: {@code vertex/subtask}. */
    public String taskKey() {
        return vertex + "/" + subtask;
    }

    public static TaskId parse(String entityId) {
        String[] parts = entityId.split("/", -1);
        if (parts.length != 4 || parts[0].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("not a task entity id (job/attempt/vertex/subtask): " + entityId);
        }
        try {
            return new TaskId(parts[0], Integer.parseInt(parts[1]), parts[2], Integer.parseInt(parts[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a task entity id (job/attempt/vertex/subtask): " + entityId, e);
        }
    }

    @Override
    public String toString() {
        return vertex + "[" + subtask + "]";
    }
}
