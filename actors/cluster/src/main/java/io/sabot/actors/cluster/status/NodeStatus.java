package io.sabot.actors.cluster.status;

import io.sabot.actors.serialization.ControlMessage;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What {@code sabot status} asks a node and what it answers: the members, and per node the jobs'
 * tasks that run there with their rows and watermarks ({@link StatusService} answers). Records only,
 * serialized as Jackson CBOR like every control message.
 */
public final class NodeStatus {

    private NodeStatus() {}

    /** Requests a node's status service understands. */
    public sealed interface Request extends ControlMessage {}

    /** The whole cluster, as the asked node sees it and every node reports. */
    public record GetClusterStatus(ActorRef<ClusterReport> replyTo) implements Request {}

    /** This node's own share (one node asks the others). */
    public record GetNodeReport(ActorRef<NodeReport> replyTo) implements Request {}

    /** A member as the asked node sees it. */
    public record MemberReport(String address, String status, List<String> roles, boolean reachable)
            implements ControlMessage {}

    /** One vertex's subtasks on one node: rows taken in (current attempt) and the smallest watermark sent. */
    public record VertexReport(String vertex, long rowsIn, long watermark) implements ControlMessage {}

    /**
     * One job on one node: its tasks running here ({@code vertex[subtask]}), the last completed
     * checkpoint this node has heard of (-1: none; the job manager's node hears of every one).
     */
    public record JobReport(String jobId, int attempt, long lastCheckpoint, List<String> tasks, List<VertexReport> vertices)
            implements ControlMessage {}

    /** A node's report. */
    public record NodeReport(String address, List<JobReport> jobs) implements ControlMessage {}

    /** The cluster: its members, the reports of the nodes that answered, the ones that did not (within the timeout). */
    public record ClusterReport(List<MemberReport> members, List<NodeReport> nodes, List<String> unanswered)
            implements ControlMessage {}
}
