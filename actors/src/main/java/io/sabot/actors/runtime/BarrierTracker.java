package io.sabot.actors.runtime;

import java.util.TreeMap;

/**
 * Tracks checkpoint barriers over a task's input channels without blocking any channel (Flink's
 * at-least-once tracker): a barrier is complete once every channel has delivered it. A completed
 * barrier supersedes older, still incomplete ones. Exactly-once alignment comes with checkpointing.
 */
final class BarrierTracker {

    private final int channels;
    private final TreeMap<Long, Integer> seen = new TreeMap<>();

    BarrierTracker(int channels) {
        this.channels = channels;
    }

    /** Records barrier {@code id} from one channel; true when all channels have delivered it. */
    boolean onBarrier(long id) {
        int count = seen.merge(id, 1, Integer::sum);
        if (count < channels) {
            return false;
        }
        seen.headMap(id, true).clear();
        return true;
    }
}
