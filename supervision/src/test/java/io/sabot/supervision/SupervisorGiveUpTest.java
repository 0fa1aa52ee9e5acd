package io.sabot.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** When a supervisor gives up: past its intensity or its backoff's attempts, or when a child cannot be made again; the failure escalates to its parent. */
class SupervisorGiveUpTest extends SupervisorFixture {

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
}
