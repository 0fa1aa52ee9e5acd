package io.sabot.supervision;

import org.apache.pekko.actor.Dropped;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;

/**
 * The stable ref of one child: forwards to the running incarnation, stashes (up to the child's
 * capacity, in order) while there is none, rejects what does not fit and everything once the
 * child is removed. A child of the {@link Supervisor}, which attaches and detaches incarnations.
 *
 * <p>It also watches the incarnation itself: after a crash it stops forwarding as soon as it hears
 * of it, without waiting for the supervisor's {@link Control#DETACH}. Messages already forwarded to an
 * incarnation that then fails or is stopped die with its mailbox (as in Erlang).
 */
final class ChildGateway<T> {

    /** Forward to {@code incarnation} from now on, the stash first. */
    record Attach(ActorRef<?> incarnation) {}

    /** The supervisor's other orders. */
    enum Control {
        /** Stash from now on: the incarnation is stopped or being stopped. */
        DETACH,
        /** Reject from now on, the stash too: the child will not be started again. */
        REMOVE
    }

    private final ChildSpec<T> spec;
    private final ActorContext<Object> context;
    private final StashBuffer<Object> stash;

    private ChildGateway(ChildSpec<T> spec, ActorContext<Object> context, StashBuffer<Object> stash) {
        this.spec = spec;
        this.context = context;
        this.stash = stash;
    }

    /** Starts detached (stashing) until the supervisor attaches the first incarnation. */
    static <T> Behavior<Object> create(ChildSpec<T> spec) {
        return Behaviors.setup(context -> {
            context.setLoggerName(Supervisor.class);
            // a StashBuffer needs room for one; capacity 0 is enforced by stashed() instead
            return Behaviors.<Object>withStash(Math.max(1, spec.stashCapacity()),
                    stash -> new ChildGateway<>(spec, context, stash).stashing());
        });
    }

    private Behavior<Object> forwarding(ActorRef<Object> incarnation) {
        return Behaviors.receive(Object.class)
                .onMessage(Attach.class, this::attach)
                .onMessageEquals(Control.DETACH, this::stashing)
                .onMessageEquals(Control.REMOVE, this::removed)
                .onSignal(Terminated.class, terminated -> terminated.getRef().equals(incarnation) ? stashing() : Behaviors.same())
                .onAnyMessage(message -> {
                    if (!spec.messageClass().isInstance(message)) {
                        return Behaviors.unhandled();
                    }
                    incarnation.tell(message);
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Object> stashing() {
        return Behaviors.receive(Object.class)
                .onMessage(Attach.class, this::attach)
                .onMessageEquals(Control.DETACH, Behaviors::same)
                .onMessageEquals(Control.REMOVE, () -> {
                    stash.forEach(message -> reject(message, "removed while it was restarting"));
                    stash.clear();
                    return removed();
                })
                .onSignal(Terminated.class, terminated -> Behaviors.same())
                .onAnyMessage(message -> {
                    if (!spec.messageClass().isInstance(message)) {
                        return Behaviors.unhandled();
                    }
                    if (stash.size() < spec.stashCapacity()) {
                        stash.stash(message);
                    } else {
                        reject(message, "its stash of " + spec.stashCapacity() + " is full while it restarts");
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Object> removed() {
        return Behaviors.receive(Object.class)
                .onMessage(Attach.class, attach -> Behaviors.same())
                .onMessageEquals(Control.DETACH, Behaviors::same)
                .onMessageEquals(Control.REMOVE, Behaviors::same)
                .onSignal(Terminated.class, terminated -> Behaviors.same())
                .onAnyMessage(message -> {
                    if (!spec.messageClass().isInstance(message)) {
                        return Behaviors.unhandled();
                    }
                    reject(message, "it was removed (not restarted)");
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Object> attach(Attach attach) {
        ActorRef<Object> incarnation = attach.incarnation().unsafeUpcast();
        // watched here too, so that a crash stops the forwarding before the supervisor says so
        context.watch(incarnation);
        return stash.unstashAll(forwarding(incarnation));
    }

    /** Never silent: the user's callback, or a warning and dead letters. */
    private void reject(Object message, String why) {
        if (spec.onRejected() != null) {
            try {
                spec.onRejected().accept(spec.messageClass().cast(message));
            } catch (RuntimeException e) {
                context.getLog().error("Child {}: the rejection callback failed on {}", spec.name(), message, e);
            }
            return;
        }
        context.getLog().warn("Child {}: message {} not delivered: {}; published to dead letters", spec.name(), message, why);
        context.getSystem().eventStream().tell(new EventStream.Publish<>(
                Dropped.apply(message, "child " + spec.name() + ": " + why, Adapter.toClassic(context.getSelf()))));
    }
}
