package io.sabot.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.Dropped;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Supervisors of small counting children that report their starts and stops to a probe. The
 * scheduler is manual: a restart delay passes only when a test says so, so the window in which
 * messages are stashed is as long as the test needs; nothing waits on the wall clock.
 */
class SupervisorTest {

    // ---- the child: appends numbers, tells them, crashes or stops on request ------------------------------

    sealed interface Msg {}

    record Add(int value) implements Msg {}

    record Get(ActorRef<List<Integer>> replyTo) implements Msg {}

    record Crash(String why) implements Msg {}

    record Stop() implements Msg {}

    /** Tells {@code events} "start NAME" when an incarnation starts and "stop NAME" when it stops. */
    static Behavior<Msg> counter(String name, ActorRef<String> events) {
        return Behaviors.setup(context -> {
            events.tell("start " + name);
            List<Integer> values = new ArrayList<>(); // per incarnation: a restart starts empty
            return Behaviors.receive(Msg.class)
                    .onMessage(Add.class, add -> {
                        values.add(add.value());
                        return Behaviors.same();
                    })
                    .onMessage(Get.class, get -> {
                        get.replyTo().tell(List.copyOf(values));
                        return Behaviors.same();
                    })
                    .onMessage(Crash.class, crash -> {
                        throw new IllegalStateException(crash.why());
                    })
                    .onMessage(Stop.class, stop -> Behaviors.stopped())
                    .onSignal(PostStop.class, stop -> {
                        events.tell("stop " + name);
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** Tells the probe each lifecycle event as one line. */
    record Recorder(ActorRef<String> probe) implements SupervisionListener {
        @Override
        public void started(String child) {
            probe.tell("started " + child);
        }

        @Override
        public void failed(String child, Throwable cause) {
            probe.tell("failed " + child + ": " + cause.getMessage());
        }

        @Override
        public void stopped(String child) {
            probe.tell("stopped " + child);
        }

        @Override
        public void restarting(String child, long delayMillis) {
            probe.tell("restarting " + child + " in " + delayMillis);
        }

        @Override
        public void removed(String child) {
            probe.tell("removed " + child);
        }

        @Override
        public void gaveUp(String reason, Throwable lastCause) {
            probe.tell("gave up: " + reason);
        }
    }

    private ActorTestKit testKit;
    private ManualTime manualTime;
    private TestProbe<String> events;
    private TestProbe<String> lifecycle;

    @BeforeEach
    void start() {
        testKit = ActorTestKit.create(ManualTime.config().withFallback(ActorTestKit.applicationTestConfig()));
        manualTime = ManualTime.get(testKit.system());
        events = testKit.createTestProbe();
        lifecycle = testKit.createTestProbe();
    }

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    private ChildSpec<Msg> child(String name) {
        return ChildSpec.of(name, Msg.class, () -> counter(name, events.ref()));
    }

    private SupervisorSettings settings(SupervisionStrategy strategy) {
        return SupervisorSettings.DEFAULT.withStrategy(strategy).withListener(new Recorder(lifecycle.ref()));
    }

    /** Spawns the supervisor and waits until its children have started, in order. */
    private ActorRef<Supervisor.Command> supervise(SupervisorSettings settings, List<ChildSpec<Msg>> children) {
        ActorRef<Supervisor.Command> supervisor = testKit.spawn(Supervisor.create(settings, children));
        expectStarts(children.stream().map(ChildSpec::name).toArray(String[]::new));
        for (ChildSpec<Msg> child : children) {
            lifecycle.expectMessage("started " + child.name());
        }
        return supervisor;
    }

    private Children children(ActorRef<Supervisor.Command> supervisor) {
        TestProbe<Children> probe = testKit.createTestProbe();
        supervisor.tell(new Supervisor.GetChildren(probe.ref()));
        return probe.receiveMessage();
    }

    private Health health(ActorRef<Supervisor.Command> supervisor) {
        TestProbe<Health> probe = testKit.createTestProbe();
        supervisor.tell(new Supervisor.GetHealth(probe.ref()));
        return probe.receiveMessage();
    }

    private List<Integer> values(ActorRef<Msg> child) {
        TestProbe<List<Integer>> probe = testKit.createTestProbe();
        child.tell(new Get(probe.ref()));
        return probe.receiveMessage();
    }

    private void expectEvents(String... expected) {
        for (String event : expected) {
            events.expectMessage(event);
        }
    }

    /**
     * The incarnations of {@code names} have started, in any order: they are spawned in start order
     * (the listener's order, asserted where it matters), but each runs its setup on its own thread.
     */
    private void expectStarts(String... names) {
        Set<String> expected = new HashSet<>();
        for (String name : names) {
            expected.add("start " + name);
        }
        assertEquals(expected, new HashSet<>(events.receiveSeveralMessages(names.length)));
    }

    private void expectLifecycle(String... expected) {
        for (String event : expected) {
            lifecycle.expectMessage(event);
        }
    }

    // ---- strategies ---------------------------------------------------------------------------------------

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

    /** A parent that watches its supervisor and tells the probe why it failed. */
    private ActorRef<Supervisor.Command> superviseUnderParent(SupervisorSettings settings, List<ChildSpec<Msg>> children,
                                                             TestProbe<Throwable> failures) {
        TestProbe<ActorRef<Supervisor.Command>> spawned = testKit.createTestProbe();
        testKit.spawn(Behaviors.<Void>setup(context -> {
            ActorRef<Supervisor.Command> supervisor = context.spawn(Supervisor.create(settings, children), "supervisor");
            context.watch(supervisor);
            spawned.ref().tell(supervisor);
            return Behaviors.receive(Void.class)
                    .onSignal(ChildFailed.class, failed -> {
                        failures.ref().tell(failed.getCause());
                        return Behaviors.same();
                    })
                    .build();
        }));
        ActorRef<Supervisor.Command> supervisor = spawned.receiveMessage();
        expectStarts(children.stream().map(ChildSpec::name).toArray(String[]::new));
        return supervisor;
    }

    @Test
    void passingTheIntensityStopsAllInReverseOrderAndFailsTheSupervisor() {
        TestProbe<Throwable> failures = testKit.createTestProbe();
        SupervisorSettings settings = settings(SupervisionStrategy.ONE_FOR_ONE)
                .withIntensity(new RestartIntensity(1, Duration.ofMinutes(1)));
        ActorRef<Supervisor.Command> supervisor = superviseUnderParent(settings,
                List.of(child("a"), child("b"), child("c")), failures);
        ActorRef<Msg> b = children(supervisor).ref("b", Msg.class);

        b.tell(new Crash("first"));
        expectEvents("stop b", "start b");
        b.tell(new Crash("second"));

        expectEvents("stop b", "stop c", "stop a");
        SupervisorGaveUpException gaveUp = assertInstanceOf(SupervisorGaveUpException.class, failures.receiveMessage());
        assertEquals("more than 1 restart(s) within 60000 ms", gaveUp.reason());
        assertEquals("second", gaveUp.getCause().getMessage());
        expectLifecycle("started a", "started b", "started c", "failed b: first", "restarting b in 0", "started b",
                "failed b: second", "gave up: more than 1 restart(s) within 60000 ms", "stopped c", "stopped a");
        events.expectNoMessage();
    }

    @Test
    void aBackoffOutOfAttemptsGivesUpToo() {
        TestProbe<Throwable> failures = testKit.createTestProbe();
        SupervisorSettings settings = settings(SupervisionStrategy.ONE_FOR_ONE).withBackoff(new RestartBackoff.NoRestart());
        ActorRef<Supervisor.Command> supervisor = superviseUnderParent(settings, List.of(child("a"), child("b")), failures);

        children(supervisor).ref("a", Msg.class).tell(new Crash("boom"));

        expectEvents("stop a", "stop b");
        SupervisorGaveUpException gaveUp = assertInstanceOf(SupervisorGaveUpException.class, failures.receiveMessage());
        assertEquals("the restart strategy NoRestart[] allows no more restarts", gaveUp.reason());
        assertInstanceOf(IllegalStateException.class, gaveUp.getCause());
    }

    // ---- messages during a restart ------------------------------------------------------------------------

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
    void aBehaviorFactoryThatThrowsOnRestartCountsAsAFailure() {
        AtomicInteger calls = new AtomicInteger();
        ChildSpec<Msg> flaky = ChildSpec.of("f", Msg.class, () -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalArgumentException("no luck");
            }
            return counter("f", events.ref());
        });
        ActorRef<Supervisor.Command> supervisor = supervise(
                settings(SupervisionStrategy.ONE_FOR_ONE).withIntensity(RestartIntensity.UNLIMITED), List.of(flaky));

        children(supervisor).ref("f", Msg.class).tell(new Crash("boom"));

        expectLifecycle("failed f: boom", "restarting f in 0", "failed f: no luck", "restarting f in 0", "started f");
        expectEvents("stop f", "start f");
        assertEquals(3, calls.get());
        Health health = health(supervisor);
        assertEquals(new ChildHealth("f", ChildState.RUNNING, 1, Optional.of("java.lang.IllegalArgumentException: no luck")),
                health.child("f"));
    }

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
