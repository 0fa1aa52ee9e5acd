package io.sabot.state.rocksdb;

import io.sabot.state.files.FileTrees;
import io.sabot.state.backend.RocksDbSettings;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.StateMeta;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Rescaling: fills a subtask's fresh RocksDB instance with the entries of its key groups, copied out
 * of snapshots taken by subtasks that owned other key-group ranges. Each snapshot is downloaded to a
 * scratch directory next to the instance, opened, and read by key-group range (timers, ordered by
 * time, by the key group inside their keys).
 */
final class RocksDbRescaling {

    private final RocksDbInstance instance;
    private final RocksDbColumns columns;
    private final KeyGroupRange keyGroupRange;

    RocksDbRescaling(RocksDbInstance instance, RocksDbColumns columns, KeyGroupRange keyGroupRange) {
        this.instance = instance;
        this.columns = columns;
        this.keyGroupRange = keyGroupRange;
    }

    /**
     * Copies the entries of our key groups out of {@code handle}, a snapshot of other key groups;
     * returns the states it describes (their entries are now in the target instance).
     */
    List<StateMeta> copyFrom(SnapshotHandle handle, RocksDbSettings settings, KeyType keyType, int maxParallelism)
            throws IOException {
        Path scratch = instance.directory().resolveSibling(instance.directory().getFileName() + "-restore");
        FileTrees.deleteRecursively(scratch);
        RocksDbSnapshots.Manifest manifest = RocksDbSnapshots.download(handle, scratch);
        manifest.metadata().checkRestorableInto(handle.path(), keyType, maxParallelism);
        try (RocksDbInstance source = RocksDbInstance.openExisting(scratch, settings)) {
            byte[] from = RocksDbKeys.keyGroupStart(keyGroupRange.startKeyGroup());
            byte[] to = keyGroupRange.endKeyGroup() + 1 < 65536 ? RocksDbKeys.keyGroupStart(keyGroupRange.endKeyGroup() + 1) : null;
            columns.copyFrom(source, from, to, handle);
            for (StateMeta meta : manifest.metadata().states()) {
                ColumnFamilyHandle sourceFamily = source.existingFamily(meta.name());
                if (sourceFamily == null) {
                    continue;
                }
                if (meta.kind() == StateMeta.Kind.DOUBLE_COLUMN || meta.kind() == StateMeta.Kind.LONG_COLUMN) {
                    continue; // copied with the columns family
                }
                ColumnFamilyHandle target = instance.family(meta.name(), 0);
                if (meta.kind() == StateMeta.Kind.TIMERS) {
                    copyTimers(source, sourceFamily, target, handle);
                    continue;
                }
                try (RocksIterator iterator = source.db().newIterator(sourceFamily);
                     WriteBatch batch = new WriteBatch()) {
                    for (iterator.seek(from); iterator.isValid(); iterator.next()) {
                        byte[] key = iterator.key();
                        if (to != null && Arrays.compareUnsigned(key, to) >= 0) {
                            break;
                        }
                        batch.put(target, key, iterator.value());
                    }
                    instance.db().write(instance.writeOptions(), batch);
                } catch (RocksDBException e) {
                    throw RocksDbInstance.error("cannot copy state '" + meta.name() + "' from " + handle.path(), e);
                }
            }
        } finally {
            FileTrees.deleteRecursively(scratch);
        }
        return manifest.metadata().states();
    }

    /** Timers are ordered by time, not key group: copy those whose key group (bytes 8-9) is ours. */
    private void copyTimers(RocksDbInstance source, ColumnFamilyHandle from, ColumnFamilyHandle to, SnapshotHandle handle)
            throws IOException {
        try (RocksIterator iterator = source.db().newIterator(from);
             WriteBatch batch = new WriteBatch()) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                byte[] key = iterator.key();
                if (keyGroupRange.contains(((key[8] & 0xff) << 8) | (key[9] & 0xff))) {
                    batch.put(to, key, iterator.value());
                }
            }
            instance.db().write(instance.writeOptions(), batch);
        } catch (RocksDBException e) {
            throw RocksDbInstance.error("cannot copy timers from " + handle.path(), e);
        }
    }
}
