package io.sabot.supervision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * An Erlang/OTP-style supervisor as a Pekko Typed behavior: starts an ordered group of children
 * ({@link ChildSpec}s, index = start order) and, when one ends, applies a {@link RestartDecider}
 * built from its {@link SupervisorSettings}.
 *
 * <p>Invariants:
 * <ol>
 *   <li>At most one incarnation of a child exists: the next is spawned only after the supervisor
 *       saw the previous one's {@code Terminated}.</li>
 *   <li>Each end of a running child that the supervisor did not order goes to the decider exactly
 *       once ({@code ChildFailed}: failed, other {@code Terminated}: normal stop). A child that
 *       the supervisor stops, or that ends while its restart is already under way, is not counted
 *       again.</li>
 *   <li>A restart stops its running children one at a time, last started first, each after the
 *       previous one's {@code Terminated}; then waits the backoff delay; then starts them in start
 *       order. {@link RestartPolicy#TEMPORARY} children among them are stopped and removed, not
 *       restarted (as in Erlang). A failure that affects a child of a restart under way joins that
 *       restart (it waits the later delay).</li>
 *   <li>Messages told to a child's ref ({@link GetChildren}) reach the running incarnation in the
 *       order told. From the moment the supervisor (or the ref) knows the incarnation is gone until
 *       the next one starts, up to {@link ChildSpec#stashCapacity()} are stashed and delivered
 *       first, in order, to the next incarnation; the others go to {@link ChildSpec#onRejected()}.
 *       Messages in the mailbox of an incarnation that failed or was stopped are lost with it.</li>
 *   <li>On {@link RestartDecider.GiveUp} nothing is started again: all running children are
 *       stopped, last started first, then the supervisor fails with a
 *       {@link SupervisorGaveUpException}, so that its parent sees a failure (escalation).</li>
 * </ol>
 *
 * <p>"Started in order" means spawned in order: child i+1 is spawned after child i, and every
 * child runs its setup before its first message, but, unlike an Erlang child's {@code init}, on
 * its own thread, so two children's setups may overlap. A child that depends on an earlier one
 * should talk to it through its ref (messages wait in the mailbox or the stash), not rely on
 * side effects of the earlier one's setup.
 *
 * <p>Children are spawned with Typed's default supervision (stop on exception) and watched. The
 * supervisor itself should not be wrapped in a restarting {@code Behaviors.supervise}, or give-ups
 * would not escalate; if it is restarted anyway, the child refs handed out before are dead.
 */
public final class Supervisor {

    private Supervisor() {}

    /** What a supervisor takes. */
    public sealed interface Command permits GetHealth, GetChildren, RestartDue, StartFailed {}

    /** Answered with every child's state, restarts and last failure. */
    public record GetHealth(ActorRef<Health> replyTo) implements Command {}

    /** Answered with the children's stable refs. */
    public record GetChildren(ActorRef<Children> replyTo) implements Command {}

    /** The backoff delay of restart {@code id} has passed. */
    private record RestartDue(long id) implements Command {}

    /** Child {@code child}'s behavior factory threw when it was to be restarted. */
    private record StartFailed(int child, RuntimeException cause) implements Command {}

    /** A supervisor with {@link SupervisorSettings#DEFAULT}. */
    public static Behavior<Command> create(List<? extends ChildSpec<?>> children) {
        return create(SupervisorSettings.DEFAULT, children);
    }

    /** A supervisor of {@code children}, started in list order. */
    public static Behavior<Command> create(SupervisorSettings settings, List<? extends ChildSpec<?>> children) {
        List<ChildSpec<?>> specs = List.copyOf(children);
        validateNames(specs);
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new Running(context, timers, settings, specs)));
    }

    /** Asks {@code supervisor} for its children's refs. */
    public static CompletionStage<Children> children(ActorRef<Command> supervisor, Duration timeout, Scheduler scheduler) {
        return AskPattern.ask(supervisor, GetChildren::new, timeout, scheduler);
    }

    /** Asks {@code supervisor} for its health view. */
    public static CompletionStage<Health> health(ActorRef<Command> supervisor, Duration timeout, Scheduler scheduler) {
        return AskPattern.ask(supervisor, GetHealth::new, timeout, scheduler);
    }

    /** Unique names, and none that an incarnation of another child would take ({@code name-N}). */
    private static void validateNames(List<ChildSpec<?>> specs) {
        Set<String> names = new HashSet<>();
        for (ChildSpec<?> spec : specs) {
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("two children named '" + spec.name() + "'");
            }
        }
        for (ChildSpec<?> spec : specs) {
            Pattern incarnation = Pattern.compile(Pattern.quote(spec.name()) + "-[0-9]+");
            for (String other : names) {
                if (incarnation.matcher(other).matches()) {
                    throw new IllegalArgumentException("child name '" + other + "' is taken by the incarnations of '"
                            + spec.name() + "'");
                }
            }
        }
    }

    /** One child: its spec, its stable ref, and its running incarnation if any. */
    private static final class Child {
        final int index;
        final ChildSpec<?> spec;
        final ActorRef<Object> gateway;
        ActorRef<?> incarnation;
        /** Told to stop; its Terminated not yet seen. */
        boolean stopping;
        ChildState state = ChildState.RESTARTING;
        int incarnations;
        String lastFailure;
        /** The restart under way that this child is part of. */
        Restart restart;

        Child(int index, ChildSpec<?> spec, ActorRef<Object> gateway) {
            this.index = index;
            this.spec = spec;
            this.gateway = gateway;
        }

        String name() {
            return spec.name();
        }
    }

    /** A restart under way: its children (indexes) to stop, then to start after the delay. */
    private static final class Restart {
        final long id;
        final TreeSet<Integer> members = new TreeSet<>();
        final long delayMillis;

        Restart(long id, long delayMillis) {
            this.id = id;
            this.delayMillis = delayMillis;
        }
    }

    private static final class Running extends AbstractBehavior<Command> {
        private final TimerScheduler<Command> timers;
        private final SupervisionListener listener;
        private final RestartDecider decider;
        private final List<Child> children = new ArrayList<>();
        private final Children refs;
        private final Map<ActorRef<?>, Child> byIncarnation = new HashMap<>();
        private final Map<Long, Restart> restarts = new HashMap<>();
        private long nextRestartId;
        /** Set once the supervisor gives up. */
        private String gaveUp;
        private Throwable gaveUpCause;

        Running(ActorContext<Command> context, TimerScheduler<Command> timers, SupervisorSettings settings,
                List<ChildSpec<?>> specs) {
            super(context);
            context.setLoggerName(Supervisor.class);
            this.timers = timers;
            this.listener = settings.listener();
            this.decider = settings.newDecider();
            List<ActorRef<Object>> gateways = new ArrayList<>();
            for (ChildSpec<?> spec : specs) {
                ActorRef<Object> gateway = context.spawn(ChildGateway.create(spec), spec.name());
                gateways.add(gateway);
                children.add(new Child(children.size(), spec, gateway));
            }
            this.refs = new Children(specs, gateways);
            // An initial start that throws fails the supervisor, as a child that fails to start fails an Erlang one.
            for (Child child : children) {
                start(child);
            }
        }

        @Override
        public Receive<Command> createReceive() {
            return newReceiveBuilder()
                    .onMessage(GetHealth.class, this::onGetHealth)
                    .onMessage(GetChildren.class, get -> {
                        get.replyTo().tell(refs);
                        return this;
                    })
                    .onMessage(RestartDue.class, this::onRestartDue)
                    .onMessage(StartFailed.class, this::onStartFailed)
                    .onSignal(Terminated.class, this::onTerminated)
                    .build();
        }

        private Behavior<Command> onGetHealth(GetHealth get) {
            get.replyTo().tell(new Health(children.stream()
                    .map(child -> new ChildHealth(child.name(), child.state, Math.max(0, child.incarnations - 1),
                            Optional.ofNullable(child.lastFailure)))
                    .toList()));
            return this;
        }

        private Behavior<Command> onTerminated(Terminated terminated) {
            Child child = byIncarnation.remove(terminated.getRef());
            if (child == null) {
                return this; // not an incarnation we watch (gateways are not watched)
            }
            child.incarnation = null;
            boolean ordered = child.stopping;
            child.stopping = false;
            // the ref stops forwarding now; messages told after the events below are stashed
            child.gateway.tell(ChildGateway.Control.DETACH);
            Throwable cause = terminated instanceof ChildFailed failed ? failed.getCause() : null;
            if (cause != null) {
                child.lastFailure = cause.toString();
                // the stack trace is in Pekko's own log of the failure
                getContext().getLog().warn("Child {} failed: {}", child.name(), cause.toString());
                listener.failed(child.name(), cause);
            } else {
                getContext().getLog().info("Child {} stopped{}", child.name(), ordered ? "" : " by itself");
                listener.stopped(child.name());
            }

            if (gaveUp != null) {
                child.state = ChildState.STOPPED;
                return stopNextOrFail();
            }
            if (child.restart != null) {
                // stopped for a restart, or ended on its own while one was under way: already counted
                Restart restart = child.restart;
                if (child.spec.policy() == RestartPolicy.TEMPORARY) {
                    restart.members.remove(child.index);
                    child.restart = null;
                    remove(child, "temporary, stopped with a " + decider.strategy() + " restart");
                }
                return proceed(restart);
            }
            return decide(child, cause);
        }

        /** An unexpected end (or failed restart) of {@code child}: ask the decider. */
        private Behavior<Command> decide(Child child, Throwable cause) {
            RestartDecider.Decision decision = decider.onExit(child.index, children.size(), child.spec.policy(), cause != null);
            if (decision instanceof RestartDecider.Remove) {
                remove(child, child.spec.policy() + ", " + (cause != null ? "failed" : "stopped normally"));
                return this;
            }
            if (decision instanceof RestartDecider.GiveUp giveUp) {
                return giveUp(giveUp.reason(), cause);
            }
            RestartDecider.Restart decided = (RestartDecider.Restart) decision;
            Restart restart = new Restart(nextRestartId++, decided.delayMillis());
            for (int index : decided.children()) {
                Child member = children.get(index);
                if (member.state == ChildState.REMOVED) {
                    continue;
                }
                if (member.restart != null && member.restart != restart) {
                    // joins a restart under way: that one's children come along, its timer goes
                    Restart joined = member.restart;
                    restarts.remove(joined.id);
                    timers.cancel(joined.id);
                    for (int other : joined.members) {
                        restart.members.add(other);
                        children.get(other).restart = restart;
                    }
                }
                restart.members.add(index);
                member.restart = restart;
            }
            restarts.put(restart.id, restart);
            List<String> names = new ArrayList<>();
            for (int index : restart.members) {
                Child member = children.get(index);
                if (member.spec.policy() != RestartPolicy.TEMPORARY) {
                    member.state = ChildState.RESTARTING;
                    names.add(member.name());
                }
            }
            getContext().getLog().info("Restarting {} in {} ms ({} after {} {})", names, restart.delayMillis,
                    decider.strategy(), child.name(), cause != null ? "failed" : "stopped");
            for (String name : names) {
                listener.restarting(name, restart.delayMillis);
            }
            return proceed(restart);
        }

        /** Stops the next running member, last started first; once none runs, waits the delay. */
        private Behavior<Command> proceed(Restart restart) {
            Integer next = null;
            for (int index : restart.members.descendingSet()) {
                Child member = children.get(index);
                if (member.stopping) {
                    return this; // one at a time: wait for its Terminated
                }
                if (member.incarnation != null && next == null) {
                    next = index;
                }
            }
            if (next != null) {
                stop(children.get(next));
            } else if (restart.delayMillis == 0) {
                startAll(restart);
            } else {
                timers.startSingleTimer(restart.id, new RestartDue(restart.id), Duration.ofMillis(restart.delayMillis));
            }
            return this;
        }

        private Behavior<Command> onRestartDue(RestartDue due) {
            Restart restart = restarts.get(due.id());
            if (restart != null && gaveUp == null) {
                startAll(restart);
            }
            return this;
        }

        /** Starts the members of {@code restart} in start order. */
        private void startAll(Restart restart) {
            restarts.remove(restart.id);
            for (int index : restart.members) {
                Child member = children.get(index);
                member.restart = null;
                if (member.spec.policy() == RestartPolicy.TEMPORARY) {
                    remove(member, "temporary, stopped with a " + decider.strategy() + " restart");
                    continue;
                }
                try {
                    start(member);
                } catch (RuntimeException e) {
                    // its behavior factory threw: a failure of the child, decided as a message of its own
                    // so that the others of this restart start first
                    getContext().getSelf().tell(new StartFailed(index, e));
                }
            }
        }

        private Behavior<Command> onStartFailed(StartFailed failed) {
            Child child = children.get(failed.child());
            getContext().getLog().warn("Child {} could not be restarted: {}", child.name(), failed.cause().toString());
            child.lastFailure = failed.cause().toString();
            listener.failed(child.name(), failed.cause());
            if (gaveUp != null || child.incarnation != null || child.restart != null) {
                return this; // stopping anyway, or started again meanwhile, or part of another restart
            }
            return decide(child, failed.cause());
        }

        private void start(Child child) {
            ActorRef<?> incarnation = spawn(child.spec, child.name() + "-" + (child.incarnations + 1));
            child.incarnations++;
            getContext().watch(incarnation);
            byIncarnation.put(incarnation, child);
            child.incarnation = incarnation;
            child.state = ChildState.RUNNING;
            child.gateway.tell(new ChildGateway.Attach(incarnation));
            if (child.incarnations == 1) {
                getContext().getLog().info("Child {} started", child.name());
            } else {
                getContext().getLog().info("Child {} restarted (restart {})", child.name(), child.incarnations - 1);
            }
            listener.started(child.name());
        }

        private <T> ActorRef<T> spawn(ChildSpec<T> spec, String name) {
            return getContext().spawn(spec.behavior().get(), name);
        }

        private void stop(Child child) {
            child.gateway.tell(ChildGateway.Control.DETACH);
            child.stopping = true;
            getContext().stop(child.incarnation);
        }

        private void remove(Child child, String why) {
            child.state = ChildState.REMOVED;
            child.gateway.tell(ChildGateway.Control.REMOVE);
            getContext().getLog().info("Child {} removed ({})", child.name(), why);
            listener.removed(child.name());
        }

        private Behavior<Command> giveUp(String reason, Throwable cause) {
            gaveUp = reason;
            gaveUpCause = cause;
            timers.cancelAll();
            restarts.clear();
            for (Child child : children) {
                child.restart = null;
                if (child.incarnation == null && child.state != ChildState.REMOVED) {
                    child.state = ChildState.STOPPED;
                }
            }
            List<String> running = new ArrayList<>();
            for (int i = children.size() - 1; i >= 0; i--) {
                if (children.get(i).incarnation != null) {
                    running.add(children.get(i).name());
                }
            }
            getContext().getLog().error("Giving up: {}; stopping {} in that order", reason, running);
            listener.gaveUp(reason, cause);
            return stopNextOrFail();
        }

        /** While giving up: stops the last running child, or, once none runs, fails. */
        private Behavior<Command> stopNextOrFail() {
            Child next = null;
            for (Child child : children) {
                if (child.stopping) {
                    return this;
                }
                if (child.incarnation != null) {
                    next = child;
                }
            }
            if (next != null) {
                stop(next);
                return this;
            }
            throw new SupervisorGaveUpException(gaveUp, gaveUpCause);
        }
    }
}
