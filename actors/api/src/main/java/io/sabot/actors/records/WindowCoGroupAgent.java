package io.sabot.actors.records;

import io.sabot.actors.api.CoBatchFunction;
import io.sabot.actors.api.CoGroupFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.state.backend.TimerQueue.Timer;
import io.sabot.state.serialization.TypeSerializers;
import io.sabot.watermarks.windows.TimeWindow;
import io.sabot.watermarks.windows.WindowAssigner;
import io.sabot.watermarks.windows.WindowOperator;
import java.util.List;

/**
 * Runs a window coGroup (and so a window join, {@link JoinCoGroup}) over two connected keyed
 * streams with the semantics of Flink's {@code CoGroupedStreams}: both inputs go, as one tagged
 * stream, through one {@link WindowOperator}, so
 * <ul>
 *   <li>an element enters each window the assigner gives it unless that window is late
 *       ({@code maxTimestamp + allowedLateness <= watermark}, the watermark being the minimum of
 *       both inputs'); a late element is dropped (Flink's joins have no late side output);
 *   <li>when the watermark reaches a window's {@code maxTimestamp} the {@link CoGroupFunction} gets
 *       the key's elements of both inputs in it; an element within the allowed lateness fires the
 *       window again with all its elements;
 *   <li>a window's elements and timers are removed at {@code maxTimestamp + allowedLateness};
 *   <li>what the function emits gets the timestamp {@code window.maxTimestamp()}.
 * </ul>
 * Window contents ({@link CoGroupBuffers}) and timers live in the subtask's keyed state backend.
 */
public final class WindowCoGroupAgent<L extends Record, R extends Record, O extends Record>
        extends TimedRecordAgent<Record, O> implements CoBatchFunction {

    /** The name of the windows' timers in the keyed state backend. */
    public static final String TIMERS = "window-join";

    private final WindowAssigner assigner;
    private final long allowedLateness;
    private final CoGroupFunction<L, R, O> function;
    private final Class<L> leftType;
    private final Class<R> rightType;
    private WindowOperator<CoGroupBuffers.Element, CoGroupBuffers<L, R>> operator;

    public WindowCoGroupAgent(WindowAssigner assigner, long allowedLateness, CoGroupFunction<L, R, O> function,
                              Class<L> left, Class<R> right, Class<O> output) {
        super(List.of(left, right), output, TIMERS);
        this.assigner = assigner;
        this.allowedLateness = allowedLateness;
        this.function = function;
        this.leftType = left;
        this.rightType = right;
    }

    @Override
    void openAgent() {
        operator = new WindowOperator<>(assigner, allowedLateness, new CoGroupAggregate<L, R>(),
                CoGroupBuffers.serializer(TypeSerializers.forClass(leftType), TypeSerializers.forClass(rightType)),
                agent.state(), timers, this::emitWindow);
    }

    @Override
    void processRow(KeyedBatch input, int row, Record value, long timestamp) throws Exception {
        if (timestamp == Long.MIN_VALUE) {
            throw new IllegalStateException("window join '" + agent.agentName() + "': row " + row + " of the "
                    + (input.input() == 0 ? "left" : "right") + " input has no timestamp; both inputs need event time "
                    + "(sources with a WatermarkStrategy)");
        }
        try {
            // false: late for every window; dropped, as Flink's joins do
            operator.processElement(agent.key(input.keyIds()[row]), new CoGroupBuffers.Element(input.input(), value),
                    timestamp);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("window join '" + agent.agentName() + "', row " + row + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void onEventTime(Timer timer) throws Exception {
        operator.onEventTime(timer);
    }

    @Override
    public void onProcessingTime(Timer timer) {
        operator.onProcessingTime(timer);
    }

    /** A window fired: the function gets both sides' elements; its records carry {@code window.maxTimestamp()}. */
    private void emitWindow(Object key, TimeWindow window, CoGroupBuffers<L, R> contents) throws Exception {
        function.coGroup(contents.first(), contents.second(), record -> collect(record, window.maxTimestamp()));
    }
}
