package io.sabot.persistence;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * Blocking work run on the plugin's blocking dispatcher, and its results as the Scala futures of
 * Pekko's plugin API — failed with the exception the work threw, not a {@link CompletionException}
 * around it, so that what Pekko reports (and logs) is the reason itself.
 */
public final class BlockingWork {

    private BlockingWork() {
    }

    /** Runs {@code work} on {@code executor}; the future completes with its result or its exception. */
    public static <T> CompletableFuture<T> run(Executor executor, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    public static <T> Future<T> toScala(CompletionStage<? extends T> stage) {
        CompletableFuture<T> unwrapped = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            if (error == null) {
                unwrapped.complete(value);
            } else {
                unwrapped.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            }
        });
        return FutureConverters.asScala(unwrapped);
    }
}
