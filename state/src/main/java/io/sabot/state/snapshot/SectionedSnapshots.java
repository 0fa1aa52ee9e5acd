package io.sabot.state.snapshot;

import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.StateMeta;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/** Writing and reading snapshot files of key-group sections (heap and columnar backends). */
public final class SectionedSnapshots {

    private SectionedSnapshots() {}

    /** Entries of a restored snapshot, by state, with the snapshot's state metadata. */
    public record Restored(List<StateMeta> metas, Map<String, List<StateEntry>> byState) {}

    /**
     * Writes every entry {@code entries} produces, and the numeric column values {@code columns}
     * gives per key group, into {@code file}: one CRC-checked section per key group of
     * {@code range} that has any.
     */
    public static void write(Path file, SectionCodec codec, SnapshotMetadata metadata, KeyGroupRange range,
                             Consumer<Consumer<StateEntry>> entries, IntFunction<ColumnBlock> columns) throws IOException {
        Map<Integer, Map<String, List<StateEntry>>> byGroup = new HashMap<>();
        entries.accept(e -> byGroup.computeIfAbsent(e.keyGroup(), g -> new LinkedHashMap<>())
                .computeIfAbsent(e.state(), s -> new ArrayList<>()).add(e));
        try (KeyGroupSectionsWriter writer = new KeyGroupSectionsWriter(file)) {
            for (int keyGroup = range.startKeyGroup(); keyGroup <= range.endKeyGroup(); keyGroup++) {
                Map<String, List<StateEntry>> group = byGroup.getOrDefault(keyGroup, Map.of());
                ColumnBlock block = columns.apply(keyGroup);
                if (!group.isEmpty() || block.rows() > 0) {
                    codec.write(writer.beginSection(keyGroup), keyGroup, group, block, metadata.states());
                    writer.endSection();
                }
            }
            writer.finish(codec.format(), metadata.toBytes());
        }
    }

    /** Reads the sections of {@code handle} that fall in {@code range}, checking format and metadata. */
    public static Restored read(SnapshotHandle handle, SectionCodec codec, KeyType keyType, int maxParallelism,
                                KeyGroupRange range) throws IOException {
        try (KeyGroupSectionsReader reader = KeyGroupSectionsReader.open(handle.path())) {
            if (!codec.format().equals(reader.format())) {
                throw new IllegalStateException("snapshot " + handle.path() + " has format " + reader.format()
                        + ", expected " + codec.format());
            }
            SnapshotMetadata metadata = SnapshotMetadata.fromBytes(reader.metadata());
            metadata.checkRestorableInto(handle.path(), keyType, maxParallelism);
            Map<String, List<StateEntry>> byState = new HashMap<>();
            for (int keyGroup : reader.keyGroups()) {
                if (range.contains(keyGroup)) {
                    for (StateEntry entry : codec.read(reader.section(keyGroup), keyGroup, metadata.states())) {
                        byState.computeIfAbsent(entry.state(), s -> new ArrayList<>()).add(entry);
                    }
                }
            }
            return new Restored(metadata.states(), byState);
        }
    }
}
