package io.sabot.state.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keygroups.KeyGroupRangeAssignment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class KeyDictionaryTest {

    private static final Schema SCHEMA = new Schema(List.of(new Field("k", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    @Test
    void idsFromArrowBatchesFollowFirstAppearanceAndKeyGroupsFollowFlink() {
        SplittableRandom random = new SplittableRandom(9);
        List<String> universe = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int length = random.nextInt(0, 13); // short (packed) and long keys, and the empty key
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < length; c++) {
                sb.append(random.nextInt(10) == 0 ? (char) random.nextInt(0xC0, 0x800) : (char) random.nextInt('A', 'Z' + 1));
            }
            universe.add(sb.toString());
        }
        KeyDictionary dictionary = new KeyDictionary(KeyType.UTF8, 128, new KeyGroupRange(0, 127));
        KeyColumn column = KeyColumn.of(SCHEMA, "k");
        Map<String, Integer> expected = new HashMap<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (int batch = 0; batch < 20; batch++) {
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    keys.add(universe.get(random.nextInt(universe.size())));
                }
                int[] ids = new int[keys.size()];
                try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                    root.allocateNew();
                    for (int i = 0; i < keys.size(); i++) {
                        ((VarCharVector) root.getVector("k")).setSafe(i, keys.get(i).getBytes(StandardCharsets.UTF_8));
                    }
                    root.setRowCount(keys.size());
                    assertEquals(dictionary.ids(root, column, ids), dictionary.size());
                }
                for (int i = 0; i < keys.size(); i++) {
                    Integer known = expected.putIfAbsent(keys.get(i), expected.size());
                    assertEquals(known == null ? expected.size() - 1 : known, ids[i], keys.get(i));
                }
            }
        }
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            assertEquals(e.getKey(), dictionary.key(e.getValue()));
            assertEquals(KeyGroupRangeAssignment.assignToKeyGroup(e.getKey(), 128), dictionary.keyGroup(e.getValue()));
            assertEquals(e.getValue(), dictionary.idOf(e.getKey()), "the String path agrees");
        }
    }
}
