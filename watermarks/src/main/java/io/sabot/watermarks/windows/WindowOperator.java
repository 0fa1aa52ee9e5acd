package io.sabot.watermarks.windows;

import io.sabot.state.api.AggregateFunction;
import io.sabot.state.api.KeyedStateStore;
import io.sabot.state.api.MapState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.backend.TimerQueue.Timer;
import io.sabot.state.serialization.TypeSerializer;
import io.sabot.watermarks.timers.OperatorTimerService;
import java.util.ArrayList;
import java.util.List;

/**
 * Event-time windows of one keyed subtask, with the semantics of Flink's {@code WindowOperator} and
 * {@code EventTimeTrigger}:
 *
 * <ul>
 *   <li>an element is added to each window the assigner gives it, unless that window is late
 *       (its cleanup time, {@code maxTimestamp + allowedLateness}, is at or before the watermark);
 *   <li>a window fires when the watermark reaches its {@code maxTimestamp} (a timer), or at once
 *       when an element arrives after that but within the allowed lateness (an updated firing);
 *   <li>a window's state and timers are removed at its cleanup time;
 *   <li>an element added to no window and older than {@code watermark − allowedLateness} is late:
 *       {@link #processElement} returns false so the caller can send it to the late side output;
 *   <li>merging (session) windows merge their accumulators when an element bridges them; timers
 *       move to the merged window.
 * </ul>
 *
 * Window contents are accumulators of an {@link AggregateFunction}, kept per (key, window) in a map
 * state of the subtask's keyed backend; timers live in its timer queues. Both are in every snapshot.
 * The caller sets the backend's current key before {@link #processElement} and advances the timer
 * service's watermark (which calls {@link #onEventTime}).
 */
public final class WindowOperator<IN, ACC> implements OperatorTimerService.Triggerable {

    /** Receives the contents of each window firing. */
    @FunctionalInterface
    public interface WindowEmitter<ACC> {
        void emit(Object key, TimeWindow window, ACC contents) throws Exception;
    }

    private final WindowAssigner assigner;
    private final long allowedLateness;
    private final AggregateFunction<IN, ACC, ?> aggregate;
    private final MapState<TimeWindow, ACC> contents;
    private final OperatorTimerService timers;
    private final WindowEmitter<ACC> emitter;

    public WindowOperator(WindowAssigner assigner, long allowedLateness, AggregateFunction<IN, ACC, ?> aggregate,
                          TypeSerializer<ACC> accumulatorSerializer, KeyedStateStore state,
                          OperatorTimerService timers, WindowEmitter<ACC> emitter) {
        if (allowedLateness < 0) {
            throw new IllegalArgumentException("the allowed lateness must not be negative, was " + allowedLateness + " ms");
        }
        this.assigner = assigner;
        this.allowedLateness = allowedLateness;
        this.aggregate = aggregate;
        this.contents = state.getMapState(new MapStateDescriptor<>("window-contents", TimeWindowSerializer.INSTANCE,
                accumulatorSerializer));
        this.timers = timers;
        this.emitter = emitter;
    }

    /**
     * Adds an element of the current key {@code key} with event time {@code timestamp}; returns
     * false when it was dropped as late.
     */
    public boolean processElement(Object key, IN value, long timestamp) throws Exception {
        if (timestamp == Long.MIN_VALUE) {
            throw new IllegalArgumentException("a record without timestamp reached an event-time window: give the"
                    + " source a WatermarkStrategy with a timestamp assigner, or, if it has one, look at the agents before"
                    + " the window: a BatchFunction returning a batch of another length than its input drops the rows'"
                    + " timestamps (emit kept rows with AgentContext.emitRows, or use DataStream.filter)");
        }
        boolean added = false;
        for (TimeWindow assigned : assigner.assignWindows(timestamp)) {
            TimeWindow window = assigner.isMerging() ? mergeIntoInFlight(assigned) : assigned;
            if (isWindowLate(window)) {
                continue; // a merging window that is late merged with nothing: it never enters the state
            }
            added = true;
            ACC accumulator = contents.get(window);
            // A non-merging window already holding elements has its timers: registering them again changes nothing.
            boolean timersKnown = accumulator != null && !assigner.isMerging();
            accumulator = aggregate.add(value, accumulator == null ? aggregate.createAccumulator() : accumulator);
            contents.put(window, accumulator);
            if (window.maxTimestamp() <= timers.currentWatermark()) {
                emitter.emit(key, window, accumulator); // a late firing within the allowed lateness
            } else if (!timersKnown) {
                timers.registerEventTimeTimer(namespace(window), window.maxTimestamp());
            }
            if (!timersKnown) {
                registerCleanupTimer(window);
            }
        }
        return added || timestamp + allowedLateness > timers.currentWatermark();
    }

