package io.sabot.actors.cluster;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;

/**
 * Where the shards of task entities go: a new shard to the region (node) holding the fewest shards
 * (ties: the lowest address, so the choice is repeatable), and <em>never</em> a rebalance.
 *
 * <p>Pekko's default strategy moves shards from busy regions to idle ones, which stops their
 * entities: a task of a running job would lose its in-memory state and the job would fail. Here a
 * shard moves only when its node is lost (the coordinator then allocates it again for the next
 * message, which is the next attempt's, restored from a checkpoint). A node that joins a running
 * cluster gets work at the job's next attempt: attempts use new entity ids, so new shards.
 */
final class TaskAllocationStrategy extends ShardCoordinator.AbstractShardAllocationStrategy {

    private static final Comparator<Map.Entry<ActorRef, IndexedSeq<String>>> FEWEST_SHARDS =
            Comparator.<Map.Entry<ActorRef, IndexedSeq<String>>>comparingInt(region -> region.getValue().size())
                    .thenComparing(region -> region.getKey().path().address().toString());

    @Override
    public Future<ActorRef> allocateShard(ActorRef requester, String shardId,
                                          Map<ActorRef, IndexedSeq<String>> currentShardAllocations) {
        ActorRef region = currentShardAllocations.entrySet().stream().min(FEWEST_SHARDS)
                .map(Map.Entry::getKey).orElse(requester);
        return Future.successful(region);
    }

    @Override
    public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> currentShardAllocations,
                                         Set<String> rebalanceInProgress) {
        return Future.successful(Set.of());
    }
}
