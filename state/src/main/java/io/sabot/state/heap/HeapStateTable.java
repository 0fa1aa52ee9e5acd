package io.sabot.state.heap;

import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.StateMeta;
import io.sabot.state.internal.StoredSerializer;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyType;
import io.sabot.state.ttl.Ttl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * One state's values on the heap: a hash map per key group, key → stored value (for a map state,
 * key → map of user key → stored value).
 *
 * <p>Copy-on-write snapshots, per entry: a snapshot captures the maps as they are. The next access
 * to a captured key group while that snapshot is still being written replaces the map by a shallow
 * copy (the keys and the references to their values: puts and removes then leave the captured map
 * alone), and a read of a value the captured map still holds replaces it by a deep copy before it is
 * handed out (so changing it in place never reaches the captured one). Values nobody touches are never
 * copied. The snapshot thus reads unchanging maps on another thread while processing continues.
 */
final class HeapStateTable {

    private final StoredSerializer serializer;
    private final Ttl ttl;
    private final int firstKeyGroup;
    private final HashMap<Object, Object>[] maps;
    private final long[] capturedBy;
    /** Per key group: the map the running snapshot {@code sharedWith} captured (null: nothing shared); a value still in it by identity is shared. */
    private final HashMap<Object, Object>[] captured;
    private final long[] sharedWith;
    private final LongPredicate snapshotStillRunning;
    private int cleanupGroup;
    private Object[] cleanupKeys = new Object[0];
    private int cleanupPosition;

    @SuppressWarnings("unchecked")
    HeapStateTable(StoredSerializer serializer, Ttl ttl, KeyGroupRange range, LongPredicate snapshotStillRunning) {
        this.serializer = serializer;
        this.ttl = ttl;
        this.firstKeyGroup = range.startKeyGroup();
        this.maps = new HashMap[range.numberOfKeyGroups()];
        this.capturedBy = new long[maps.length];
        java.util.Arrays.fill(capturedBy, -1);
        this.captured = new HashMap[maps.length];
        this.sharedWith = new long[maps.length];
        this.snapshotStillRunning = snapshotStillRunning;
    }

    StoredSerializer serializer() {
        return serializer;
    }

    Ttl ttl() {
        return ttl;
    }

    /**
     * The map of {@code keyGroup}, ready for puts and removes. Read values through {@link #value}:
     * a value taken from this map directly may still be shared with a running snapshot.
     */
    HashMap<Object, Object> map(int keyGroup) {
        int index = keyGroup - firstKeyGroup;
        HashMap<Object, Object> map = maps[index];
        if (map == null) {
            map = new HashMap<>();
            maps[index] = map;
        } else if (capturedBy[index] >= 0) {
            if (snapshotStillRunning.test(capturedBy[index])) {
                captured[index] = map;
                sharedWith[index] = capturedBy[index];
                map = new HashMap<>(map); // keys and value references; values are copied when read
                maps[index] = map;
            }
            capturedBy[index] = -1;
        }
        return map;
    }

    /** The value of {@code key} in {@code keyGroup}, safe to change in place (null if none). */
    Object value(int keyGroup, Object key) {
        HashMap<Object, Object> map = map(keyGroup);
        Object stored = map.get(key);
        int index = keyGroup - firstKeyGroup;
        HashMap<Object, Object> snapshot = captured[index];
        if (stored == null || snapshot == null) {
            return stored;
        }
        if (!snapshotStillRunning.test(sharedWith[index])) {
            captured[index] = null; // the snapshot is written: nothing is shared any more
            return stored;
        }
        if (snapshot.get(key) == stored) { // still the captured object: copy before it can change
            stored = serializer.copy(stored);
            map.put(key, stored);
        }
        return stored;
    }

    /** The live maps, to read now on the owning thread (an export); a running snapshot's marks stay. */
    HashMap<Object, Object>[] live() {
        return maps;
    }

    /** The maps as they are now, for snapshot {@code snapshotId}; later writes go to copies. */
    HashMap<Object, Object>[] capture(long snapshotId) {
        HashMap<Object, Object>[] captured = maps.clone();
        for (int i = 0; i < maps.length; i++) {
            if (maps[i] != null) {
                capturedBy[i] = snapshotId;
            }
        }
        return captured;
    }

