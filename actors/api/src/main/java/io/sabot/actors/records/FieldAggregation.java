package io.sabot.actors.records;

import io.sabot.state.api.ReduceFunction;
import java.util.Map;

/**
 * The keyed shortcuts of Flink's {@code KeyedStream} — {@code sum}, {@code min}, {@code max},
 * {@code minBy}, {@code maxBy} of one field — as reduce functions over records, with Flink's rules:
 * {@code sum}, {@code min} and {@code max} return the first record of the key with the field
 * aggregated (the other fields are the first record's); {@code minBy} and {@code maxBy} return the
 * whole record holding the extreme value, the earlier one on ties.
 */
public final class FieldAggregation<T extends Record> implements ReduceFunction<T> {

    /** Which aggregation. */
    public enum Kind { SUM, MIN, MAX, MIN_BY, MAX_BY }

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(long.class, Long.class, int.class, Integer.class,
            double.class, Double.class, boolean.class, Boolean.class);

    private final Kind kind;
    private final RecordType<T> type;
    private final int field;

    /** Rejects a field the record lacks, or one that cannot be summed or compared. */
    public FieldAggregation(Kind kind, Class<T> recordType, String field) {
        this.kind = kind;
        this.type = RecordType.of(recordType);
        this.field = type.component(field);
        Class<?> fieldType = BOXES.getOrDefault(type.componentType(this.field), type.componentType(this.field));
        boolean numeric = fieldType == Long.class || fieldType == Integer.class || fieldType == Double.class;
        if (kind == Kind.SUM ? !numeric : !Comparable.class.isAssignableFrom(fieldType)) {
            throw new IllegalArgumentException("cannot " + kind.name().toLowerCase().replace("_", "") + " field '" + field
                    + "' of " + recordType.getSimpleName() + ": it is a " + fieldType.getSimpleName()
                    + (kind == Kind.SUM ? " (sum takes long, int or double)" : ""));
        }
    }

    @Override
    public T reduce(T accumulated, T value) {
        Object a = value(accumulated);
        Object b = value(value);
        return switch (kind) {
            case SUM -> type.with(accumulated, field, sum(a, b));
            case MIN -> compare(b, a) < 0 ? type.with(accumulated, field, b) : accumulated;
            case MAX -> compare(b, a) > 0 ? type.with(accumulated, field, b) : accumulated;
            case MIN_BY -> compare(b, a) < 0 ? value : accumulated;
            case MAX_BY -> compare(b, a) > 0 ? value : accumulated;
        };
    }

    private Object value(T record) {
        Object value = type.get(record, field);
        if (value == null) {
            throw new IllegalArgumentException("field '" + type.schema().getFields().get(field).getName() + "' of "
                    + record + " is null: " + kind.name().toLowerCase() + " needs a value");
        }
        return value;
    }

    private static Object sum(Object a, Object b) {
        if (a instanceof Long x) {
            return x + (Long) b;
        }
        if (a instanceof Integer x) {
            return x + (Integer) b;
        }
        return (Double) a + (Double) b;
    }

    @SuppressWarnings("unchecked")
    private static int compare(Object a, Object b) {
        return ((Comparable<Object>) a).compareTo(b);
    }
}
