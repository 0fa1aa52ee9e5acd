package io.sabot.actors.joins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Inputs for the join tests and the joins computed independently, by plain loops over all the
 * input at once. They equal a streaming join's result when no element is late: every element's
 * timestamp is above the watermark of its own source before it ({@link #assertNeverLate}), hence
 * above the join's (the minimum of both sources'), whatever the interleaving of the two inputs.
 */
final class ReferenceJoins {

    /** Out-of-orderness of the sources' watermarks (ms). */
    static final long BOUND = 50;

    private ReferenceJoins() {}

    /** Ids of right events start here, so that an id names its side. */
    static final long RIGHT_IDS = 1_000_000;

    /** {@code count} events of {@code keys} keys, 2 ms apart, shuffled by up to ±20 ms (within {@link #BOUND}). */
    static List<Event> events(int count, int keys, long seed, long firstId) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long ts = 1000 + 2L * i + random.nextInt(41) - 20;
            events.add(new Event("k" + random.nextInt(keys), ts, firstId + i));
        }
        return events;
    }

    /** Checks that no event is at or behind the bounded-out-of-orderness watermark of the events before it. */
    static void assertNeverLate(List<Event> events, long bound) {
        long max = Long.MIN_VALUE;
        for (Event e : events) {
            long watermark = max == Long.MIN_VALUE ? Long.MIN_VALUE : max - bound - 1;
            assertTrue(e.ts() > watermark, e + " is not strictly after the watermark " + watermark);
            max = Math.max(max, e.ts());
        }
    }

    /** Every pair of one key with {@code l.ts + lower <= r.ts <= l.ts + upper}, stamped {@code max(l.ts, r.ts)}. */
    static List<Pair> intervalJoin(List<Event> lefts, List<Event> rights, long lower, long upper) {
        List<Pair> pairs = new ArrayList<>();
        for (Event l : lefts) {
            for (Event r : rights) {
                if (l.key().equals(r.key()) && r.ts() >= l.ts() + lower && r.ts() <= l.ts() + upper) {
                    pairs.add(new Pair(l.key(), l.id(), r.id(), l.ts(), r.ts(), Math.max(l.ts(), r.ts())));
                }
            }
        }
        return sorted(pairs);
    }

    /**
     * Every pair of one key in a common window of {@code size} ms starting every {@code slide} ms
     * (tumbling: slide = size) at multiples of the slide plus {@code offset}, stamped with the
     * window's last millisecond; once per window they share.
     */
    static List<Pair> slidingWindowJoin(List<Event> lefts, List<Event> rights, long size, long slide, long offset) {
        List<Pair> pairs = new ArrayList<>();
        for (Event l : lefts) {
            for (Event r : rights) {
                if (!l.key().equals(r.key())) {
                    continue;
                }
                // the windows of l: starts s = offset + k·slide with s <= l.ts < s + size
                long first = Math.floorDiv(l.ts() - offset - size, slide) * slide + offset;
                for (long start = first; start <= l.ts(); start += slide) {
                    long end = start + size;
                    if (start <= l.ts() && l.ts() < end && start <= r.ts() && r.ts() < end) {
                        pairs.add(new Pair(l.key(), l.id(), r.id(), l.ts(), r.ts(), end - 1));
                    }
                }
            }
        }
        return sorted(pairs);
    }

    /**
     * Every pair of one key in the same session: per key, all elements of both sides by time, a new
     * session wherever the next element is more than {@code gap} after the session's last (windows
     * {@code [ts, ts + gap)} that overlap or touch merge, as in Flink); stamped with the session's end − 1.
     */
    static List<Pair> sessionWindowJoin(List<Event> lefts, List<Event> rights, long gap) {
        Set<Long> leftIds = lefts.stream().map(Event::id).collect(Collectors.toSet());
        List<Event> all = new ArrayList<>(lefts);
        all.addAll(rights);
        all.sort(Comparator.comparing(Event::key).thenComparingLong(Event::ts));
        List<Pair> pairs = new ArrayList<>();
        int from = 0;
        while (from < all.size()) {
            int to = from + 1;
            long end = all.get(from).ts() + gap;
            while (to < all.size() && all.get(to).key().equals(all.get(from).key()) && all.get(to).ts() <= end) {
                end = Math.max(end, all.get(to).ts() + gap);
                to++;
            }
            List<Event> sessionLefts = new ArrayList<>();
            List<Event> sessionRights = new ArrayList<>();
            for (Event e : all.subList(from, to)) {
                (leftIds.contains(e.id()) ? sessionLefts : sessionRights).add(e);
            }
            for (Event l : sessionLefts) {
                for (Event r : sessionRights) {
                    pairs.add(new Pair(l.key(), l.id(), r.id(), l.ts(), r.ts(), end - 1));
                }
            }
            from = to;
        }
        return sorted(pairs);
    }

    static List<Pair> sorted(List<Pair> pairs) {
        List<Pair> copy = new ArrayList<>(pairs);
        copy.sort(Comparator.comparing(Pair::key).thenComparingLong(Pair::leftId).thenComparingLong(Pair::rightId)
                .thenComparingLong(Pair::timestamp));
        return copy;
    }

    /** Compares sorted lists, naming the first difference (they are long). */
    static void assertSamePairs(List<Pair> expected, List<Pair> actual) {
        List<Pair> sortedActual = sorted(actual);
        for (int i = 0; i < Math.min(expected.size(), sortedActual.size()); i++) {
            assertEquals(expected.get(i), sortedActual.get(i), "pair " + i + " of " + expected.size());
        }
        assertEquals(expected.size(), sortedActual.size(), "pairs");
    }
}
