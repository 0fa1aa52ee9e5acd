package io.sabot.state.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Utf8KeysTest {

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void closeAllocator() {
        allocator.close(); // fails the test if a buffer leaked
    }

    private static String randomString(SplittableRandom random) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(0, 12);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(4)) {
                case 0 -> sb.append((char) random.nextInt('A', 'Z' + 1));
                case 1 -> sb.append((char) random.nextInt(0x80, 0x800));      // two-byte UTF-8
                case 2 -> sb.append((char) random.nextInt(0x800, 0xD800));    // three-byte UTF-8
                default -> sb.appendCodePoint(random.nextInt(0x10000, 0x10FFFF)); // surrogate pair
            }
        }
        return sb.toString();
    }

    @Test
    void hashOfOffHeapUtf8EqualsJavaStringHashCode() {
        SplittableRandom random = new SplittableRandom(7);
        try (ArrowBuf buf = allocator.buffer(256)) {
            for (int i = 0; i < 20_000; i++) {
                String s = randomString(random);
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                buf.setBytes(0, bytes);
                assertEquals(s.hashCode(), Utf8Hash.javaStringHashCode(buf.memoryAddress(), bytes.length), s);
                assertEquals(s.hashCode(), Utf8Hash.javaStringHashCode(bytes, 0, bytes.length), s);
            }
        }
    }

    @Test
    void malformedUtf8HashesLikeTheJdkDecodesIt() {
        byte[] bytes = {'A', (byte) 0xC3, 'B', (byte) 0xFF};
        try (ArrowBuf buf = allocator.buffer(8)) {
            buf.setBytes(0, bytes);
            assertEquals(new String(bytes, StandardCharsets.UTF_8).hashCode(),
                    Utf8Hash.javaStringHashCode(buf.memoryAddress(), bytes.length));
        }
    }

    @Test
    void dictionaryGivesDenseIdsInOrderOfFirstAppearance() {
        SplittableRandom random = new SplittableRandom(11);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            keys.add("K" + i + randomString(random));
        }
        Utf8KeyDictionary dictionary = new Utf8KeyDictionary(4);
        Map<String, Integer> expected = new HashMap<>();
        try (ArrowBuf buf = allocator.buffer(256)) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 20_000; i++) {
                    String key = keys.get(random.nextInt(keys.size()));
                    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
                    buf.setBytes(0, bytes);
                    int id = dictionary.idOf(buf.memoryAddress(), bytes.length, key.hashCode());
                    Integer known = expected.putIfAbsent(key, expected.size());
                    assertEquals(known == null ? expected.size() - 1 : known, id, key);
                    assertEquals(key, dictionary.key(id));
                    assertEquals(id, dictionary.idOf(key), "the String path finds the same id");
                }
            }
        }
        assertEquals(expected.size(), dictionary.size());
    }

    @Test
    void keysWithEqualHashStayDistinct() {
        // "Aa" and "BB" share a Java hash code.
        assertEquals("Aa".hashCode(), "BB".hashCode());
        Utf8KeyDictionary dictionary = new Utf8KeyDictionary();
        int aa = dictionary.idOf("Aa");
        int bb = dictionary.idOf("BB");
        assertNotEquals(aa, bb);
        assertEquals(aa, dictionary.idOf("Aa"));
        assertEquals("BB", dictionary.key(bb));
    }

    @Test
    void longDictionaryGivesDenseIds() {
        LongKeyDictionary dictionary = new LongKeyDictionary();
        SplittableRandom random = new SplittableRandom(3);
        Map<Long, Integer> expected = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            long key = random.nextLong(-3000, 3000) * 1_000_003L;
            Integer known = expected.putIfAbsent(key, expected.size());
            assertEquals(known == null ? expected.size() - 1 : known, dictionary.idOf(key));
        }
        assertEquals(expected.size(), dictionary.size());
        for (Map.Entry<Long, Integer> e : expected.entrySet()) {
            assertEquals(e.getKey(), dictionary.key(e.getValue()));
        }
    }
}