    /** Entries of captured maps, serialized; expired ones left out when {@code dropExpiredAt} >= 0. */
    static void forEachEntry(HashMap<Object, Object>[] captured, int firstKeyGroup, StoredSerializer serializer,
                             Ttl ttl, KeyType keyType, long dropExpiredAt, Consumer<StateEntry> consumer) {
        String name = serializer.meta().name();
        boolean isMap = serializer.meta().kind() == StateMeta.Kind.MAP;
        boolean isList = serializer.meta().kind() == StateMeta.Kind.LIST;
        for (int i = 0; i < captured.length; i++) {
            if (captured[i] == null) {
                continue;
            }
            int keyGroup = firstKeyGroup + i;
            for (Map.Entry<Object, Object> entry : captured[i].entrySet()) {
                byte[] key = keyType.toBytes(entry.getKey());
                Object stored = entry.getValue();
                if (isMap) {
                    @SuppressWarnings("unchecked")
                    Map<Object, Object> userMap = (Map<Object, Object>) stored;
                    for (Map.Entry<Object, Object> user : userMap.entrySet()) {
                        if (dropExpiredAt < 0 || !ttl.isExpired(user.getValue(), dropExpiredAt)) {
                            consumer.accept(new StateEntry(name, keyGroup, key, serializer.userKeyBytes(user.getKey()),
                                    serializer.valueBytes(user.getValue())));
                        }
                    }
                } else if (isList && dropExpiredAt >= 0) {
                    List<Object> live = new ArrayList<>();
                    for (Object element : (List<?>) stored) {
                        if (!ttl.isExpired(element, dropExpiredAt)) {
                            live.add(element);
                        }
                    }
                    if (!live.isEmpty()) {
                        consumer.accept(new StateEntry(name, keyGroup, key, null, serializer.valueBytes(live)));
                    }
                } else if (dropExpiredAt < 0 || isList || !ttl.isExpired(stored, dropExpiredAt)) {
                    consumer.accept(new StateEntry(name, keyGroup, key, null, serializer.valueBytes(stored)));
                }
            }
        }
    }

    int firstKeyGroup() {
        return firstKeyGroup;
    }

    /** Checks up to {@code count} keys for expired values and removes them (incremental TTL cleanup). */
    void cleanupStep(int count) {
        long now = ttl.now();
        for (int checked = 0; checked < count; checked++) {
            if (cleanupPosition >= cleanupKeys.length) {
                if (!advanceCleanupGroup()) {
                    return;
                }
            }
            Object key = cleanupKeys[cleanupPosition++];
            int keyGroup = firstKeyGroup + cleanupGroup;
            HashMap<Object, Object> map = map(keyGroup);
            // only a map state's cleanup changes the value in place: only it needs a copy of a shared one
            Object stored = serializer.meta().kind() == StateMeta.Kind.MAP ? value(keyGroup, key) : map.get(key);
            if (stored != null) {
                Object live = withoutExpired(stored, now);
                if (live == null) {
                    map.remove(key);
                } else if (live != stored) {
                    map.put(key, live);
                }
            }
        }
    }

    /** Moves the cleanup cursor to the next non-empty key group; false when there is none. */
    private boolean advanceCleanupGroup() {
        for (int step = 0; step < maps.length; step++) {
            cleanupGroup = (cleanupGroup + 1) % maps.length;
            HashMap<Object, Object> map = maps[cleanupGroup];
            if (map != null && !map.isEmpty()) {
                cleanupKeys = map.keySet().toArray();
                cleanupPosition = 0;
                return true;
            }
        }
        return false;
    }

    /** The stored value without its expired parts; null if nothing is left. */
    @SuppressWarnings("unchecked")
    private Object withoutExpired(Object stored, long now) {
        switch (serializer.meta().kind()) {
            case LIST -> {
                List<Object> list = (List<Object>) stored;
                List<Object> live = new ArrayList<>(list.size());
                for (Object element : list) {
                    if (!ttl.isExpired(element, now)) {
                        live.add(element);
                    }
                }
                return live.isEmpty() ? null : live.size() == list.size() ? stored : live;
            }
            case MAP -> {
                Map<Object, Object> map = (Map<Object, Object>) stored;
                for (Iterator<Object> values = map.values().iterator(); values.hasNext(); ) {
                    if (ttl.isExpired(values.next(), now)) {
                        values.remove();
                    }
                }
                return map.isEmpty() ? null : map;
            }
            default -> {
                return ttl.isExpired(stored, now) ? null : stored;
            }
        }
    }
}
