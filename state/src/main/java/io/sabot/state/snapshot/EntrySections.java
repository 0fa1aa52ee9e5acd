package io.sabot.state.snapshot;

import io.sabot.state.backend.StateEntry;
import io.sabot.state.serialization.BytesInput;
import io.sabot.state.serialization.BytesOutput;
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

    /** The entries, then each numeric column element as a state of its own (8-byte big-endian values). */
    public static void write(DataOutput out, Map<String, List<StateEntry>> byState, ColumnBlock columns) throws IOException {
        int[] present = new int[columns.names().size()];
        int states = byState.size();
        for (int e = 0; e < present.length; e++) {
            present[e] = columns.presentCount(e);
            states += present[e] > 0 ? 1 : 0;
        }
        out.writeInt(states);
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
        for (int e = 0; e < present.length; e++) {
            if (present[e] == 0) {
                continue;
            }
            out.writeUTF(columns.names().get(e));
            out.writeInt(present[e]);
            long[] bits = columns.bits()[e];
            boolean[] here = columns.present()[e];
            BytesOutput values = new BytesOutput(present[e] * 32); // one write for the element: not five per value
            for (int row = 0; row < columns.rows(); row++) {
                if (here[row]) {
                    writeBytes(values, columns.keys()[row]);
                    values.writeInt(-1);
                    values.writeInt(8);
                    values.writeLong(bits[row]);
                }
            }
            out.write(values.buffer(), 0, values.length());
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
