package io.sabot.actors.runtime;

/** One parallel instance of a vertex; its entity id on the cluster is {@code job/vertex/subtask}. */
public record TaskId(String jobId, String vertex, int subtask) {

    public String entityId() {
        return jobId + "/" + vertex + "/" + subtask;
    }

    public static TaskId parse(String entityId) {
        int last = entityId.lastIndexOf('/');
        int first = entityId.indexOf('/');
        if (first <= 0 || last <= first) {
            throw new IllegalArgumentException("not a task entity id (job/vertex/subtask): " + entityId);
        }
        return new TaskId(entityId.substring(0, first), entityId.substring(first + 1, last),
                Integer.parseInt(entityId.substring(last + 1)));
    }

    @Override
    public String toString() {
        return vertex + "[" + subtask + "]";
    }
}
