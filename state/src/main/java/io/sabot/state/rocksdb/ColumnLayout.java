package io.sabot.state.rocksdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * Which 8-byte slot of a key's packed column value belongs to which numeric column. Slots are
 * assigned in order of first registration and never reused; the layout is stored in the instance
 * itself (default column family), so it travels with every snapshot.
 */
final class ColumnLayout {

    private static final byte[] KEY = "__column_layout".getBytes(StandardCharsets.UTF_8);

    private final RocksDbInstance instance;
    private final List<String> names;

    private ColumnLayout(RocksDbInstance instance, List<String> names) {
        this.instance = instance;
        this.names = names;
    }

    static ColumnLayout read(RocksDbInstance instance) throws IOException {
        List<String> names = new ArrayList<>();
        try {
            byte[] stored = instance.db().get(KEY);
            if (stored != null && stored.length > 0) {
                names.addAll(List.of(new String(stored, StandardCharsets.UTF_8).split("\n")));
            }
        } catch (RocksDBException e) {
            throw RocksDbInstance.error("cannot read the column layout in " + instance.directory(), e);
        }
        return new ColumnLayout(instance, names);
    }

    /** The slot of column {@code name}, assigned (and persisted) if it is new. */
    int slotOf(String name) throws IOException {
        int slot = names.indexOf(name);
        if (slot >= 0) {
            return slot;
        }
        if (name.contains("\n")) {
            throw new IllegalArgumentException("a column name must not contain a line break: '" + name + "'");
        }
        names.add(name);
        try {
            instance.db().put(instance.writeOptions(), KEY, String.join("\n", names).getBytes(StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw RocksDbInstance.error("cannot store the column layout in " + instance.directory(), e);
        }
        return names.size() - 1;
    }

    int size() {
        return names.size();
    }

    List<String> names() {
        return List.copyOf(names);
    }
}