    @Override
    public void onEventTime(Timer timer) throws Exception {
        TimeWindow window = TimeWindowSerializer.INSTANCE.fromBytes(timer.namespace());
        ACC accumulator = contents.get(window);
        if (accumulator == null) {
            return; // merged away, or never received an element
        }
        if (timer.timestamp() == window.maxTimestamp()) {
            emitter.emit(timer.key(), window, accumulator);
        }
        if (timer.timestamp() == cleanupTime(window)) {
            contents.remove(window);
            timers.deleteEventTimeTimer(namespace(window), window.maxTimestamp());
        }
    }

    @Override
    public void onProcessingTime(Timer timer) {
        // event-time windows register no processing-time timers
    }

    /**
     * Adds {@code window} to the current key's in-flight session windows, merging it with those it
     * overlaps or touches (Flink's {@code MergingWindowSet.addWindow}); returns the window the element
     * belongs to.
     */
    private TimeWindow mergeIntoInFlight(TimeWindow window) throws Exception {
        List<TimeWindow> all = new ArrayList<>();
        contents.keys().forEach(all::add);
        all.add(window);
        List<TimeWindow> group = null;
        for (List<TimeWindow> candidate : EventTimeSessionWindows.mergeGroups(all)) {
            if (candidate.stream().anyMatch(w -> w == window)) {
                group = candidate;
            }
        }
        List<TimeWindow> merged = new ArrayList<>();
        TimeWindow result = window;
        for (TimeWindow member : group) {
            if (member != window) {
                merged.add(member);
                result = result.cover(member);
            }
        }
        if (merged.isEmpty() || (merged.size() == 1 && merged.get(0).equals(result))) {
            return result; // a new session, or inside an existing one
        }
        if (isWindowLate(result)) {
            throw new IllegalStateException("merging windows " + merged + " into " + result
                    + " would end it before the current watermark " + timers.currentWatermark());
        }
        // The merged windows' accumulators combine in start order; their timers move to the result.
        ACC accumulator = null;
        for (TimeWindow member : merged) {
            ACC memberAccumulator = contents.get(member);
            accumulator = accumulator == null ? memberAccumulator : aggregate.merge(accumulator, memberAccumulator);
            contents.remove(member);
            timers.deleteEventTimeTimer(namespace(member), member.maxTimestamp());
            deleteCleanupTimer(member);
        }
        contents.put(result, accumulator);
        if (result.maxTimestamp() > timers.currentWatermark()) {
            timers.registerEventTimeTimer(namespace(result), result.maxTimestamp());
        }
        return result;
    }

    private boolean isWindowLate(TimeWindow window) {
        return cleanupTime(window) <= timers.currentWatermark();
    }

    /** When a window's state goes: its end plus the allowed lateness (never, on overflow). */
    private long cleanupTime(TimeWindow window) {
        long cleanup = window.maxTimestamp() + allowedLateness;
        return cleanup >= window.maxTimestamp() ? cleanup : Long.MAX_VALUE;
    }

    private void registerCleanupTimer(TimeWindow window) {
        long cleanup = cleanupTime(window);
        if (cleanup != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(namespace(window), cleanup);
        }
    }

    private void deleteCleanupTimer(TimeWindow window) {
        long cleanup = cleanupTime(window);
        if (cleanup != Long.MAX_VALUE) {
            timers.deleteEventTimeTimer(namespace(window), cleanup);
        }
    }

    private static byte[] namespace(TimeWindow window) {
        return TimeWindowSerializer.INSTANCE.toBytes(window);
    }
}
