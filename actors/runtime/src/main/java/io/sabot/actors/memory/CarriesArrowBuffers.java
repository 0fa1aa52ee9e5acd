package io.sabot.actors.memory;

/**
 * A message that carries Arrow buffers (a batch). Whoever drops it undelivered (dead letters, a
 * stopped task) must release them, or they leak until the node closes its allocators and fails.
 */
public interface CarriesArrowBuffers {

    /** Frees the buffers the message carries; harmless when called twice. */
    void release();
}
