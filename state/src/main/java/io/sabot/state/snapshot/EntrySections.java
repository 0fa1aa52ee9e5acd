package io.sabot.state.snapshot;

import io.sabot.state.backend.StateEntry;
import io.sabot.state.serialization.BytesInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The binary form of one key group's entries in a heap snapshot section:
 * {@code stateCount, (name, entryCount, (key, userKey or -1, value)…)…}, lengths as ints.
 */
public final class EntrySections {

    private EntrySections() {}

    public static void write(DataOutput out, Map<String, List<StateEntry>> byState) throws IOException {
        out.writeInt(byState.size());
        for (Map.Entry<String, List<StateEntry>> state : byState.entrySet()) {
            out.writeUTF(state.getKey());
            out.writeInt(state.getValue().size());
            for (StateEntry entry : state.getValue()) {
                writeBytes(out, entry.key());
                if (entry.userKey() == null) {
                    out.writeInt(-1);
                } else {
                    writeBytes(out, entry.userKey());
                }
                writeBytes(out, entry.value());
            }
        }
    }

    public static List<StateEntry> read(byte[] section, int keyGroup) throws IOException {
        List<StateEntry> entries = new ArrayList<>();
        if (section.length == 0) {
            return entries;
        }
        BytesInput in = new BytesInput(section, 0, section.length);
        int states = in.readInt();
        for (int s = 0; s < states; s++) {
            String name = in.readUTF();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                byte[] key = readBytes(in);
                int userKeyLength = in.readInt();
                byte[] userKey = null;
                if (userKeyLength >= 0) {
                    userKey = new byte[userKeyLength];
                    in.readFully(userKey);
                }
                entries.add(new StateEntry(name, keyGroup, key, userKey, readBytes(in)));
            }
        }
        return entries;
    }

    private static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(BytesInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }
}
