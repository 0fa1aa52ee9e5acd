package io.sabot.persistence.query;

import io.sabot.persistence.BlockingWork;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A query result read from RocksDB one page at a time, on the blocking dispatcher, only as fast as
 * downstream asks for it. A current query completes when a read makes no progress; a live one
 * then waits the refresh interval and reads again, until the reader says the result is complete.
 */
final class PagedSource {

    /** Reads the page after a cursor; blocking, so it runs on the executor. */
    @FunctionalInterface
    interface PageReader<C, E> {
        Page<C, E> read(C cursor) throws Exception;
    }

    /**
     * What one read found and where the next read starts; {@code complete} when nothing can follow
     * (for example the requested {@code toSequenceNr} was reached).
     */
    record Page<C, E>(List<E> elements, C next, boolean complete) {
    }

    private record State<C>(C cursor, boolean waitFirst, boolean complete) {
    }

    private final ActorSystem system;
    private final Executor executor;
    private final Duration refreshInterval;
    private final String source;

    /** Pages read on {@code executor}; {@code source} names what is read in error messages. */
    PagedSource(ActorSystem system, Executor executor, Duration refreshInterval, String source) {
        this.system = system;
        this.executor = executor;
        this.refreshInterval = refreshInterval;
        this.source = source;
    }

    <C, E> Source<E, NotUsed> create(C start, boolean live, PageReader<C, E> reader) {
        return Source.unfoldAsync(new State<>(start, false, false), (State<C> state) -> {
            if (state.complete()) {
                return CompletableFuture.completedFuture(Optional.<Pair<State<C>, List<E>>>empty());
            }
            CompletionStage<Page<C, E>> page = state.waitFirst()
                    ? Patterns.after(refreshInterval, system, () -> read(reader, state.cursor()))
                    : read(reader, state.cursor());
            // Async on our executor: a stage from Patterns.after would otherwise run this on the
            // common pool, which on a 2-core machine starts a new thread per task.
            return page.thenApplyAsync(found -> {
                boolean progressed = !found.next().equals(state.cursor());
                if (!progressed && !live) {
                    return Optional.<Pair<State<C>, List<E>>>empty();
                }
                return Optional.of(Pair.create(new State<>(found.next(), !progressed, found.complete()), found.elements()));
            }, executor);
        }).mapConcat(elements -> elements);
    }

    private <C, E> CompletionStage<Page<C, E>> read(PageReader<C, E> reader, C cursor) {
        return run(() -> reader.read(cursor));
    }

    /** Runs blocking work for a query; a failure fails the query with the journal named. */
    <T> CompletableFuture<T> run(Callable<T> work) {
        return BlockingWork.run(executor, () -> {
            try {
                return work.call();
            } catch (Exception e) {
                throw new IllegalStateException("query of " + source + " failed: " + e.getMessage(), e);
            }
        });
    }
}
