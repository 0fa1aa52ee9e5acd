package io.sabot.state.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;

/** An {@code ArrayList} as its size and its elements, each with the element serializer. */
public final class ListSerializer<T> implements TypeSerializer<ArrayList<T>> {

    private final TypeSerializer<T> elements;

    public ListSerializer(TypeSerializer<T> elements) {
        this.elements = elements;
    }

    @Override
    public String id() {
        return "list:" + elements.id();
    }

    @Override
    public void serialize(ArrayList<T> list, DataOutput out) throws IOException {
        out.writeInt(list.size());
        for (T element : list) {
            elements.serialize(element, out);
        }
    }

    @Override
    public ArrayList<T> deserialize(DataInput in) throws IOException {
        int size = in.readInt();
        ArrayList<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(elements.deserialize(in));
        }
        return list;
    }

    @Override
    public ArrayList<T> copy(ArrayList<T> list) {
        ArrayList<T> copy = new ArrayList<>(list.size());
        for (T element : list) {
            copy.add(elements.copy(element));
        }
        return copy;
    }
}
