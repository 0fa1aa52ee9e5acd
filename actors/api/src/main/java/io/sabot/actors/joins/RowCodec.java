package io.sabot.actors.joins;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Encodes chosen columns of a batch's rows as bytes, and writes encoded rows into output vectors:
 * how a join keeps rows of any schema in keyed state without boxing a value.
 *
 * <p>An encoded row is {@code [one validity bit per column, ⌈n/8⌉ bytes]} followed, for each non-null
 * column in order, by its value: a fixed-width column's bytes as they are in the Arrow buffer
 * (little-endian), a bool as one byte, utf8 and binary as their length (int, little-endian) and
 * bytes. Null columns take no bytes beyond their bit.
 *
 * <p>Supported column types: integers, floating point, bool, utf8, binary, timestamp, date, time,
 * duration, interval, decimal and fixed-size binary. Others (lists, structs, maps, large strings)
 * are refused when the codec is made, naming the column. Dictionary-encoded columns are decoded
 * before they get here.
 *
 * <p>Not thread-safe: {@link #bind} keeps the bound batch's buffers for {@link #encode}.
 */
final class RowCodec {

    /** The width code of a bool column (one byte per value in an encoded row). */
    static final int BIT = 0;
    /** The width code of a utf8 or binary column. */
    static final int VARIABLE = -1;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private final String side;
    private final int[] columns;      // index of each encoded column in the input schema
    private final int[] widths;       // bytes of a fixed-width column, BIT or VARIABLE
    private final List<Field> fields; // the columns as they are written out
    private final int bitmapBytes;
    private final int fixedBytes;     // what a row takes at most besides the bytes of its variable-width values

    // the bound batch
    private final FieldVector[] vectors;
    private final long[] data;
    private final long[] offsets;

    /**
     * A codec of the columns {@code names} of {@code schema}, written out as {@code outputNames}.
     *
     * @param side     which input, for messages ("left", "right")
     * @param nullable whether the output columns are made nullable (a right column is null when no row matches)
     * @throws IllegalArgumentException naming a column that is missing or of an unsupported type
     */
    RowCodec(Schema schema, List<String> names, List<String> outputNames, String side, boolean nullable) {
        if (names.size() != outputNames.size()) {
            throw new IllegalArgumentException("as many output names as columns are needed");
        }
        this.side = side;
        this.columns = new int[names.size()];
        this.widths = new int[names.size()];
        this.fields = new ArrayList<>(names.size());
        int fixed = 0;
        for (int c = 0; c < names.size(); c++) {
            columns[c] = indexOf(schema, names.get(c), side);
            Field field = schema.getFields().get(columns[c]);
            widths[c] = widthOf(field, side);
            fixed += widths[c] > 0 ? widths[c] : widths[c] == BIT ? 1 : 4;
            FieldType type = nullable ? new FieldType(true, field.getType(), null, field.getMetadata()) : field.getFieldType();
            fields.add(new Field(outputNames.get(c), type, field.getChildren()));
        }
        this.bitmapBytes = (names.size() + 7) >>> 3;
        this.fixedBytes = bitmapBytes + fixed;
        this.vectors = new FieldVector[names.size()];
        this.data = new long[names.size()];
        this.offsets = new long[names.size()];
    }

    /** A codec of every column of {@code schema}, written out unchanged. */
    static RowCodec allColumns(Schema schema, String side) {
        List<String> names = schema.getFields().stream().map(Field::getName).toList();
        return new RowCodec(schema, names, names, side, false);
    }

    private static int indexOf(Schema schema, String name, String side) {
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("the " + side + " input has no column '" + name + "' (it has "
                + fields.stream().map(Field::getName).toList() + ")");
    }

    /** The width code of {@code field}: its bytes per value, {@link #BIT} or {@link #VARIABLE}. */
    static int widthOf(Field field, String side) {
        ArrowType type = field.getType();
        int width = switch (type.getTypeID()) {
            case Int -> ((ArrowType.Int) type).getBitWidth() / 8;
            case FloatingPoint -> switch (((ArrowType.FloatingPoint) type).getPrecision()) {
                case HALF -> 2;
                case SINGLE -> 4;
                case DOUBLE -> 8;
            };
            case Bool -> BIT;
            case Utf8, Binary -> VARIABLE;
            case Timestamp, Duration -> 8;
            case Date -> ((ArrowType.Date) type).getUnit() == org.apache.arrow.vector.types.DateUnit.DAY ? 4 : 8;
            case Time -> ((ArrowType.Time) type).getBitWidth() / 8;
            case Decimal -> ((ArrowType.Decimal) type).getBitWidth() / 8;
            case FixedSizeBinary -> ((ArrowType.FixedSizeBinary) type).getByteWidth();
            case Interval -> switch (((ArrowType.Interval) type).getUnit()) {
                case YEAR_MONTH -> 4;
                case DAY_TIME -> 8;
                case MONTH_DAY_NANO -> 16;
            };
            default -> Integer.MIN_VALUE;
        };
        if (width == Integer.MIN_VALUE || (width > 0 && !field.getChildren().isEmpty())) {
            throw new IllegalArgumentException("column '" + field.getName() + "' of the " + side + " input has type "
                    + type + ": a join keeps columns of fixed-width types (numbers, times, decimals), bool, utf8"
                    + " and binary");
        }
        return width;
    }

    /** The columns as they are written out. */
    List<Field> fields() {
        return fields;
    }

    int columnCount() {
        return columns.length;
    }

    /** Takes the buffers of {@code root}'s columns for the following {@link #encode} calls. */
    void bind(VectorSchemaRoot root) {
        List<FieldVector> all = root.getFieldVectors();
        for (int c = 0; c < columns.length; c++) {
            FieldVector vector = all.get(columns[c]);
            int width = widths[c];
            boolean fits = width > 0 ? vector instanceof BaseFixedWidthVector fixed && fixed.getTypeWidth() == width
                    : width == BIT ? vector instanceof BitVector : vector instanceof BaseVariableWidthVector;
            if (!fits) {
                throw new IllegalStateException("column '" + vector.getName() + "' of the " + side + " input is a "
                        + vector.getClass().getSimpleName() + ", not what its schema said when the join was built");
            }
            vectors[c] = vector;
            data[c] = width == BIT ? 0 : vector.getDataBufferAddress();
            offsets[c] = width == VARIABLE ? vector.getOffsetBufferAddress() : 0;
        }
    }

    /** Appends the encoding of row {@code row} of the bound batch to {@code into} (ended by {@link RowBuffer#endRow}). */
    void encode(int row, RowBuffer into) {
        byte[] b = into.capacity(into.byteCount + fixedBytes);
        int bitmap = into.byteCount;
        int pos = bitmap + bitmapBytes;
        for (int i = bitmap; i < pos; i++) {
            b[i] = 0;
        }
        for (int c = 0; c < columns.length; c++) {
            FieldVector vector = vectors[c];
            if (vector.isNull(row)) {
                continue;
            }
            b[bitmap + (c >>> 3)] |= (byte) (1 << (c & 7));
            int width = widths[c];
            if (width > 0) {
                long address = data[c] + (long) row * width;
                switch (width) {
                    case 8 -> LONG.set(b, pos, MemoryUtil.getLong(address));
                    case 4 -> INT.set(b, pos, MemoryUtil.getInt(address));
                    case 2 -> SHORT.set(b, pos, MemoryUtil.getShort(address));
                    case 1 -> b[pos] = MemoryUtil.getByte(address);
                    default -> MemoryUtil.copyFromMemory(address, b, pos, width);
                }
                pos += width;
            } else if (width == BIT) {
                b[pos++] = (byte) ((BitVector) vector).get(row);
            } else {
                long at = offsets[c] + 4L * row;
                int start = MemoryUtil.getInt(at);
                int length = MemoryUtil.getInt(at + 4) - start;
                INT.set(b, pos, length);
                pos += 4;
                b = into.capacity(pos + length + fixedBytes); // the value, and room for the rest of the row
                MemoryUtil.copyFromMemory(data[c] + start, b, pos, length);
                pos += length;
            }
        }
        into.byteCount = pos;
    }

    /**
     * Writes the encoded row at {@code bytes[pos…]} into row {@code row} of {@code out[first …]}:
     * fixed-width and bool vectors allocated for at least {@code row + 1} values with every validity
     * bit clear, utf8 and binary vectors growing as they are written. Null columns are left unset.
     */
    void decode(byte[] bytes, int pos, FieldVector[] out, int first, int row) {
        int bitmap = pos;
        pos += bitmapBytes;
        for (int c = 0; c < columns.length; c++) {
            if ((bytes[bitmap + (c >>> 3)] & (1 << (c & 7))) == 0) {
                continue;
            }
            FieldVector vector = out[first + c];
            int width = widths[c];
            if (width > 0) {
                long address = vector.getDataBufferAddress() + (long) row * width;
                switch (width) {
                    case 8 -> MemoryUtil.putLong(address, (long) LONG.get(bytes, pos));
                    case 4 -> MemoryUtil.putInt(address, (int) INT.get(bytes, pos));
                    case 2 -> MemoryUtil.putShort(address, (short) SHORT.get(bytes, pos));
                    case 1 -> MemoryUtil.putByte(address, bytes[pos]);
                    default -> MemoryUtil.copyToMemory(bytes, pos, address, width);
                }
                BitVectorHelper.setBit(vector.getValidityBuffer(), row);
                pos += width;
            } else if (width == BIT) {
                ((BitVector) vector).set(row, bytes[pos++]);
            } else {
                int length = (int) INT.get(bytes, pos);
                pos += 4;
                ((BaseVariableWidthVector) vector).setSafe(row, bytes, pos, length);
                pos += length;
            }
        }
    }
}
