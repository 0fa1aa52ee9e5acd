package io.sabot.state.internal;

import io.sabot.state.api.ColumnarStateStore.LongColumnState;
import io.sabot.state.api.ColumnarStateStore.DoubleColumnState;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.StateMeta;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyColumn;
import io.sabot.state.keys.KeyDictionary;
import io.sabot.state.keys.KeyType;
import io.sabot.state.snapshot.SectionCodec;
import io.sabot.state.snapshot.SectionedSnapshots;
import java.io.IOException;
import io.sabot.state.backend.TimerQueue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * The backends that keep every key in memory (heap, columnar): one dense id per key for the
 * subtask's lifetime, numeric columns as arrays indexed by it, snapshots as key-group sections.
 */
public abstract class DenseKeyedStateBackend extends AbstractKeyedStateBackend {

    protected final KeyDictionary keys;
    protected final ColumnArrays columns;
    private final Map<String, HeapTimerQueue> timerQueues = new LinkedHashMap<>();
    protected int currentId = -1;

    protected DenseKeyedStateBackend(KeyType keyType, int maxParallelism, KeyGroupRange keyGroupRange,
                                     TtlTimeProvider clock) {
        super(keyType, maxParallelism, keyGroupRange, clock);
        this.keys = new KeyDictionary(keyType, maxParallelism, keyGroupRange);
        this.columns = new ColumnArrays(keys);
    }

    /** Adds the entries of snapshots written by this kind of backend (as {@code codec}) that fall in our key groups. */
    protected void restoreSections(List<SnapshotHandle> handles, SectionCodec codec) throws IOException {
        for (SnapshotHandle handle : handles) {
            if (handle.kind() != kind()) {
                throw new IllegalArgumentException("the " + kind().id() + " backend cannot restore a " + handle.kind().id()
                        + " snapshot (" + handle.path() + "): export it and import it instead");
            }
            SectionedSnapshots.Restored restored = SectionedSnapshots.read(handle, codec, keyType, maxParallelism,
                    keyGroupRange);
            for (StateMeta meta : restored.metas()) {
                addRestored(meta, restored.byState().getOrDefault(meta.name(), List.of()));
            }
        }
    }

    @Override
    public abstract StateBackendKind kind();

    @Override
    public int bindBatch(VectorSchemaRoot batch, DictionaryProvider dictionaries, KeyColumn column, int[] ids) {
        int size = keys.ids(batch, dictionaries, column, ids);
        columns.ensureCapacity(size);
        return size;
    }

    @Override
    public void finishBatch() {}

    @Override
    public void setCurrentKey(int keyId) {
        currentId = keyId;
    }

    protected int currentId() {
        if (currentId < 0) {
            throw new IllegalStateException("keyed state was used outside of a keyed context (no current key)");
        }
        return currentId;
    }

    @Override
    public void setCurrentKeyObject(Object key) {
        setCurrentKey(keys.idOf(key));
        columns.ensureCapacity(keys.size());
    }

    @Override
    public long keyCount() {
        return keys.size();
    }

    @Override
    public Object key(int keyId) {
        return keys.key(keyId);
    }

    @Override
    public DoubleColumnState doubleColumns(String name, int width, double defaultValue) {
        if (columns.has(name)) {
            return columns.doubleColumn(name, width, defaultValue);
        }
        for (int i = 0; i < width; i++) {
            checkNameFree(StateMeta.columnElement(name, width, i));
        }
        DoubleColumnState column = columns.doubleColumn(name, width, defaultValue);
        for (int i = 0; i < width; i++) {
            String element = StateMeta.columnElement(name, width, i);
            columns.apply(element, takePending(element, StateMeta.column(element, StateMeta.Kind.DOUBLE_COLUMN)));
        }
        return column;
    }

    @Override
    public LongColumnState longColumn(String name, long defaultValue) {
        if (columns.has(name)) {
            return columns.longColumn(name, defaultValue);
        }
        checkNameFree(name);
        LongColumnState column = columns.longColumn(name, defaultValue);
        columns.apply(name, takePending(name, StateMeta.column(name, StateMeta.Kind.LONG_COLUMN)));
        return column;
    }

    @Override
    public TimerQueue timers(String name) {
        HeapTimerQueue queue = timerQueues.get(name);
        if (queue == null) {
            checkNameFree(name);
            queue = new HeapTimerQueue(name, keyType, () -> keys.keyBytes(currentId()), () -> keys.keyGroup(currentId()));
            queue.restore(takePending(name, StateMeta.timers(name)));
            timerQueues.put(name, queue);
        }
        return queue;
    }

    /** Numeric columns and timer queues: the states that are not object states. */
    @Override
    protected List<StateMeta> columnMetas() {
        List<StateMeta> metas = new ArrayList<>(columns.metas());
        timerQueues.keySet().forEach(name -> metas.add(StateMeta.timers(name)));
        return metas;
    }

    @Override
    protected void forEachColumnEntry(Consumer<StateEntry> consumer) {
        columns.forEachEntry(consumer);
        forEachTimerEntry(consumer);
    }

    /** Every registered timer as an entry (snapshots copy them when they capture). */
    protected void forEachTimerEntry(Consumer<StateEntry> consumer) {
        timerQueues.values().forEach(queue -> queue.forEachEntry(consumer));
    }

    @Override
    protected void applyIfRegistered(String name) throws IOException {
        applyPendingObjectState(name);
        for (StateMeta meta : columns.metas()) {
            if (meta.name().equals(name)) {
                columns.apply(name, takePending(name, meta));
            }
        }
        HeapTimerQueue queue = timerQueues.get(name);
        if (queue != null) {
            queue.restore(takePending(name, StateMeta.timers(name)));
        }
    }
}
