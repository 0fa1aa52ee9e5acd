package io.sabot.state.internal;

import io.sabot.state.api.AggregatingState;
import io.sabot.state.api.AggregatingStateDescriptor;
import io.sabot.state.api.ListState;
import io.sabot.state.api.ListStateDescriptor;
import io.sabot.state.api.MapState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ReducingState;
import io.sabot.state.api.ReducingStateDescriptor;
import io.sabot.state.api.StateDescriptor;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.StateMeta;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyType;
import io.sabot.state.transfer.StateExport;
import io.sabot.state.ttl.Ttl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * What every backend shares: the registry of states by name (a name always means the same kind,
 * serializers and TTL), the five state kinds built on the backend's storage, and restoring lazily:
 * entries of a snapshot or an import wait, as bytes, until their state is registered.
 */
public abstract class AbstractKeyedStateBackend implements KeyedStateBackend {

    protected final KeyType keyType;
    protected final int maxParallelism;
    protected final KeyGroupRange keyGroupRange;
    protected final TtlTimeProvider clock;

    private final Map<String, Registered> states = new LinkedHashMap<>();
    private final Map<String, StateMeta> restoredMeta = new HashMap<>();
    private final Map<String, List<StateEntry>> pending = new HashMap<>();

    /** A registered object state. */
    protected record Registered(StoredSerializer serializer, Ttl ttl, Object state) {}

    protected AbstractKeyedStateBackend(KeyType keyType, int maxParallelism, KeyGroupRange keyGroupRange,
                                        TtlTimeProvider clock) {
        this.keyType = keyType;
        this.maxParallelism = maxParallelism;
        this.keyGroupRange = keyGroupRange;
        this.clock = clock;
    }

    // --- what a backend provides ---

    /** Storage of one value per key for the state {@code serializer} describes. */
    protected abstract ValueStorage valueStorage(StoredSerializer serializer, Ttl ttl);

    /** Storage of one map per key for a map state. */
    protected abstract MapStorage mapStorage(StoredSerializer serializer, Ttl ttl);

    /** Puts restored entries (all of one state, of this subtask's key groups) into storage. */
    protected abstract void restoreObjectState(StoredSerializer serializer, List<StateEntry> entries) throws IOException;

    /** Every stored entry of the object states, for snapshots and exports. */
    protected abstract void forEachObjectEntry(Registered state, Consumer<StateEntry> consumer) throws IOException;

    /** Column states: their metadata and entries (one per key with a value). */
    protected abstract List<StateMeta> columnMetas();

    protected abstract void forEachColumnEntry(Consumer<StateEntry> consumer) throws IOException;

