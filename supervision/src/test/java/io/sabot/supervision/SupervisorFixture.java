package io.sabot.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the supervisor tests share: small counting children that report their starts and stops to a
 * probe, a listener that reports lifecycle events, and a manual scheduler: a restart delay passes
 * only when a test says so, so the window in which messages are stashed is as long as the test
 * needs; nothing waits on the wall clock.
 */
abstract class SupervisorFixture {

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

    ActorTestKit testKit;
    ManualTime manualTime;
    TestProbe<String> events;
    TestProbe<String> lifecycle;

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

    ChildSpec<Msg> child(String name) {
        return ChildSpec.of(name, Msg.class, () -> counter(name, events.ref()));
    }

    SupervisorSettings settings(SupervisionStrategy strategy) {
        return SupervisorSettings.DEFAULT.withStrategy(strategy).withListener(new Recorder(lifecycle.ref()));
    }

    /** Spawns the supervisor and waits until its children have started, in order. */
    ActorRef<Supervisor.Command> supervise(SupervisorSettings settings, List<ChildSpec<Msg>> children) {
        ActorRef<Supervisor.Command> supervisor = testKit.spawn(Supervisor.create(settings, children));
        expectStarts(children.stream().map(ChildSpec::name).toArray(String[]::new));
        for (ChildSpec<Msg> child : children) {
            lifecycle.expectMessage("started " + child.name());
        }
        return supervisor;
    }

    Children children(ActorRef<Supervisor.Command> supervisor) {
        TestProbe<Children> probe = testKit.createTestProbe();
        supervisor.tell(new Supervisor.GetChildren(probe.ref()));
        return probe.receiveMessage();
    }

    Health health(ActorRef<Supervisor.Command> supervisor) {
        TestProbe<Health> probe = testKit.createTestProbe();
        supervisor.tell(new Supervisor.GetHealth(probe.ref()));
        return probe.receiveMessage();
    }

    List<Integer> values(ActorRef<Msg> child) {
        TestProbe<List<Integer>> probe = testKit.createTestProbe();
        child.tell(new Get(probe.ref()));
        return probe.receiveMessage();
    }

    void expectEvents(String... expected) {
        for (String event : expected) {
            events.expectMessage(event);
        }
    }

    /**
     * The incarnations of {@code names} have started, in any order: they are spawned in start order
     * (the listener's order, asserted where it matters), but each runs its setup on its own thread.
     */
    void expectStarts(String... names) {
        Set<String> expected = new HashSet<>();
        for (String name : names) {
            expected.add("start " + name);
        }
        assertEquals(expected, new HashSet<>(events.receiveSeveralMessages(names.length)));
    }

    void expectLifecycle(String... expected) {
        for (String event : expected) {
            lifecycle.expectMessage(event);
        }
    }

    // ---- strategies ---------------------------------------------------------------------------------------
}
