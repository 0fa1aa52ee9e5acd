package io.sabot.actors.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where each checkpoint barrier of a job was: the rows every source had emitted when it injected
 * the barrier, and the rows every sink had received when the barrier reached it. A barrier is
 * complete once all sources and all sinks have reported it.
 */
final class BarrierProgress {

    private static final class Barrier {
        long sourceRows;
        int sources;
        long sinkRows;
        int sinks;
    }

    private final int sources;
    private final int sinks;
    private final Map<Long, Barrier> barriers = new HashMap<>();

    /** @param sources source subtasks, @param sinks sink subtasks of the job */
    BarrierProgress(int sources, int sinks) {
        this.sources = sources;
        this.sinks = sinks;
    }

    /** A source injected barrier {@code id} after emitting {@code rows}. */
    void injected(long id, long rows) {
        Barrier barrier = barriers.computeIfAbsent(id, i -> new Barrier());
        barrier.sourceRows += rows;
        barrier.sources++;
    }

    /** A sink received barrier {@code id} on all its inputs after {@code rows}. */
    void reached(long id, long rows) {
        Barrier barrier = barriers.computeIfAbsent(id, i -> new Barrier());
        barrier.sinkRows += rows;
        barrier.sinks++;
    }

    /** The barriers every source and every sink reported, by id. */
    SortedMap<Long, JobResult.BarrierStats> complete() {
        SortedMap<Long, JobResult.BarrierStats> complete = new TreeMap<>();
        barriers.forEach((id, barrier) -> {
            if (barrier.sources == sources && barrier.sinks == sinks) {
                complete.put(id, new JobResult.BarrierStats(barrier.sourceRows, barrier.sinkRows));
            }
        });
        return complete;
    }
}
