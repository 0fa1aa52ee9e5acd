package io.sabot.state.internal;

import io.sabot.state.ttl.Ttl;

/** Reading a single stored value under TTL rules (shared by value, reducing and aggregating states). */
final class StoredValues {

    private StoredValues() {}

    /**
     * The current key's user value, or null. An expired value is removed; it is returned once more
     * only with {@code ReturnExpiredIfNotCleanedUp}. A live value's timestamp is refreshed on read
     * with {@code OnReadAndWrite}.
     */
    static <T> T read(ValueStorage storage, Ttl ttl) throws Exception {
        Object stored = storage.get();
        if (stored == null) {
            return null;
        }
        if (ttl.isExpired(stored)) {
            storage.remove();
            return ttl.returnExpired() ? ttl.unwrap(stored) : null;
        }
        if (ttl.enabled() && ttl.refreshOnRead()) {
            storage.put(ttl.touch(stored));
        }
        return ttl.unwrap(stored);
    }

    /**
     * As {@link #read}, for a caller that writes the key's value right after (reducing and
     * aggregating {@code add}): no removal or refresh of its own, which that write would undo.
     */
    static <T> T readForUpdate(ValueStorage storage, Ttl ttl) throws Exception {
        Object stored = storage.get();
        if (stored == null || (ttl.isExpired(stored) && !ttl.returnExpired())) {
            return null;
        }
        return ttl.unwrap(stored);
    }

    /** Removes the current key's value; {@code State.clear()} declares no checked exception. */
    static void clear(ValueStorage storage) {
        try {
            storage.remove();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("clearing state failed", e);
        }
    }
}
