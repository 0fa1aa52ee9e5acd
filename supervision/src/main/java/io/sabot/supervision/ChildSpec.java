package io.sabot.supervision;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;

/**
 * One child of a {@link Supervisor}. Immutable; build it with {@link #of} and the {@code with}
 * methods.
 *
 * @param name          unique among the supervisor's children; the name of the child's stable
 *                      ref (its gateway actor), and, with {@code -N} added, of its N-th incarnation
 * @param messageClass  the messages the child takes; {@link Children#ref} checks it
 * @param behavior      called once per incarnation, so that a restart starts from a fresh behavior
 *                      (and fresh state) rather than the one that failed
 * @param policy        whether the child is restarted when it ends
 * @param stashCapacity messages kept, in order, while the child is being restarted (0: none)
 * @param onRejected    called, on the gateway's thread, with each message that finds the stash full,
 *                      or that comes after the child was removed (so it can answer "rejected" to
 *                      the sender); {@code null}: log a warning naming the child and publish the
 *                      message to dead letters as a {@link org.apache.pekko.actor.Dropped}
 */
public record ChildSpec<T>(String name, Class<T> messageClass, Supplier<Behavior<T>> behavior, RestartPolicy policy,
                           int stashCapacity, Consumer<T> onRejected) {

    /** Stash capacity of {@link #of}. */
    public static final int DEFAULT_STASH_CAPACITY = 1000;

    public ChildSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(messageClass, "messageClass");
        Objects.requireNonNull(behavior, "behavior");
        Objects.requireNonNull(policy, "policy");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a child needs a name");
        }
        if (stashCapacity < 0) {
            throw new IllegalArgumentException("stash capacity must not be negative, was " + stashCapacity);
        }
    }

    /** A {@link RestartPolicy#PERMANENT} child with a stash of {@value #DEFAULT_STASH_CAPACITY} and the default rejection. */
    public static <T> ChildSpec<T> of(String name, Class<T> messageClass, Supplier<Behavior<T>> behavior) {
        return new ChildSpec<>(name, messageClass, behavior, RestartPolicy.PERMANENT, DEFAULT_STASH_CAPACITY, null);
    }

    public ChildSpec<T> withPolicy(RestartPolicy policy) {
        return new ChildSpec<>(name, messageClass, behavior, policy, stashCapacity, onRejected);
    }

    public ChildSpec<T> withStashCapacity(int stashCapacity) {
        return new ChildSpec<>(name, messageClass, behavior, policy, stashCapacity, onRejected);
    }

    public ChildSpec<T> withOnRejected(Consumer<T> onRejected) {
        return new ChildSpec<>(name, messageClass, behavior, policy, stashCapacity, onRejected);
    }
}
