package io.sabot.actors.eventtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A second, deliberately plain implementation of Flink's event-time window semantics, one record at
 * a time, to check the runtime against: the watermark before record i is
 * {@code max(ts of records before i) − outOfOrderness − 1}; before each record every window whose
 * end the watermark reached fires once and every window past its allowed lateness is dropped; a
 * record goes into each of its windows not yet dropped (firing that window again at once if its end
 * has passed) and is late when it went into none. Windows are computed here from their definitions,
 * not with the production assigners.
 */
final class ReferenceWindows {

    enum Kind { TUMBLING, SLIDING, SESSION }

    record Result(List<WindowStats> fired, List<Reading> late) {}

    private static final class Window {
        final long start;
        final long end;
        long count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean fired;

        Window(long start, long end) {
            this.start = start;
            this.end = end;
        }

        void add(double value) {
            count++;
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }

        void absorb(Window other) {
            count += other.count;
            sum += other.sum;
            min = Math.min(min, other.min);
            max = Math.max(max, other.max);
        }

        long maxTimestamp() {
            return end - 1;
        }
    }

    private final Kind kind;
    private final long size;    // tumbling/sliding size, session gap
    private final long slide;
    private final long offset;
    private final long lateness;
    private final long outOfOrderness;
    private final Map<String, List<Window>> windows = new HashMap<>();
    private final List<WindowStats> fired = new ArrayList<>();
    private final List<Reading> late = new ArrayList<>();

    ReferenceWindows(Kind kind, long size, long slide, long offset, long lateness, long outOfOrderness) {
        this.kind = kind;
        this.size = size;
        this.slide = slide;
        this.offset = offset;
        this.lateness = lateness;
        this.outOfOrderness = outOfOrderness;
    }

    Result run(List<Reading> input) {
        long maxSeen = Long.MIN_VALUE;
        for (Reading reading : input) {
            long watermark = maxSeen == Long.MIN_VALUE ? Long.MIN_VALUE : maxSeen - outOfOrderness - 1;
            advance(watermark);
            add(reading, watermark);
            maxSeen = Math.max(maxSeen, reading.ts());
        }
        advance(Long.MAX_VALUE);
        return new Result(fired, late);
    }

    private void advance(long watermark) {
        for (Map.Entry<String, List<Window>> entry : windows.entrySet()) {
            Iterator<Window> it = entry.getValue().iterator();
            while (it.hasNext()) {
                Window w = it.next();
                if (!w.fired && w.maxTimestamp() <= watermark) {
                    emit(entry.getKey(), w);
                }
                if (w.maxTimestamp() + lateness <= watermark) {
                    it.remove();
                }
            }
        }
    }

    private void add(Reading r, long watermark) {
        List<Window> keyWindows = windows.computeIfAbsent(r.key(), k -> new ArrayList<>());
        boolean added = false;
        if (kind == Kind.SESSION) {
            Window target = mergeSession(keyWindows, r.ts(), watermark);
            if (target != null) {
                added = true;
                addTo(r, target, watermark);
            }
        } else {
            for (long[] bounds : windowsOf(r.ts())) {
                if (bounds[1] - 1 + lateness <= watermark) {
                    continue;
                }
                added = true;
                Window w = keyWindows.stream().filter(x -> x.start == bounds[0] && x.end == bounds[1]).findFirst()
                        .orElseGet(() -> {
                            Window created = new Window(bounds[0], bounds[1]);
                            keyWindows.add(created);
                            return created;
                        });
                addTo(r, w, watermark);
            }
        }
        if (!added && r.ts() + lateness <= watermark) {
            late.add(r);
        }
    }

    private void addTo(Reading r, Window w, long watermark) {
        w.add(r.value());
        if (w.maxTimestamp() <= watermark) {
            emit(r.key(), w); // an update within the allowed lateness
        }
    }

    /** The session the record joins (merging the ones it bridges), or null when it is too late for any. */
    private Window mergeSession(List<Window> keyWindows, long ts, long watermark) {
        long start = ts;
        long end = ts + size;
        List<Window> touched = new ArrayList<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Window w : keyWindows) {
                if (!touched.contains(w) && w.start <= end && w.end >= start) {
                    touched.add(w);
                    start = Math.min(start, w.start);
                    end = Math.max(end, w.end);
                    grew = true;
                }
            }
        }
        if (touched.size() == 1 && touched.get(0).start == start && touched.get(0).end == end) {
            return touched.get(0);
        }
        if (touched.isEmpty() && end - 1 + lateness <= watermark) {
            return null;
        }
        Window merged = new Window(start, end);
        for (Window w : touched) {
            merged.absorb(w);
            keyWindows.remove(w);
        }
        keyWindows.add(merged);
        return merged;
    }

    private List<long[]> windowsOf(long ts) {
        List<long[]> result = new ArrayList<>();
        long step = kind == Kind.TUMBLING ? size : slide;
        long lastStart = ts - Math.floorMod(ts - offset, step);
        for (long start = lastStart; start > ts - size; start -= step) {
            result.add(new long[] {start, start + size});
        }
        return result;
    }

    private void emit(String key, Window w) {
        w.fired = true;
        fired.add(new WindowStats(key, w.start, w.end, w.count, w.sum, w.min, w.max));
    }
}
