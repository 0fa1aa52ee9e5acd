package io.sabot.persistence.journal;

import io.sabot.persistence.journal.JournalStorage.EventToWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The single writer of a {@link JournalStorage}: runs writes, deletes and highest-sequence-number
 * reads one after another, in the order they were asked for, on the blocking dispatcher.
 *
 * <p>Appends waiting in the queue together are committed as one RocksDB write (group commit): with
 * {@code sync-writes = on}, a hundred actors writing at once share one fsync instead of queueing for
 * a hundred. Each caller's future completes only after the write that holds its events succeeded.
 * Reading the highest sequence number in the same queue means it sees every write asked for before
 * it (a restarting actor must not reuse the sequence numbers of its last, still running, write).
 */
final class JournalWriter {

    /** Appends grouped into one write at most; bounds a write's size and its callers' latency. */
    private static final int MAX_GROUP = 1000;

    private record Append(List<EventToWrite> events, CompletableFuture<Void> done) {
    }

    private record InOrder<T>(Callable<T> work, CompletableFuture<T> done) {
        void run() {
            try {
                done.complete(work.call());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }
    }

    private final JournalStorage storage;
    private final Executor executor;
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    JournalWriter(JournalStorage storage, Executor executor) {
        this.storage = storage;
        this.executor = executor;
    }

    /** Stores the events atomically, after everything asked for before. */
    CompletableFuture<Void> append(List<EventToWrite> events) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Append(events, done));
        schedule();
        return done;
    }

    /** Runs {@code work} after everything asked for before, and before anything asked for after. */
    <T> CompletableFuture<T> inOrder(Callable<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        queue.add(new InOrder<>(work, done));
        schedule();
        return done;
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RuntimeException e) { // the dispatcher is shut down: nothing will run any more
                draining.set(false);
                failAll(e);
            }
        }
    }

    private void drain() {
        try {
            List<Append> group = new ArrayList<>();
            Object task;
            while ((task = queue.poll()) != null) {
                if (task instanceof Append append) {
                    group.add(append);
                    if (group.size() == MAX_GROUP) {
                        commit(group);
                    }
                } else {
                    commit(group);
                    ((InOrder<?>) task).run();
                }
            }
            commit(group);
        } finally {
            draining.set(false);
        }
        if (!queue.isEmpty()) { // added after the last poll, before draining was reset
            schedule();
        }
    }

    private void commit(List<Append> group) {
        if (group.isEmpty()) {
            return;
        }
        List<EventToWrite> events;
        if (group.size() == 1) {
            events = group.get(0).events();
        } else {
            events = new ArrayList<>();
            for (Append append : group) {
                events.addAll(append.events());
            }
        }
        try {
            storage.append(events);
            group.forEach(append -> append.done().complete(null));
        } catch (Throwable e) { // not known to be stored: every caller's write failed
            group.forEach(append -> append.done().completeExceptionally(e));
        }
        group.clear();
    }

    private void failAll(Throwable cause) {
        Object task;
        while ((task = queue.poll()) != null) {
            if (task instanceof Append append) {
                append.done().completeExceptionally(cause);
            } else {
                ((InOrder<?>) task).done().completeExceptionally(cause);
            }
        }
    }
}
