package io.sabot.state.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import org.junit.jupiter.api.Test;

class HeapKeyedStateStoreTest {

    @Test
    void valueStateIsScopedToTheCurrentKeyAndFollowsFlinksContract() {
        HeapKeyedStateStore store = new HeapKeyedStateStore();
        ValueState<Long> count = store.getState(new ValueStateDescriptor<>("count", Long.class));
        store.setCurrentKey(0);
        assertNull(count.value(), "empty until the first update");
        count.update(5L);
        store.setCurrentKey(1000);
        assertNull(count.value());
        count.update(7L);
        store.setCurrentKey(0);
        assertEquals(5L, count.value());
        count.update(null); // update(null) clears, as in Flink
        assertNull(count.value());
        store.setCurrentKey(1000);
        assertEquals(7L, count.value());
        count.clear();
        assertNull(count.value());
    }

    @Test
    void sameNameGivesSameStateAndTypeMismatchIsRejected() {
        HeapKeyedStateStore store = new HeapKeyedStateStore();
        ValueState<Long> a = store.getState(new ValueStateDescriptor<>("s", Long.class));
        assertSame(a, store.getState(new ValueStateDescriptor<>("s", Long.class)));
        assertThrows(IllegalArgumentException.class,
                () -> store.getState(new ValueStateDescriptor<>("s", String.class)));
    }

    @Test
    void stateWithoutCurrentKeyIsAnError() {
        HeapKeyedStateStore store = new HeapKeyedStateStore();
        ValueState<Long> a = store.getState(new ValueStateDescriptor<>("s", Long.class));
        IllegalStateException e = assertThrows(IllegalStateException.class, a::value);
        assertEquals("keyed state was used outside of a keyed context (no current key)", e.getMessage());
    }
}
