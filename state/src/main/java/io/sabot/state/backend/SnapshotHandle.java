package io.sabot.state.backend;

import io.sabot.state.keygroups.KeyGroupRange;
import java.nio.file.Path;

/**
 * A completed snapshot of one subtask's keyed state: which backend wrote it, where (a file for
 * heap and columnar, a directory for RocksDB) and which key groups it holds. Restoring takes the
 * handles of all old subtasks and keeps the key groups that fall in the new subtask's range.
 */
public record SnapshotHandle(StateBackendKind kind, long checkpointId, KeyGroupRange keyGroups, Path path) {}
