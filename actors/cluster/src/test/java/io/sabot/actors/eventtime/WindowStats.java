package io.sabot.actors.eventtime;

/** What the test windows emit: the key, the window and statistics of its readings. */
public record WindowStats(String key, long start, long end, long count, double sum, double min, double max)
        implements Comparable<WindowStats> {

    @Override
    public int compareTo(WindowStats o) {
        int c = key.compareTo(o.key);
        if (c == 0) {
            c = Long.compare(start, o.start);
        }
        if (c == 0) {
            c = Long.compare(end, o.end);
        }
        return c != 0 ? c : Long.compare(count, o.count);
    }
}
