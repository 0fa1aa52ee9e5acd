package io.sabot.state.internal;

import io.sabot.state.api.ValueState;
import io.sabot.state.ttl.Ttl;
import java.io.IOException;

/** {@link ValueState} over a {@link ValueStorage}, with Flink's TTL rules. */
final class TtlValueState<T> implements ValueState<T> {

    private final ValueStorage storage;
    private final Ttl ttl;

    TtlValueState(ValueStorage storage, Ttl ttl) {
        this.storage = storage;
        this.ttl = ttl;
    }

    @Override
    public T value() throws IOException {
        try {
            return StoredValues.read(storage, ttl);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public void update(T value) throws IOException {
        try {
            if (value == null) {
                storage.remove();
            } else {
                storage.put(ttl.wrap(value));
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public void clear() {
        StoredValues.clear(storage);
    }
}
