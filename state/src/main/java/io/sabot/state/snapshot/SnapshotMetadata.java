package io.sabot.state.snapshot;

import io.sabot.state.backend.StateMeta;
import io.sabot.state.keys.KeyType;
import io.sabot.state.serialization.BytesInput;
import io.sabot.state.serialization.BytesOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a snapshot says about itself: key type, number of key groups, and every state in it. */
public record SnapshotMetadata(KeyType keyType, int maxParallelism, List<StateMeta> states) {

    public byte[] toBytes() {
        BytesOutput out = new BytesOutput(256);
        try {
            out.writeUTF(keyType.name());
            out.writeInt(maxParallelism);
            out.writeInt(states.size());
            for (StateMeta meta : states) {
                out.writeUTF(meta.name());
                out.writeUTF(meta.kind().name());
                out.writeUTF(meta.valueSerializer());
                out.writeUTF(meta.userKeySerializer());
                out.writeBoolean(meta.ttl());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    public static SnapshotMetadata fromBytes(byte[] bytes) throws IOException {
        BytesInput in = new BytesInput(bytes, 0, bytes.length);
        KeyType keyType = KeyType.valueOf(in.readUTF());
        int maxParallelism = in.readInt();
        int count = in.readInt();
        List<StateMeta> states = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            states.add(new StateMeta(in.readUTF(), StateMeta.Kind.valueOf(in.readUTF()), in.readUTF(), in.readUTF(),
                    in.readBoolean()));
        }
        return new SnapshotMetadata(keyType, maxParallelism, states);
    }

    /** Fails unless a backend keyed by {@code type} over {@code keyGroups} key groups can restore this. */
    public void checkRestorableInto(Path file, KeyType type, int keyGroups) {
        if (keyType != type) {
            throw new IllegalStateException("snapshot " + file + " is keyed by " + keyType + ", the job by " + type);
        }
        if (maxParallelism != keyGroups) {
            throw new IllegalStateException("snapshot " + file + " has " + maxParallelism + " key groups (max parallelism),"
                    + " the job " + keyGroups + ": the max parallelism of a job's state can never change");
        }
    }
}
