package io.sabot.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.pekko.actor.Dropped;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.Test;

/** Messages to children: through stable refs, stashed while a child restarts, rejected past the bound. */
class SupervisorMessagesTest extends SupervisorFixture {

    @Test
    void messagesToARestartingChildAreDeliveredInOrderToTheNextIncarnation() {
        SupervisorSettings settings = settings(SupervisionStrategy.ONE_FOR_ONE)
                .withBackoff(new RestartBackoff.FixedDelay(5, Duration.ofMillis(300)));
        ActorRef<Supervisor.Command> supervisor = supervise(settings, List.of(child("a")));
        ActorRef<Msg> a = children(supervisor).ref("a", Msg.class);
        a.tell(new Add(0));
        a.tell(new Crash("boom"));
        expectLifecycle("failed a: boom", "restarting a in 300");
        assertEquals(ChildState.RESTARTING, health(supervisor).child("a").state());

        TestProbe<List<Integer>> replies = testKit.createTestProbe();
        for (int i = 1; i <= 5; i++) {
            a.tell(new Add(i));
        }
        a.tell(new Get(replies.ref()));
        a.tell(new Add(6));
        a.tell(new Get(replies.ref()));
        expectEvents("stop a");
        manualTime.timePasses(Duration.ofMillis(299));
        events.expectNoMessage();

        manualTime.timePasses(Duration.ofMillis(1));

        expectEvents("start a");
        expectLifecycle("started a");
        assertEquals(List.of(1, 2, 3, 4, 5), replies.receiveMessage());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), replies.receiveMessage());
        a.tell(new Add(7));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), values(a), "later messages come after the stashed ones");
    }

    @Test
    void messagesPastTheStashBoundGoToTheRejectionCallback() {
        TestProbe<Msg> rejected = testKit.createTestProbe();
        SupervisorSettings settings = settings(SupervisionStrategy.ONE_FOR_ONE)
                .withBackoff(new RestartBackoff.FixedDelay(5, Duration.ofMillis(300)));
        ActorRef<Supervisor.Command> supervisor = supervise(settings,
                List.of(child("a").withStashCapacity(2).withOnRejected(rejected.ref()::tell)));
        ActorRef<Msg> a = children(supervisor).ref("a", Msg.class);
        a.tell(new Crash("boom"));
        expectLifecycle("failed a: boom", "restarting a in 300");
        health(supervisor);

        for (int i = 1; i <= 5; i++) {
            a.tell(new Add(i));
        }

        rejected.expectMessage(new Add(3));
        rejected.expectMessage(new Add(4));
        rejected.expectMessage(new Add(5));
        manualTime.timePasses(Duration.ofMillis(300));
        expectEvents("stop a", "start a");
        // told after the ref was attached to the new incarnation (a message told on "start a" could
        // still find the ref stashing, its stash full)
        expectLifecycle("started a");
        assertEquals(List.of(1, 2), values(a));
        rejected.expectNoMessage();
    }

    @Test
    void withoutACallbackRejectedMessagesArePublishedAsDropped() {
        TestProbe<Dropped> dropped = testKit.createTestProbe();
        testKit.system().eventStream().tell(new EventStream.Subscribe<>(Dropped.class, dropped.ref()));
        SupervisorSettings settings = settings(SupervisionStrategy.ONE_FOR_ONE)
                .withBackoff(new RestartBackoff.FixedDelay(5, Duration.ofMillis(300)));
        ActorRef<Supervisor.Command> supervisor = supervise(settings,
                List.of(child("a").withStashCapacity(1), child("x").withPolicy(RestartPolicy.TEMPORARY)));
        Children children = children(supervisor);
        ActorRef<Msg> a = children.ref("a", Msg.class);
        a.tell(new Crash("boom"));
        expectLifecycle("failed a: boom", "restarting a in 300");
        health(supervisor);

        a.tell(new Add(1));
        a.tell(new Add(2));

        Dropped full = dropped.receiveMessage();
        assertEquals(new Add(2), full.message());
        assertTrue(full.reason().startsWith("child a: its stash of 1 is full"), full.reason());

        // a removed child's messages are rejected too
        ActorRef<Msg> x = children.ref("x", Msg.class);
        x.tell(new Stop());
        expectLifecycle("stopped x", "removed x");
        x.tell(new Add(9));
        Dropped gone = dropped.receiveMessage();
        assertEquals(new Add(9), gone.message());
        assertEquals("child x: it was removed (not restarted)", gone.reason());

        manualTime.timePasses(Duration.ofMillis(300));
        lifecycle.expectMessage("started a");
        assertEquals(List.of(1), values(a));
    }

    // ---- the rest of the surface --------------------------------------------------------------------------

    @Test
    void childRefsAreCheckedAndNamesMustBeDistinct() {
        ActorRef<Supervisor.Command> supervisor = supervise(settings(SupervisionStrategy.ONE_FOR_ONE), List.of(child("a")));
        Children children = children(supervisor);

        assertEquals(List.of("a"), children.names());
        assertSame(children.ref("a", Msg.class), children.ref("a", Msg.class));
        children.ref("a", Add.class).tell(new Add(1)); // a narrower ref is fine
        assertEquals(List.of(1), values(children.ref("a", Msg.class)));
        assertThrows(IllegalArgumentException.class, () -> children.ref("a", String.class));
        assertThrows(NoSuchElementException.class, () -> children.ref("b", Msg.class));
        assertThrows(IllegalArgumentException.class, () -> Supervisor.create(List.of(child("a"), child("a"))));
        assertThrows(IllegalArgumentException.class, () -> Supervisor.create(List.of(child("a"), child("a-2"))));
    }
}
