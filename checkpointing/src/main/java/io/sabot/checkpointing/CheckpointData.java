package io.sabot.checkpointing;

/**
 * Marks what a checkpoint stores and what crosses nodes about one: serialized as Jackson CBOR
 * (bound in reference.conf), in the snapshot store and on the wire; never Java serialization.
 */
public interface CheckpointData {}
