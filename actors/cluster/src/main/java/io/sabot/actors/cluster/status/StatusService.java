package io.sabot.actors.cluster.status;

import io.sabot.actors.runtime.JobMetrics;
import io.sabot.actors.runtime.JobRegistry;
import io.sabot.actors.runtime.TaskId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A node's status service, at {@code /system/sabot-status} on every node: answers for its own tasks
 * from the node's live metrics, and for the cluster by asking every node's service (found through
 * the receptionist) and waiting at most {@link #NODE_TIMEOUT} for them. A client outside the cluster
 * ({@code sabot status}) reaches it by its path.
 */
public final class StatusService {

    /** Its name under {@code /system}. */
    public static final String NAME = "sabot-status";

    static final ServiceKey<NodeStatus.Request> KEY = ServiceKey.create(NodeStatus.Request.class, NAME);

    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);

    private StatusService() {}

    public static Behavior<NodeStatus.Request> create(JobRegistry registry) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
            return Behaviors.receive(NodeStatus.Request.class)
                    .onMessage(NodeStatus.GetNodeReport.class, get -> {
                        get.replyTo().tell(report(context.getSystem().address().toString(), registry));
                        return Behaviors.same();
                    })
                    .onMessage(NodeStatus.GetClusterStatus.class, get -> {
                        context.spawnAnonymous(gather(get.replyTo()));
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** This node's tasks of every registered job, per vertex their rows and watermark. */
    static NodeStatus.NodeReport report(String address, JobRegistry registry) {
        List<NodeStatus.JobReport> jobs = new ArrayList<>();
        for (Map.Entry<String, JobRegistry.RegisteredJob> job : registry.jobs().entrySet()) {
            JobMetrics metrics = job.getValue().metrics();
            List<TaskId> tasks = metrics.currentTasks();
            List<NodeStatus.VertexReport> vertices = tasks.stream().map(TaskId::vertex).distinct()
                    .map(vertex -> new NodeStatus.VertexReport(vertex, metrics.rowsIn(vertex), metrics.watermark(vertex)))
                    .toList();
            jobs.add(new NodeStatus.JobReport(job.getKey(), tasks.isEmpty() ? 0 : tasks.get(0).attempt(),
                    metrics.lastCheckpoint(), tasks.stream().map(task -> task.vertex() + "[" + task.subtask() + "]").toList(),
                    vertices));
        }
        return new NodeStatus.NodeReport(address, jobs);
    }

    /** Asks every node's service for its report; answers {@code replyTo} when all did or the time is up. */
    private static Behavior<Object> gather(ActorRef<NodeStatus.ClusterReport> replyTo) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.find(KEY, context.getSelf().narrow()));
            context.setReceiveTimeout(NODE_TIMEOUT, Timeout.INSTANCE);
            Set<String> waiting = new HashSet<>();
            List<NodeStatus.NodeReport> reports = new ArrayList<>();
            return Behaviors.receive(Object.class)
                    .onMessage(Receptionist.Listing.class, listing -> {
                        for (ActorRef<NodeStatus.Request> service : listing.getServiceInstances(KEY)) {
                            waiting.add(addressOf(context, service));
                            service.tell(new NodeStatus.GetNodeReport(context.getSelf().narrow()));
                        }
                        return waiting.isEmpty() ? answer(context, replyTo, reports, waiting) : Behaviors.same();
                    })
                    .onMessage(NodeStatus.NodeReport.class, report -> {
                        reports.add(report);
                        waiting.remove(report.address());
                        return waiting.isEmpty() ? answer(context, replyTo, reports, waiting) : Behaviors.same();
                    })
                    .onMessageEquals(Timeout.INSTANCE, () -> answer(context, replyTo, reports, waiting))
                    .build();
        });
    }

    private enum Timeout { INSTANCE }

    private static String addressOf(ActorContext<?> context, ActorRef<?> ref) {
        return ref.path().address().hasLocalScope() ? context.getSystem().address().toString() : ref.path().address().toString();
    }

    private static Behavior<Object> answer(ActorContext<Object> context, ActorRef<NodeStatus.ClusterReport> replyTo,
                                           List<NodeStatus.NodeReport> reports, Set<String> unanswered) {
        ClusterEvent.CurrentClusterState state = Cluster.get(context.getSystem()).state();
        Set<Member> unreachable = state.getUnreachable();
        List<NodeStatus.MemberReport> members = StreamSupport.stream(state.getMembers().spliterator(), false)
                .map(member -> new NodeStatus.MemberReport(member.address().toString(), member.status().toString(),
                        member.getRoles().stream().filter(role -> !role.startsWith("dc-")).sorted().toList(),
                        !unreachable.contains(member)))
                .toList();
        replyTo.tell(new NodeStatus.ClusterReport(members,
                reports.stream().sorted((a, b) -> a.address().compareTo(b.address())).toList(),
                unanswered.stream().sorted().toList()));
        return Behaviors.stopped();
    }
}
