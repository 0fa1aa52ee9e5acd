package io.sabot.state.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.state.api.BroadcastState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ReadOnlyBroadcastState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The broadcast state of a subtask: a snapshot restores every map in insertion order, also into
 * another subtask; a state no longer declared is dropped; one of other types is refused; the
 * read-only view refuses every change with an error naming the state.
 */
class BroadcastStatesTest {

    public record Limit(double value, String unit) {}

    private static final MapStateDescriptor<String, Double> LIMITS = new MapStateDescriptor<>("limits", String.class, Double.class);
    private static final MapStateDescriptor<Long, Limit> RULES = new MapStateDescriptor<>("rules", Long.class, Limit.class);

    @Test
    void aSnapshotRestoresEveryStateInInsertionOrder() throws Exception {
        BroadcastStates states = new BroadcastStates(List.of(LIMITS, RULES), "agent 'gate'");
        BroadcastState<String, Double> limits = states.get(LIMITS);
        for (String symbol : List.of("S9", "S1", "S5")) {
            limits.put(symbol, symbol.length() * 10.5);
        }
        limits.put("S1", 1.0); // replaces, keeps its place
        states.get(RULES).put(7L, new Limit(2.5, "bp"));
        byte[] snapshot = states.snapshot();
        limits.put("later", 3.0); // not in the snapshot

        BroadcastStates restored = new BroadcastStates(List.of(LIMITS, RULES), "agent 'gate'");
        restored.get(LIMITS).put("gone", 1.0); // a restore replaces what was there
        restored.restore(snapshot);
        List<String> order = new ArrayList<>();
        restored.readOnly(LIMITS).immutableEntries().forEach(e -> order.add(e.getKey() + "=" + e.getValue()));
        assertEquals(List.of("S9=21.0", "S1=1.0", "S5=21.0"), order);
        assertEquals(new Limit(2.5, "bp"), restored.readOnly(RULES).get(7L));
    }

    @Test
    void aStateNoLongerDeclaredIsDroppedAndOneOfOtherTypesIsRefused() throws Exception {
        BroadcastStates states = new BroadcastStates(List.of(LIMITS, RULES), "agent 'gate'");
        states.get(LIMITS).put("S1", 1.0);
        states.get(RULES).put(1L, new Limit(1, "bp"));
        byte[] snapshot = states.snapshot();

        BroadcastStates fewer = new BroadcastStates(List.of(LIMITS), "agent 'gate'");
        fewer.restore(snapshot);
        assertEquals(1.0, fewer.readOnly(LIMITS).get("S1"));

        BroadcastStates changed = new BroadcastStates(
                List.of(new MapStateDescriptor<>("limits", String.class, Long.class)), "agent 'gate'");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> changed.restore(snapshot));
        assertTrue(refused.getMessage().contains("broadcast state 'limits' of agent 'gate' was checkpointed with keys"
                + " string and values double; the job now declares keys string and values long"), refused.getMessage());
    }

    @Test
    void theReadOnlyViewRefusesEveryChangeNamingTheState() throws Exception {
        BroadcastStates states = new BroadcastStates(List.of(LIMITS), "agent 'gate'");
        states.get(LIMITS).put("S1", 1.0);
        ReadOnlyBroadcastState<String, Double> view = states.readOnly(LIMITS);
        @SuppressWarnings("unchecked")
        BroadcastState<String, Double> cast = (BroadcastState<String, Double>) view;
        List<Executable> changes = List.of(() -> cast.put("S2", 2.0), () -> cast.putAll(Map.of("S2", 2.0)),
                () -> cast.remove("S1"), cast::clear, cast::iterator,
                () -> view.immutableEntries().iterator().next().setValue(5.0), () -> {
                    var it = view.immutableEntries().iterator();
                    it.next();
                    it.remove();
                });
        for (Executable change : changes) {
            UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class, change);
            assertTrue(refused.getMessage().startsWith("broadcast state 'limits' of agent 'gate' is read-only here"),
                    refused.getMessage());
        }
        assertEquals(1.0, view.get("S1"));
        assertNull(view.get("S2"));
    }

    @Test
    void nullKeysAndValuesAndUndeclaredStatesAreRefusedNamingThem() {
        BroadcastStates states = new BroadcastStates(List.of(LIMITS), "agent 'gate'");
        NullPointerException nullValue = assertThrows(NullPointerException.class, () -> states.get(LIMITS).put("S1", null));
        assertTrue(nullValue.getMessage().contains("broadcast state 'limits' of agent 'gate' takes no null value"));
        IllegalArgumentException undeclared = assertThrows(IllegalArgumentException.class, () -> states.get(RULES));
        assertTrue(undeclared.getMessage().startsWith("broadcast state 'rules' is not declared by agent 'gate':"
                + " its broadcast stream declares 'limits'"), undeclared.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BroadcastStates(List.of(LIMITS, LIMITS), "agent 'gate'"));
    }
}
