package io.sabot.actors.cluster;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;

/**
 * Where the shards of task entities go: a new shard to the region (node) holding the fewest shards
 * among the nodes that are Up and reachable (ties: by address, so the choice is repeatable), and
 * <em>never</em> a rebalance. The counts include shards of earlier attempts, which stay allocated. A coordinator that took over after a node was lost
 * still lists that node's region until it sees it terminate; a shard given to it would never start.
 *
 * <p>Pekko's default strategy moves shards from busy regions to idle ones, which stops their
 * entities: a task of a running job would lose its in-memory state and the job would fail. Here a
 * shard moves only when its node is lost (the coordinator then allocates it again for the next
 * message, which is the next attempt's, restored from a checkpoint). A node that joins a running
 * cluster gets work at the job's next attempt: attempts use new entity ids, so new shards.
 */
final class TaskAllocationStrategy extends ShardCoordinator.AbstractShardAllocationStrategy
        implements ShardCoordinator.ActorSystemDependentAllocationStrategy {

    private static final Comparator<Map.Entry<ActorRef, IndexedSeq<String>>> FEWEST_SHARDS =
            Comparator.<Map.Entry<ActorRef, IndexedSeq<String>>>comparingInt(region -> region.getValue().size())
                    .thenComparing(region -> region.getKey().path().address().toString());

    private volatile Cluster cluster;

    @Override
    public void start(ActorSystem system) {
        cluster = Cluster.get(system);
    }

    @Override
    public Future<ActorRef> allocateShard(ActorRef requester, String shardId,
                                          Map<ActorRef, IndexedSeq<String>> currentShardAllocations) {
        ActorRef region = currentShardAllocations.entrySet().stream().filter(entry -> usable(entry.getKey()))
                .min(FEWEST_SHARDS).map(Map.Entry::getKey).orElse(requester);
        return Future.successful(region);
    }

    /** The region's node is an Up member that is reachable. */
    private boolean usable(ActorRef region) {
        Address address = region.path().address().hasLocalScope() ? cluster.selfAddress() : region.path().address();
        ClusterEvent.CurrentClusterState state = cluster.state();
        return StreamSupport.stream(state.getMembers().spliterator(), false)
                .anyMatch(member -> member.address().equals(address) && member.status() == MemberStatus.up())
                && state.getUnreachable().stream().noneMatch(member -> member.address().equals(address));
    }

    @Override
    public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> currentShardAllocations,
                                         Set<String> rebalanceInProgress) {
        return Future.successful(Set.of());
    }
}
