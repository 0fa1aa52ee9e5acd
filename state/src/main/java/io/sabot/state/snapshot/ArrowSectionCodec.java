package io.sabot.state.snapshot;

import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.StateMeta;
import io.sabot.state.serialization.BytesInput;
import io.sabot.state.serialization.BytesOutput;
import java.io.ByteArrayInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The columnar backend's sections: each key group is an Arrow IPC stream holding one table, a row
 * per key — {@code key binary}, then a column per state: float64 / int64 for numeric columns,
 * binary (the stored value) for object states, a blob of all entries for a map state or a timer
 * queue; null where
 * the key has no value.
 */
public final class ArrowSectionCodec implements SectionCodec {

    public static final ArrowSectionCodec INSTANCE = new ArrowSectionCodec();

    private ArrowSectionCodec() {}

    @Override
    public String format() {
        return "sabot-columnar-1";
    }

    @Override
    public void write(DataOutputStream out, int keyGroup, Map<String, List<StateEntry>> byState, ColumnBlock columns,
                      List<StateMeta> metas) throws IOException {
        // Rows: the column block's keys (in its order), then keys only object states have.
        List<byte[]> keys = new ArrayList<>(List.of(columns.keys()));
        Map<ByteBuffer, Integer> rows = new HashMap<>();
        if (!byState.isEmpty()) {
            for (int row = 0; row < keys.size(); row++) {
                rows.put(ByteBuffer.wrap(keys.get(row)), row);
            }
            byState.values().forEach(entries -> entries.forEach(e -> {
                if (rows.putIfAbsent(ByteBuffer.wrap(e.key()), keys.size()) == null) {
                    keys.add(e.key());
                }
            }));
        }
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("key", FieldType.notNullable(ArrowType.Binary.INSTANCE), null));
        List<StateMeta> present = metas.stream().filter(m -> byState.containsKey(m.name())).toList();
        for (StateMeta meta : present) {
            fields.add(new Field(meta.name(), FieldType.nullable(arrowType(meta.kind())), null));
        }
        for (int e = 0; e < columns.names().size(); e++) {
            fields.add(new Field(columns.names().get(e), FieldType.nullable(columns.longColumn()[e]
                    ? new ArrowType.Int(64, true) : new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null));
        }
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator)) {
            int rowCount = keys.size();
            VarBinaryVector keyVector = (VarBinaryVector) root.getVector("key");
            keyVector.allocateNew(rowCount);
            for (int row = 0; row < rowCount; row++) {
                keyVector.setSafe(row, keys.get(row));
            }
            for (StateMeta meta : present) {
                FieldVector vector = root.getVector(meta.name());
                vector.setInitialCapacity(rowCount);
                vector.allocateNew();
                List<StateEntry> entries = byState.get(meta.name());
                if (hasUserKeys(meta)) {
                    writeMapBlobs((VarBinaryVector) vector, entries, rows);
                } else {
                    for (StateEntry entry : entries) {
                        int row = rows.get(ByteBuffer.wrap(entry.key()));
                        switch (meta.kind()) {
                            case DOUBLE_COLUMN -> ((Float8Vector) vector).setSafe(row, ByteBuffer.wrap(entry.value()).getDouble());
                            case LONG_COLUMN -> ((BigIntVector) vector).setSafe(row, ByteBuffer.wrap(entry.value()).getLong());
                            default -> ((VarBinaryVector) vector).setSafe(row, entry.value());
                        }
                    }
                }
            }
            for (int e = 0; e < columns.names().size(); e++) {
                writeColumn(root.getVector(columns.names().get(e)), columns.bits()[e], columns.present()[e], rowCount);
            }
            root.setRowCount(rowCount);
            try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
                writer.start();
                writer.writeBatch();
                writer.end();
            }
        }
    }

    /** A numeric column element straight from its values: null where absent (and on rows past the block's). */
    private static void writeColumn(FieldVector vector, long[] bits, boolean[] present, int rowCount) {
        vector.setInitialCapacity(rowCount);
        vector.allocateNew();
        for (int row = 0; row < bits.length; row++) {
            if (!present[row]) {
                continue;
            }
            if (vector instanceof Float8Vector doubles) {
                doubles.set(row, Double.longBitsToDouble(bits[row]));
            } else {
                ((BigIntVector) vector).set(row, bits[row]);
            }
        }
        vector.setValueCount(rowCount);
    }

    @Override
    public List<StateEntry> read(byte[] section, int keyGroup, List<StateMeta> metas) throws IOException {
        List<StateEntry> entries = new ArrayList<>();
        Map<String, StateMeta> byName = new LinkedHashMap<>();
        metas.forEach(m -> byName.put(m.name(), m));
        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(section), allocator)) {
            if (!reader.loadNextBatch()) {
                return entries;
            }
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            VarBinaryVector keyVector = (VarBinaryVector) root.getVector("key");
            byte[][] keys = new byte[root.getRowCount()][]; // one copy per key, shared by its entries
            for (int row = 0; row < keys.length; row++) {
                keys[row] = keyVector.get(row);
            }
            for (FieldVector vector : root.getFieldVectors()) {
                StateMeta meta = byName.get(vector.getName());
                if (meta == null) {
                    continue; // the key column
                }
                for (int row = 0; row < root.getRowCount(); row++) {
                    if (vector.isNull(row)) {
                        continue;
                    }
                    byte[] key = keys[row];
                    switch (meta.kind()) {
                        case DOUBLE_COLUMN -> entries.add(new StateEntry(meta.name(), keyGroup, key, null,
                                bigEndian(Double.doubleToRawLongBits(((Float8Vector) vector).get(row)))));
                        case LONG_COLUMN -> entries.add(new StateEntry(meta.name(), keyGroup, key, null,
                                bigEndian(((BigIntVector) vector).get(row))));
                        case MAP, TIMERS -> readMapBlob(meta.name(), keyGroup, key, ((VarBinaryVector) vector).get(row), entries);
                        default -> entries.add(new StateEntry(meta.name(), keyGroup, key, null,
                                ((VarBinaryVector) vector).get(row)));
                    }
                }
            }
        }
        return entries;
    }

    /** {@code value}'s 8 bytes, most significant first (as {@code ByteBuffer.putLong}, without the buffer). */
    private static byte[] bigEndian(long value) {
        byte[] bytes = new byte[8];
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return bytes;
    }

    /** Map states and timers have several entries per key, told apart by a user key. */
    private static boolean hasUserKeys(StateMeta meta) {
        return meta.kind() == StateMeta.Kind.MAP || meta.kind() == StateMeta.Kind.TIMERS;
    }

    private static ArrowType arrowType(StateMeta.Kind kind) {
        return switch (kind) {
            case DOUBLE_COLUMN -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case LONG_COLUMN -> new ArrowType.Int(64, true);
            default -> ArrowType.Binary.INSTANCE;
        };
    }

    /** All entries of a key's map as one value: {@code count, (userKey, value)…} with int lengths. */
    private static void writeMapBlobs(VarBinaryVector vector, List<StateEntry> entries, Map<ByteBuffer, Integer> rows)
            throws IOException {
        Map<Integer, List<StateEntry>> byRow = new LinkedHashMap<>();
        entries.forEach(e -> byRow.computeIfAbsent(rows.get(ByteBuffer.wrap(e.key())), r -> new ArrayList<>()).add(e));
        for (Map.Entry<Integer, List<StateEntry>> row : byRow.entrySet()) {
            BytesOutput blob = new BytesOutput(64);
            blob.writeInt(row.getValue().size());
            for (StateEntry entry : row.getValue()) {
                blob.writeInt(entry.userKey().length);
                blob.write(entry.userKey());
                blob.writeInt(entry.value().length);
                blob.write(entry.value());
            }
            vector.setSafe(row.getKey(), blob.toByteArray());
        }
    }

    private static void readMapBlob(String state, int keyGroup, byte[] key, byte[] blob, List<StateEntry> entries)
            throws IOException {
        BytesInput in = new BytesInput(blob, 0, blob.length);
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            byte[] userKey = new byte[in.readInt()];
            in.readFully(userKey);
            byte[] value = new byte[in.readInt()];
            in.readFully(value);
            entries.add(new StateEntry(state, keyGroup, key, userKey, value));
        }
    }
}
