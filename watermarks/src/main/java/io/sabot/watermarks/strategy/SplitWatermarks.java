package io.sabot.watermarks.strategy;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The watermarks of a source subtask that reads several splits (the partitions of a Kafka topic,
 * say), as Flink's per-split watermarks ({@code WatermarkOutputMultiplexer}): every split has a
 * generator of its own, fed only with that split's records, and the subtask's watermark is the
 * minimum over the splits that are not idle. So a partition that lags holds the source back
 * instead of seeing its records judged late, and with idleness a partition that gets no records
 * stops holding it back.
 *
 * <p>Invariants: the combined output sees a watermark only when every active split has one (it
 * ignores a lower one than before, and only a higher one ends its idleness, as a single generator's
 * output); it is idle when every split is idle, and also when there are no splits (a subtask without partitions holds nobody back). A split
 * that ends ({@link #retain} no longer lists it) stops counting. A reader of one split is the
 * special case of a single generator.
 */
public final class SplitWatermarks {

    private final Supplier<WatermarkGenerator> generators;
    private final WatermarkOutput combined;
    private final Map<String, Split> splits = new LinkedHashMap<>();
    private final Map<String, long[]> restored = new HashMap<>();
    private boolean changed; // a split's watermark or idleness changed since the last update

    /** @param generators a new generator per split; {@code combined} gets the subtask's watermark */
    public SplitWatermarks(Supplier<WatermarkGenerator> generators, WatermarkOutput combined) {
        this.generators = generators;
        this.combined = combined;
    }

    /** Continues the generators of an earlier run (from {@link #snapshotState}) as their splits come back. */
    public void restoreState(Map<String, long[]> state) {
        restored.putAll(state);
    }

    /** The event-time state of every split's generator. */
    public Map<String, long[]> snapshotState() {
        Map<String, long[]> state = new LinkedHashMap<>(restored); // splits not seen again yet keep theirs
        splits.forEach((id, split) -> state.put(id, split.generator.snapshotState()));
        return state;
    }

    /** The record of split {@code split} with timestamp {@code timestamp}, in the split's order. */
    public void onEvent(String split, long timestamp) {
        split(split).generator.onEvent(timestamp, splits.get(split));
        if (changed) {
            update(); // a generator that emits on events: the rows after this one carry it
        }
    }

    /** Every split's periodic emit (after each batch and on the auto-watermark interval). */
    public void onPeriodicEmit() {
        for (Split split : splits.values()) {
            split.generator.onPeriodicEmit(split);
        }
        update();
    }

    /**
     * The splits read now: new ones start with a generator of their own (holding the watermark back
     * until they have one), those not listed have ended and stop holding it back.
     */
    public void retain(Collection<String> current) {
        boolean different = splits.keySet().retainAll(current);
        for (String id : current) {
            if (!splits.containsKey(id)) {
                split(id);
                different = true;
            }
        }
        if (different) {
            update();
        }
    }

    private Split split(String id) {
        Split split = splits.get(id);
        if (split == null) {
            split = new Split(generators.get());
            long[] state = restored.remove(id);
            if (state != null && state.length > 0) {
                split.generator.restoreState(state);
            }
            splits.put(id, split);
        }
        return split;
    }

    /**
     * Emits the minimum over the active splits (the output takes it only when higher, which also ends
     * its idleness), or idleness when none is active.
     */
    private void update() {
        changed = false;
        long minimum = Long.MAX_VALUE;
        boolean anyActive = false;
        for (Split split : splits.values()) {
            if (!split.idle) {
                anyActive = true;
                minimum = Math.min(minimum, split.watermark);
            }
        }
        if (!anyActive) {
            combined.markIdle();
        } else if (minimum > Long.MIN_VALUE) {
            combined.emitWatermark(minimum);
        }
    }

    /** One split's output: its latest watermark and whether it is idle. */
    private final class Split implements WatermarkOutput {
        final WatermarkGenerator generator;
        long watermark = Long.MIN_VALUE;
        boolean idle;

        Split(WatermarkGenerator generator) {
            this.generator = generator;
        }

        @Override
        public void emitWatermark(long generated) {
            if (generated > watermark || idle) {
                watermark = Math.max(watermark, generated);
                idle = false;
                changed = true;
            }
        }

        @Override
        public void markIdle() {
            changed |= !idle;
            idle = true;
        }

        @Override
        public void markActive() {
            changed |= idle;
            idle = false;
        }
    }
}
