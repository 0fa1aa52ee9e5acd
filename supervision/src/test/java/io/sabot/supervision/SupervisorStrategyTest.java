package io.sabot.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/** Which children restart, in which order: the three strategies and the three restart policies. */
class SupervisorStrategyTest extends SupervisorFixture {

    @Test
    void oneForOneRestartsOnlyTheFailedChild() {
        ActorRef<Supervisor.Command> supervisor = supervise(settings(SupervisionStrategy.ONE_FOR_ONE),
                List.of(child("a"), child("b"), child("c")));
        Children children = children(supervisor);
        ActorRef<Msg> a = children.ref("a", Msg.class);
        ActorRef<Msg> b = children.ref("b", Msg.class);
        ActorRef<Msg> c = children.ref("c", Msg.class);
        a.tell(new Add(1));
        b.tell(new Add(2));
        c.tell(new Add(3));
        assertEquals(List.of(2), values(b));

        b.tell(new Crash("boom"));

        expectEvents("stop b", "start b");
        expectLifecycle("failed b: boom", "restarting b in 0", "started b");
        assertEquals(List.of(1), values(a), "a keeps its state");
        assertEquals(List.of(), values(b), "b starts afresh, through the same ref");
        assertEquals(List.of(3), values(c), "c keeps its state");
        Health health = health(supervisor);
        assertEquals(new ChildHealth("a", ChildState.RUNNING, 0, Optional.empty()), health.child("a"));
        assertEquals(new ChildHealth("b", ChildState.RUNNING, 1, Optional.of("java.lang.IllegalStateException: boom")),
                health.child("b"));
        assertEquals(new ChildHealth("c", ChildState.RUNNING, 0, Optional.empty()), health.child("c"));
        events.expectNoMessage();
    }

    @Test
    void oneForAllStopsAllInReverseOrderThenStartsThemInOrder() {
        ActorRef<Supervisor.Command> supervisor = supervise(settings(SupervisionStrategy.ONE_FOR_ALL),
                List.of(child("a"), child("b"), child("c"), child("d")));
        Children children = children(supervisor);
        children.ref("a", Msg.class).tell(new Add(1));
        children.ref("d", Msg.class).tell(new Add(4));

        children.ref("b", Msg.class).tell(new Crash("boom"));

        expectEvents("stop b", "stop d", "stop c", "stop a");
        expectStarts("a", "b", "c", "d");
        expectLifecycle("failed b: boom", "restarting a in 0", "restarting b in 0", "restarting c in 0",
                "restarting d in 0", "stopped d", "stopped c", "stopped a", "started a", "started b", "started c",
                "started d");
        assertEquals(List.of(), values(children.ref("a", Msg.class)));
        assertEquals(List.of(), values(children.ref("d", Msg.class)));
        for (ChildHealth child : health(supervisor).children()) {
            assertEquals(ChildState.RUNNING, child.state(), child.name());
            assertEquals(1, child.restarts(), child.name());
        }
    }

    @Test
    void restForOneRestartsTheFailedChildAndTheLaterOnes() {
        ActorRef<Supervisor.Command> supervisor = supervise(settings(SupervisionStrategy.REST_FOR_ONE),
                List.of(child("a"), child("b"), child("c"), child("d")));
        Children children = children(supervisor);
        children.ref("a", Msg.class).tell(new Add(1));
        children.ref("c", Msg.class).tell(new Add(3));

        children.ref("b", Msg.class).tell(new Crash("boom"));

        expectEvents("stop b", "stop d", "stop c");
        expectStarts("b", "c", "d");
        expectLifecycle("failed b: boom", "restarting b in 0", "restarting c in 0", "restarting d in 0", "stopped d",
                "stopped c", "started b", "started c", "started d");
        assertEquals(List.of(1), values(children.ref("a", Msg.class)), "a, started before b, keeps its state");
        assertEquals(List.of(), values(children.ref("c", Msg.class)));
        Health health = health(supervisor);
        assertEquals(List.of(0, 1, 1, 1), health.children().stream().map(ChildHealth::restarts).toList());
        assertTrue(health.allRunning());
        events.expectNoMessage();
    }

