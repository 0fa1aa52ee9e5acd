package io.sabot.watermarks.strategy;

import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The event timestamp (epoch milliseconds) of a row of an Arrow batch. */
@FunctionalInterface
public interface TimestampAssigner {

    long extractTimestamp(VectorSchemaRoot batch, int row);

    /** The timestamps of all rows of {@code batch} into {@code timestamps} (the fast path for sources). */
    default void extractTimestamps(VectorSchemaRoot batch, long[] timestamps) {
        for (int row = 0; row < batch.getRowCount(); row++) {
            timestamps[row] = extractTimestamp(batch, row);
        }
    }

    /** Rejects a schema the assigner cannot read; called when the job is built. */
    default void checkSchema(Schema schema) {}

    /** A row has no timestamp; {@link #row()} is its index in the batch. */
    final class MissingTimestampException extends IllegalArgumentException {
        private final int row;

        public MissingTimestampException(String message, int row) {
            super(message);
            this.row = row;
        }

        public int row() {
            return row;
        }
    }

    /**
     * Timestamps from an integer (epoch milliseconds) or {@code timestamp[ms]} column; a null
     * timestamp is an error naming the column and row.
     */
    static TimestampAssigner column(String name) {
        return new TimestampAssigner() {
            @Override
            public long extractTimestamp(VectorSchemaRoot batch, int row) {
                return read(vector(batch), row);
            }

            @Override
            public void extractTimestamps(VectorSchemaRoot batch, long[] timestamps) {
                FieldVector vector = vector(batch);
                for (int row = 0; row < batch.getRowCount(); row++) {
                    timestamps[row] = read(vector, row);
                }
            }

            private FieldVector vector(VectorSchemaRoot batch) {
                FieldVector vector = batch.getVector(name);
                if (vector == null) {
                    throw new IllegalArgumentException("no timestamp column '" + name + "' in the batch");
                }
                return vector;
            }

            private long read(FieldVector vector, int row) {
                if (vector.isNull(row)) {
                    throw new MissingTimestampException("timestamp column '" + name + "' is empty", row);
                }
                if (vector instanceof BaseIntVector integers) {
                    return integers.getValueAsLong(row);
                }
                return ((TimeStampVector) vector).get(row);
            }

            @Override
            public void checkSchema(Schema schema) {
                Field field = schema.getFields().stream().filter(f -> f.getName().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no timestamp column '" + name + "'"));
                ArrowType type = field.getType();
                boolean integer = type instanceof ArrowType.Int i && i.getBitWidth() >= 32;
                boolean timestamp = type instanceof ArrowType.Timestamp t && t.getUnit() == TimeUnit.MILLISECOND;
                if (!integer && !timestamp) {
                    throw new IllegalArgumentException("timestamp column '" + name + "' has type " + type
                            + "; expected int32/int64 epoch milliseconds or timestamp[ms]");
                }
            }
        };
    }
}
