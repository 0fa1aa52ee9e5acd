package io.sabot.actors.batch;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.dictionary.DictionaryProvider.MapDictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The dictionaries of a batch's dictionary-encoded columns, which travel with the batch (see
 * {@code Batch}): a column holds indices, its dictionary the values. Sabot's dictionary-encoded
 * columns have utf8 values (symbols). Dictionaries are never written once built, so the parts of a
 * split batch share their buffers rather than copying them.
 */
public final class Dictionaries {

    private Dictionaries() {}

    /** Moves every dictionary into a new provider owned by {@code allocator} (no copy). */
    public static MapDictionaryProvider transfer(MapDictionaryProvider dictionaries, BufferAllocator allocator) {
        return moved(dictionaries, allocator, false);
    }

    /** A new provider over the same buffers (reference-counted): each part of a split batch gets one. */
    public static MapDictionaryProvider share(MapDictionaryProvider dictionaries, BufferAllocator allocator) {
        return moved(dictionaries, allocator, true);
    }

    private static MapDictionaryProvider moved(MapDictionaryProvider dictionaries, BufferAllocator allocator, boolean share) {
        MapDictionaryProvider result = new MapDictionaryProvider();
        for (long id : dictionaries.getDictionaryIds()) {
            Dictionary dictionary = dictionaries.lookup(id);
            FieldVector vector = dictionary.getVector();
            TransferPair pair = vector.getTransferPair(allocator);
            if (share) {
                pair.splitAndTransfer(0, vector.getValueCount());
            } else {
                pair.transfer();
            }
            result.put(new Dictionary((FieldVector) pair.getTo(), dictionary.getEncoding()));
        }
        return result;
    }

    /** The schema as sinks see it: every dictionary-encoded column as the utf8 column it decodes to. */
    public static Schema decodedSchema(Schema schema) {
        if (schema.getFields().stream().noneMatch(f -> f.getDictionary() != null)) {
            return schema;
        }
        List<Field> fields = new ArrayList<>();
        for (Field field : schema.getFields()) {
            fields.add(field.getDictionary() == null ? field
                    : new Field(field.getName(), new FieldType(field.isNullable(), ArrowType.Utf8.INSTANCE, null,
                            field.getMetadata()), null));
        }
        return new Schema(fields, schema.getCustomMetadata());
    }

    /** A new batch (in {@code allocator}) with every dictionary-encoded column decoded; {@code batch} is unchanged. */
    public static VectorSchemaRoot decode(VectorSchemaRoot batch, DictionaryProvider dictionaries, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (FieldVector vector : batch.getFieldVectors()) {
                if (vector.getField().getDictionary() == null) {
                    TransferPair pair = vector.getTransferPair(allocator);
                    pair.splitAndTransfer(0, batch.getRowCount()); // shares the buffers
                    vectors.add((FieldVector) pair.getTo());
                } else {
                    Dictionary dictionary = dictionaries == null ? null
                            : dictionaries.lookup(vector.getField().getDictionary().getId());
                    if (dictionary == null) {
                        throw new IllegalArgumentException("column '" + vector.getName()
                                + "' is dictionary-encoded but the batch carries no dictionary for it");
                    }
                    ValueVector decoded = DictionaryEncoder.decode(vector, dictionary, allocator);
                    vectors.add(renamed((FieldVector) decoded, vector.getName(), allocator));
                }
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(vectors);
    }

    /** Arrow names a decoded vector after its dictionary; the column keeps its own name. */
    private static FieldVector renamed(FieldVector vector, String name, BufferAllocator allocator) {
        if (vector.getName().equals(name)) {
            return vector;
        }
        TransferPair pair = vector.getTransferPair(name, allocator);
        pair.transfer();
        vector.close();
        return (FieldVector) pair.getTo();
    }
}