    // --- the state API ---

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        return register(descriptor, (serializer, ttl) -> new TtlValueState<>(valueStorage(serializer, ttl), ttl));
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return register(descriptor, (serializer, ttl) -> new TtlListState<>(valueStorage(serializer, ttl), ttl));
    }

    @Override
    public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
        return register(descriptor, (serializer, ttl) -> new TtlMapState<>(mapStorage(serializer, ttl), ttl));
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        return register(descriptor, (serializer, ttl) ->
                new TtlReducingState<>(valueStorage(serializer, ttl), ttl, descriptor.getReduceFunction()));
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        return register(descriptor, (serializer, ttl) ->
                new TtlAggregatingState<>(valueStorage(serializer, ttl), ttl, descriptor.getAggregateFunction()));
    }

    @SuppressWarnings("unchecked")
    private <S> S register(StateDescriptor<?> descriptor, BiFunction<StoredSerializer, Ttl, S> factory) {
        StoredSerializer serializer = new StoredSerializer(descriptor);
        Registered existing = states.get(descriptor.getName());
        if (existing != null) {
            existing.serializer().meta().checkCompatible(serializer.meta());
            return (S) existing.state();
        }
        checkNameFree(descriptor.getName());
        StateMeta restored = restoredMeta.get(descriptor.getName());
        if (restored != null) {
            restored.checkCompatible(serializer.meta());
        }
        Ttl ttl = new Ttl(descriptor.getTtlConfig(), clock);
        S state = factory.apply(serializer, ttl);
        List<StateEntry> entries = pending.remove(descriptor.getName());
        if (entries != null) {
            try {
                restoreObjectState(serializer, entries);
            } catch (IOException e) {
                throw new IllegalStateException("restoring state '" + descriptor.getName() + "' failed", e);
            }
        }
        states.put(descriptor.getName(), new Registered(serializer, ttl, state));
        return state;
    }

    /**
     * A state name belongs to one state — an object state, a column element or a timer queue — as
     * snapshots hold them all by name. Called before registering a new one.
     */
    protected void checkNameFree(String name) {
        if (states.containsKey(name) || columnMetas().stream().anyMatch(m -> m.name().equals(name))) {
            throw new IllegalArgumentException("state '" + name + "' is already registered");
        }
    }

    protected Iterable<Registered> registeredStates() {
        return states.values();
    }

    // --- restore ---

    /** Adds restored entries of one state; they are applied when the state is registered. */
    protected void addRestored(StateMeta meta, List<StateEntry> entries) {
        StateMeta known = restoredMeta.putIfAbsent(meta.name(), meta);
        if (known != null) {
            known.checkCompatible(meta);
        }
        List<StateEntry> own = new ArrayList<>(entries.size());
        for (StateEntry entry : entries) {
            if (keyGroupRange.contains(entry.keyGroup())) {
                own.add(entry);
            }
        }
        pending.computeIfAbsent(meta.name(), name -> new ArrayList<>()).addAll(own);
    }

    /** What a restored snapshot said state {@code name} is (null if it had no such state). */
    protected StateMeta restoredMeta(String name) {
        return restoredMeta.get(name);
    }

    /** Restored entries of {@code name} not yet applied (removed from the pending set). */
    protected List<StateEntry> takePending(String name, StateMeta registered) {
        StateMeta restored = restoredMeta.get(name);
        if (restored != null) {
            restored.checkCompatible(registered);
        }
        List<StateEntry> entries = pending.remove(name);
        return entries == null ? List.of() : entries;
    }

    /** Metadata of every state: registered ones, and restored ones not registered yet. */
    protected List<StateMeta> allMetas() {
        List<StateMeta> metas = new ArrayList<>();
        states.values().forEach(r -> metas.add(r.serializer().meta()));
        metas.addAll(columnMetas());
        restoredMeta.forEach((name, meta) -> {
            if (pending.containsKey(name) && metas.stream().noneMatch(m -> m.name().equals(name))) {
                metas.add(meta);
            }
        });
        return metas;
    }

    /** Restored entries whose state is not registered yet. */
    protected void forEachPendingEntry(Consumer<StateEntry> consumer) {
        pending.values().forEach(entries -> entries.forEach(consumer));
    }

    /** Every entry of every state, including restored ones not registered yet. */
    protected void forEachEntry(Consumer<StateEntry> consumer) throws IOException {
        for (Registered state : states.values()) {
            forEachObjectEntry(state, consumer);
        }
        forEachColumnEntry(consumer);
        forEachPendingEntry(consumer);
    }

    // --- import / export ---

    @Override
    public void exportTo(Path file) throws IOException {
        List<StateEntry> entries = new ArrayList<>();
        forEachEntry(entries::add);
        StateExport.write(file, keyType, maxParallelism, allMetas(), entries);
    }

    /** Restores from a file written by {@link #exportTo}, by this or any other backend. */
    public void importFrom(Path file) throws IOException {
        StateExport.Contents contents = StateExport.read(file);
        contents.metadata().checkRestorableInto(file, keyType, maxParallelism);
        Map<String, List<StateEntry>> byState = new HashMap<>();
        contents.entries().forEach(e -> byState.computeIfAbsent(e.state(), s -> new ArrayList<>()).add(e));
        for (StateMeta meta : contents.metadata().states()) {
            addRestored(meta, byState.getOrDefault(meta.name(), List.of()));
            applyIfRegistered(meta.name());
        }
    }

    /** Restored entries of a column or of an already registered state are applied at once. */
    protected abstract void applyIfRegistered(String name) throws IOException;

    /** Applies pending entries of an already registered object state. */
    protected void applyPendingObjectState(String name) throws IOException {
        Registered registered = states.get(name);
        if (registered != null) {
            List<StateEntry> entries = takePending(name, registered.serializer().meta());
            if (!entries.isEmpty()) {
                restoreObjectState(registered.serializer(), entries);
            }
        }
    }

    @Override
    public KeyType keyType() {
        return keyType;
    }

    @Override
    public int maxParallelism() {
        return maxParallelism;
    }

    @Override
    public KeyGroupRange keyGroupRange() {
        return keyGroupRange;
    }
}