    @Test
    void aFailureDuringARestartJoinsIt() {
        SupervisorSettings settings = settings(SupervisionStrategy.REST_FOR_ONE)
                .withIntensity(RestartIntensity.UNLIMITED)
                .withBackoff(new RestartBackoff.FixedDelay(10, Duration.ofMillis(500)));
        ActorRef<Supervisor.Command> supervisor = supervise(settings, List.of(child("a"), child("b"), child("c"), child("d")));
        Children children = children(supervisor);

        children.ref("c", Msg.class).tell(new Crash("first"));
        expectLifecycle("failed c: first", "restarting c in 500", "restarting d in 500", "stopped d");
        // answered after the handler that saw d stop, so its timer is set by now
        assertEquals(ChildState.RESTARTING, health(supervisor).child("c").state());
        // while c and d wait for their delay, a fails: rest-for-one from a takes in b, c and d
        children.ref("a", Msg.class).tell(new Crash("second"));
        expectLifecycle("failed a: second", "restarting a in 500", "restarting b in 500", "restarting c in 500",
                "restarting d in 500", "stopped b");
        health(supervisor);
        expectEvents("stop c", "stop d", "stop a", "stop b");

        manualTime.timePasses(Duration.ofMillis(500));

        expectStarts("a", "b", "c", "d");
        expectLifecycle("started a", "started b", "started c", "started d");
        assertTrue(health(supervisor).allRunning());
        events.expectNoMessage();
    }

    // ---- restart policies ---------------------------------------------------------------------------------

    @Test
    void aTransientChildIsRemovedAfterANormalStopButRestartedAfterAFailure() {
        ActorRef<Supervisor.Command> supervisor = supervise(settings(SupervisionStrategy.ONE_FOR_ONE),
                List.of(child("t1").withPolicy(RestartPolicy.TRANSIENT), child("t2").withPolicy(RestartPolicy.TRANSIENT)));
        Children children = children(supervisor);

        children.ref("t1", Msg.class).tell(new Stop());
        expectEvents("stop t1");
        expectLifecycle("stopped t1", "removed t1");

        children.ref("t2", Msg.class).tell(new Crash("boom"));
        expectEvents("stop t2", "start t2");
        expectLifecycle("failed t2: boom", "restarting t2 in 0", "started t2");

        Health health = health(supervisor);
        assertEquals(new ChildHealth("t1", ChildState.REMOVED, 0, Optional.empty()), health.child("t1"));
        assertEquals(ChildState.RUNNING, health.child("t2").state());
        assertEquals(1, health.child("t2").restarts());
        events.expectNoMessage();
    }

    @Test
    void aTemporaryChildIsNeverRestarted() {
        ActorRef<Supervisor.Command> supervisor = supervise(settings(SupervisionStrategy.ONE_FOR_ONE),
                List.of(child("x").withPolicy(RestartPolicy.TEMPORARY), child("y").withPolicy(RestartPolicy.TEMPORARY)));
        Children children = children(supervisor);

        children.ref("x", Msg.class).tell(new Crash("boom"));
        expectLifecycle("failed x: boom", "removed x");
        children.ref("y", Msg.class).tell(new Stop());
        expectLifecycle("stopped y", "removed y");

        expectEvents("stop x", "stop y");
        Health health = health(supervisor);
        assertEquals(ChildState.REMOVED, health.child("x").state());
        assertEquals(Optional.of("java.lang.IllegalStateException: boom"), health.child("x").lastFailure());
        assertEquals(ChildState.REMOVED, health.child("y").state());
        events.expectNoMessage();
    }

    @Test
    void aPermanentChildIsRestartedAfterANormalStopToo() {
        ActorRef<Supervisor.Command> supervisor = supervise(settings(SupervisionStrategy.ONE_FOR_ONE), List.of(child("p")));

        children(supervisor).ref("p", Msg.class).tell(new Stop());

        expectEvents("stop p", "start p");
        expectLifecycle("stopped p", "restarting p in 0", "started p");
        assertEquals(1, health(supervisor).child("p").restarts());
    }

    @Test
    void aTemporarySiblingIsStoppedButNotRestartedByOneForAll() {
        ActorRef<Supervisor.Command> supervisor = supervise(settings(SupervisionStrategy.ONE_FOR_ALL),
                List.of(child("a"), child("x").withPolicy(RestartPolicy.TEMPORARY), child("c")));

        children(supervisor).ref("a", Msg.class).tell(new Crash("boom"));

        expectEvents("stop a", "stop c", "stop x");
        expectStarts("a", "c");
        expectLifecycle("failed a: boom", "restarting a in 0", "restarting c in 0", "stopped c", "stopped x",
                "removed x", "started a", "started c");
        Health health = health(supervisor);
        assertEquals(ChildState.REMOVED, health.child("x").state());
        assertEquals(List.of(1, 0, 1), health.children().stream().map(ChildHealth::restarts).toList());
        events.expectNoMessage();
    }

    // ---- giving up ----------------------------------------------------------------------------------------
}
