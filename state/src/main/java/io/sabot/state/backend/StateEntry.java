package io.sabot.state.backend;

/**
 * One stored entry in backend-neutral form, as snapshots and exports carry it: the state, the
 * key's group and bytes, for a map state the user key's bytes, and the stored value's bytes (with
 * its TTL timestamp when the state has a TTL; a whole list for a list state).
 */
public record StateEntry(String state, int keyGroup, byte[] key, byte[] userKey, byte[] value) {}
