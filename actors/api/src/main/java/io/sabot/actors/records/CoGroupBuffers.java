package io.sabot.actors.records;

import io.sabot.state.serialization.ListSerializer;
import io.sabot.state.serialization.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;

/**
 * The contents of one key's window in a window join or coGroup: the elements of each input, in
 * arrival order (Flink keeps the two inputs of a coGroup as one tagged union in a list state; this
 * is the same list, split by side). Kept as a window accumulator in the keyed state backend.
 */
public final class CoGroupBuffers<L, R> {

    /** An element of input {@code input} (0: left, 1: right) on its way into a window. */
    public record Element(int input, Object value) {}

    private final ArrayList<L> first;
    private final ArrayList<R> second;

    CoGroupBuffers(ArrayList<L> first, ArrayList<R> second) {
        this.first = first;
        this.second = second;
    }

    CoGroupBuffers() {
        this(new ArrayList<>(), new ArrayList<>());
    }

    /** The left input's elements. */
    public ArrayList<L> first() {
        return first;
    }

    /** The right input's elements. */
    public ArrayList<R> second() {
        return second;
    }

    @SuppressWarnings("unchecked")
    void add(Element element) {
        if (element.input() == 0) {
            first.add((L) element.value());
        } else {
            second.add((R) element.value());
        }
    }

    /** Appends {@code other}'s elements (session windows merging). */
    void addAll(CoGroupBuffers<L, R> other) {
        first.addAll(other.first);
        second.addAll(other.second);
    }

    /** Stores both lists, each with its element serializer. */
    public static <L, R> TypeSerializer<CoGroupBuffers<L, R>> serializer(TypeSerializer<L> left, TypeSerializer<R> right) {
        ListSerializer<L> lefts = new ListSerializer<>(left);
        ListSerializer<R> rights = new ListSerializer<>(right);
        return new TypeSerializer<>() {
            @Override
            public String id() {
                return "cogroup:" + lefts.id() + "," + rights.id();
            }

            @Override
            public void serialize(CoGroupBuffers<L, R> value, DataOutput out) throws IOException {
                lefts.serialize(value.first, out);
                rights.serialize(value.second, out);
            }

            @Override
            public CoGroupBuffers<L, R> deserialize(DataInput in) throws IOException {
                ArrayList<L> first = lefts.deserialize(in);
                return new CoGroupBuffers<>(first, rights.deserialize(in));
            }

            @Override
            public CoGroupBuffers<L, R> copy(CoGroupBuffers<L, R> value) {
                return new CoGroupBuffers<>(lefts.copy(value.first), rights.copy(value.second));
            }
        };
    }
}
