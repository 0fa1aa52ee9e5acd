package io.sabot.state.heap;

import io.sabot.state.api.KeyedStateStore;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Keyed state on the Java heap for one subtask, addressed by the dense key id of the current key
 * (see {@code io.sabot.state.keys}). The runtime sets the current key before each record.
 */
public final class HeapKeyedStateStore implements KeyedStateStore {

    private final Map<String, HeapValueState<?>> states = new HashMap<>();
    private int currentKey = -1;

    /** Makes {@code keyId} the key every state access refers to. */
    public void setCurrentKey(int keyId) {
        if (keyId < 0) {
            throw new IllegalArgumentException("key ids are non-negative, got " + keyId);
        }
        currentKey = keyId;
    }

    public int currentKey() {
        if (currentKey < 0) {
            throw new IllegalStateException("keyed state was used outside of a keyed context (no current key)");
        }
        return currentKey;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        HeapValueState<?> existing = states.get(descriptor.name());
        if (existing == null) {
            HeapValueState<T> created = new HeapValueState<>(this, descriptor.type());
            states.put(descriptor.name(), created);
            return created;
        }
        if (existing.type != descriptor.type()) {
            throw new IllegalArgumentException("state '" + descriptor.name() + "' was registered with type "
                    + existing.type.getName() + ", not " + descriptor.type().getName());
        }
        return (ValueState<T>) existing;
    }

    private static final class HeapValueState<T> implements ValueState<T> {
        private final HeapKeyedStateStore store;
        private final Class<T> type;
        private Object[] values = new Object[64];

        HeapValueState(HeapKeyedStateStore store, Class<T> type) {
            this.store = store;
            this.type = type;
        }

        @Override
        public T value() {
            int key = store.currentKey();
            return key < values.length ? type.cast(values[key]) : null;
        }

        @Override
        public void update(T value) {
            int key = store.currentKey();
            if (key >= values.length) {
                if (value == null) {
                    return;
                }
                values = Arrays.copyOf(values, Math.max(values.length * 2, key + 1));
            }
            values[key] = type.cast(value);
        }

        @Override
        public void clear() {
            update(null);
        }
    }
}
