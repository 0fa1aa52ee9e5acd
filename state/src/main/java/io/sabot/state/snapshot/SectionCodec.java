package io.sabot.state.snapshot;

import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.StateMeta;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** How one backend writes a key group's entries into a snapshot section, and reads them back. */
public interface SectionCodec {

    /** The format name written into the file (checked on restore). */
    String format();

    /** Writes a key group's object-state entries and its numeric column values ({@code columns}, maybe empty). */
    void write(DataOutputStream out, int keyGroup, Map<String, List<StateEntry>> byState, ColumnBlock columns,
               List<StateMeta> metas) throws IOException;

    List<StateEntry> read(byte[] section, int keyGroup, List<StateMeta> metas) throws IOException;

    /** The heap backend's plain binary sections. */
    SectionCodec BINARY = new SectionCodec() {
        @Override
        public String format() {
            return "sabot-heap-1";
        }

        @Override
        public void write(DataOutputStream out, int keyGroup, Map<String, List<StateEntry>> byState, ColumnBlock columns,
                          List<StateMeta> metas) throws IOException {
            EntrySections.write(out, byState, columns);
        }

        @Override
        public List<StateEntry> read(byte[] section, int keyGroup, List<StateMeta> metas) throws IOException {
            return EntrySections.read(section, keyGroup);
        }
    };
}
