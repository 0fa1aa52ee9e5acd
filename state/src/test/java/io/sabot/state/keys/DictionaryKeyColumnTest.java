package io.sabot.state.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.StateBackends;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.keygroups.KeyGroupRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dictionary-encoded utf8 key column behaves exactly as the plain utf8 column it encodes. */
class DictionaryKeyColumnTest {

    private final BufferAllocator allocator = new RootAllocator();

    @TempDir
    Path directory;

    @AfterEach
    void close() {
        allocator.close();
    }

    /** The keys as a plain batch and as a dictionary-encoded one, with the dictionary (entries in another order). */
    private record Encoded(VectorSchemaRoot plain, VectorSchemaRoot encoded, DictionaryProvider.MapDictionaryProvider dictionaries)
            implements AutoCloseable {
        @Override
        public void close() {
            plain.close();
            encoded.close();
            dictionaries.close();
        }
    }

    private Encoded encode(List<String> keys, List<String> entries) {
        VarCharVector plain = new VarCharVector("symbol", allocator);
        VarCharVector values = new VarCharVector("symbol-dictionary", allocator);
        for (int i = 0; i < keys.size(); i++) {
            plain.setSafe(i, keys.get(i).getBytes(StandardCharsets.UTF_8));
        }
        plain.setValueCount(keys.size());
        for (int i = 0; i < entries.size(); i++) {
            values.setSafe(i, entries.get(i).getBytes(StandardCharsets.UTF_8));
        }
        values.setValueCount(entries.size());
        Dictionary dictionary = new Dictionary(values, new DictionaryEncoding(7, false, new ArrowType.Int(32, true)));
        FieldVector indices = (FieldVector) DictionaryEncoder.encode(plain, dictionary);
        return new Encoded(new VectorSchemaRoot(List.of((FieldVector) plain)), new VectorSchemaRoot(List.of(indices)),
                new DictionaryProvider.MapDictionaryProvider(dictionary));
    }

    private static List<String> keys(int count, List<String> universe, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(universe.get(random.nextInt(universe.size())));
        }
        return keys;
    }

    private static final List<String> UNIVERSE = List.of("AAPL", "MSFT", "BRK.B", "GOOGL", "A", "", "LONGER_THAN_8",
            "ÄÖÜ", "TSLA", "NVDA", "AMZN", "META");

    @Test
    void hashesIdsAndKeyGroupsEqualThoseOfThePlainColumn() throws Exception {
        List<String> entries = new ArrayList<>(UNIVERSE);
        java.util.Collections.reverse(entries);
        try (Encoded batch = encode(keys(5000, UNIVERSE, 3), entries)) {
            Schema schema = batch.encoded().getSchema();
            KeyColumn column = KeyColumn.of(schema, "symbol");
            assertInstanceOf(DictionaryKeyColumn.class, column);
            assertEquals(KeyType.UTF8, column.type());
            int rows = batch.plain().getRowCount();
            int[] plainHashes = new int[rows];
            int[] encodedHashes = new int[rows];
            KeyColumn.of(batch.plain().getSchema(), "symbol").hashCodes(batch.plain(), plainHashes);
            column.hashCodes(batch.encoded(), batch.dictionaries(), encodedHashes);
            assertArrayEquals(plainHashes, encodedHashes);

            for (StateBackendKind kind : StateBackendKind.values()) {
                try (KeyedStateBackend plain = backend(kind, "plain"); KeyedStateBackend encoded = backend(kind, "encoded")) {
                    int[] plainIds = new int[rows];
                    int[] encodedIds = new int[rows];
                    assertEquals(plain.bindBatch(batch.plain(), KeyColumn.of(batch.plain().getSchema(), "symbol"), plainIds),
                            encoded.bindBatch(batch.encoded(), batch.dictionaries(), column, encodedIds), kind.id());
                    assertArrayEquals(plainIds, encodedIds, kind.id());
                    for (int id = 0; id < UNIVERSE.size(); id++) {
                        assertEquals(plain.key(id), encoded.key(id), kind.id());
                    }
                    plain.finishBatch();
                    encoded.finishBatch();
                }
            }
        }
    }

    private KeyedStateBackend backend(StateBackendKind kind, String name) throws Exception {
        return StateBackends.create(StateBackendConfig.of(kind).withLocalDirectory(directory), KeyType.UTF8, 128,
                new KeyGroupRange(0, 127), TtlTimeProvider.SYSTEM, name, List.of());
    }

    @Test
    void aMissingDictionaryOrAnIndexOutsideItIsAnErrorNamingTheColumn() {
        try (Encoded batch = encode(List.of("AAPL", "MSFT"), List.of("AAPL", "MSFT"))) {
            KeyColumn column = KeyColumn.of(batch.encoded().getSchema(), "symbol");
            KeyDictionary dictionary = new KeyDictionary(KeyType.UTF8, 128, new KeyGroupRange(0, 127));
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> dictionary.ids(batch.encoded(), column, new int[2]));
            assertTrue(missing.getMessage().contains("'symbol' is dictionary-encoded"), missing.getMessage());
            ((org.apache.arrow.vector.IntVector) batch.encoded().getVector(0)).set(1, 5);
            IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                    () -> dictionary.ids(batch.encoded(), batch.dictionaries(), column, new int[2]));
            assertTrue(outside.getMessage().contains("row 1 holds index 5, outside its dictionary of 2 entries"),
                    outside.getMessage());
        }
    }
}
