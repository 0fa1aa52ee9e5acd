package io.sabot.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sabot.persistence.testing.CounterEntity;
import io.sabot.persistence.testing.PluginConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two cluster nodes share the snapshot directory (as nodes share a mounted checkpoint directory);
 * each has its own journal. A sharded entity that snapshots on every event lives on the first
 * node; when that node leaves, sharding moves the entity to the second node, which recovers its
 * state from the snapshot the first one wrote.
 */
class TwoNodeSnapshotTest {

    private static final EntityTypeKey<CounterEntity.Command> COUNTERS =
            EntityTypeKey.create(CounterEntity.Command.class, "counter");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Config node(String name) {
        return ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = "127.0.0.1"
                pekko.remote.artery.canonical.port = 0
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                sabot.persistence.snapshot-store.dir = "%s"
                """.formatted(dir.resolve("shared-snapshots"))).withFallback(PluginConfig.in(dir.resolve(name)));
    }

    /** Starts sharding of counters on a node; {@code applied} counts the events its entities apply. */
    private static void counters(ActorTestKit node, AtomicLong applied) {
        ClusterSharding.get(node.system()).init(Entity.of(COUNTERS,
                context -> CounterEntity.create(context.getEntityId(), 1, applied)));
    }

    private static void awaitUp(ActorTestKit node, int members) {
        TestProbe<Object> probe = node.createTestProbe();
        probe.awaitAssert(TIMEOUT, () -> {
            assertEquals(members, StreamSupport.stream(Cluster.get(node.system()).state().getMembers().spliterator(), false)
                    .filter(m -> m.status() == MemberStatus.up()).count());
            return null;
        });
    }

    private static CounterEntity.Total total(ActorTestKit node, EntityRef<CounterEntity.Command> counter) throws Exception {
        return counter.<CounterEntity.Total>ask(CounterEntity.Get::new, TIMEOUT).toCompletableFuture()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void theSecondNodeRecoversAnEntityThatMovedToItFromTheSharedSnapshots() throws Exception {
        ActorTestKit first = ActorTestKit.create("sabot-cluster", node("first"));
        ActorTestKit second = null;
        try {
            Cluster.get(first.system()).manager().tell(new Join(Cluster.get(first.system()).selfMember().address()));
            awaitUp(first, 1);
            AtomicLong appliedOnFirst = new AtomicLong();
            counters(first, appliedOnFirst);
            EntityRef<CounterEntity.Command> onFirst = ClusterSharding.get(first.system()).entityRefFor(COUNTERS, "moving-1");
            for (long amount = 1; amount <= 5; amount++) {
                long value = amount;
                assertEquals(Done.getInstance(), onFirst.<Done>ask(replyTo -> new CounterEntity.Add(value, replyTo), TIMEOUT)
                        .toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            assertEquals(new CounterEntity.Total(5, 15), total(first, onFirst));
            assertEquals(5, appliedOnFirst.get(), "the entity lived on the first node");

            second = ActorTestKit.create("sabot-cluster", node("second"));
            AtomicLong appliedOnSecond = new AtomicLong();
            counters(second, appliedOnSecond);
            Cluster.get(second.system()).manager().tell(new Join(Cluster.get(first.system()).selfMember().address()));
            awaitUp(second, 2);

            // The first node leaves the cluster: its shards (and the coordinator) move to the second.
            Cluster.get(first.system()).manager().tell(new Leave(Cluster.get(first.system()).selfMember().address()));
            first.system().getWhenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            EntityRef<CounterEntity.Command> onSecond = ClusterSharding.get(second.system()).entityRefFor(COUNTERS, "moving-1");
            assertEquals(new CounterEntity.Total(5, 15), total(second, onSecond), "recovered on the second node");
            assertEquals(0, appliedOnSecond.get(), "from the snapshot alone: the second node's journal has none of its events");

            onSecond.<Done>ask(replyTo -> new CounterEntity.Add(100, replyTo), TIMEOUT).toCompletableFuture()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(new CounterEntity.Total(6, 115), total(second, onSecond), "and it goes on there");
        } finally {
            if (second != null) {
                second.shutdownTestKit();
            }
            first.shutdownTestKit();
        }
    }
}
