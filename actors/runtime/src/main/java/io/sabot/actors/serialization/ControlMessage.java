package io.sabot.actors.serialization;

/**
 * Marks the runtime's control messages (deploy, credits, task reports, job results, …). They cross
 * nodes as Jackson CBOR (bound in reference.conf); Java serialization stays off.
 */
public interface ControlMessage {}
