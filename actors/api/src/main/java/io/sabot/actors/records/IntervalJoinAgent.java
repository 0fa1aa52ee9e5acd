package io.sabot.actors.records;

import io.sabot.actors.api.CoBatchFunction;
import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.ProcessJoinFunction;
import io.sabot.actors.batch.RowGather;
import io.sabot.state.backend.TimerQueue.Timer;
import io.sabot.state.serialization.TypeSerializers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs an interval join over two connected keyed streams with the semantics of Flink's
 * {@code IntervalJoinOperator}: left element {@code l} and right element {@code r} of one key join
 * when {@code l.ts + lowerBound <= r.ts <= l.ts + upperBound} (bounds inclusive here: exclusive ones
 * arrive moved by one millisecond).
 *
 * <p>Per row, after the timers were advanced to the row's watermark {@code wm}:
 * <ul>
 *   <li>a row with {@code ts < wm} is late: it goes to its side's late-data output, if any, and is
 *       otherwise dropped (a row at the watermark is not late);
 *   <li>otherwise it is added to its side's buffer ({@link JoinBuffer}: timestamp → elements, of
 *       the key) and joined with every element of the other side's buffer within the bounds, in
 *       timestamp order; each pair goes to the {@link ProcessJoinFunction} with timestamp
 *       {@code max(l.ts, r.ts)};
 *   <li>a cleanup timer removes it again: a left element at {@code l.ts + max(0, upperBound)}, a
 *       right one at {@code r.ts + max(0, −lowerBound)}. From then on no element the watermark
 *       allows can still pair with it; the one exception is Flink's too: an element exactly at the
 *       watermark no longer finds a partner exactly at the bound.
 * </ul>
 * Buffers and timers live in the subtask's keyed state backend, so checkpoints hold them.
 */
public final class IntervalJoinAgent<L extends Record, R extends Record, O extends Record>
        extends TimedRecordAgent<Record, O> implements CoBatchFunction {

    /** Names of the buffers' states ({@link JoinBuffer}) and of the cleanup timers in the keyed state backend. */
    public static final String LEFT_BUFFER = "interval-join-left";
    public static final String RIGHT_BUFFER = "interval-join-right";
    public static final String TIMERS = "interval-join";

    // Cleanup timers of the two sides: a left and a right element may be due at the same time.
    private static final byte[] LEFT = {0};
    private static final byte[] RIGHT = {1};

    /**
     * The join's bounds, inclusive, {@code lowerBound <= upperBound} (ms), and where late rows of
     * each side go (null: dropped); late rows keep their input's columns.
     */
    public record Spec(long lowerBound, long upperBound, OutputTag leftLateData, OutputTag rightLateData) {
        public Spec {
            if (lowerBound > upperBound) {
                throw new IllegalArgumentException("an interval join needs lowerBound <= upperBound, was ["
                        + lowerBound + ", " + upperBound + "] ms (exclusive bounds moved inward by 1 ms)");
            }
        }
    }

    private final ProcessJoinFunction<L, R, O> function;
    private final Spec spec;
    private final Class<L> leftType;
    private final Class<R> rightType;
    private JoinBuffer<L> leftBuffer;
    private JoinBuffer<R> rightBuffer;
    private JoinContext context;
    private int[] lateRows = new int[16];
    private int late;

    public IntervalJoinAgent(ProcessJoinFunction<L, R, O> function, Spec spec, Class<L> left, Class<R> right,
                             Class<O> output) {
        super(List.of(left, right), output, TIMERS);
        this.function = function;
        this.spec = spec;
        this.leftType = left;
        this.rightType = right;
    }

    /** The late-data outputs, with the schema of the input whose rows they take. */
    @Override
    public List<OutputTag> sideOutputs(Schema first, Schema second) {
        List<OutputTag> tags = new ArrayList<>();
        addLateTag(tags, spec.leftLateData(), first, "left");
        addLateTag(tags, spec.rightLateData(), second, "right");
        return tags;
    }

    private static void addLateTag(List<OutputTag> tags, OutputTag tag, Schema input, String side) {
        if (tag == null) {
            return;
        }
        if (!tag.schema().equals(input)) {
            throw new IllegalArgumentException("late data tag '" + tag.id() + "' has schema " + tag.schema()
                    + "; late " + side + " rows have the " + side + " input's schema " + input);
        }
        if (!tags.contains(tag)) {
            tags.add(tag);
        }
    }

    @Override
    void openAgent() throws Exception {
        leftBuffer = new JoinBuffer<>(agent.state(), LEFT_BUFFER, TypeSerializers.forClass(leftType));
        rightBuffer = new JoinBuffer<>(agent.state(), RIGHT_BUFFER, TypeSerializers.forClass(rightType));
        context = new JoinContext();
        function.setRuntimeContext(new AgentRuntimeContext(agent));
        function.open();
    }

    @Override
    void processRow(KeyedBatch input, int row, Record value, long timestamp) throws Exception {
        boolean isLeft = input.input() == 0;
        if (timestamp == Long.MIN_VALUE) {
            throw new IllegalStateException("interval join '" + agent.agentName() + "': row " + row + " of the "
                    + (isLeft ? "left" : "right") + " input has no timestamp; both inputs need event time "
                    + "(sources with a WatermarkStrategy)");
        }
        if (timestamp < timers.currentWatermark()) {
            addLate(row);
            return;
        }
        if (isLeft) {
            bufferAndJoin(leftType.cast(value), timestamp, leftBuffer, rightBuffer, spec.lowerBound(),
                    spec.upperBound(), true);
        } else {
            bufferAndJoin(rightType.cast(value), timestamp, rightBuffer, leftBuffer, -spec.upperBound(),
                    -spec.lowerBound(), false);
        }
    }

    /**
     * Buffers {@code value} and joins it with the other side's elements whose timestamps lie in
     * {@code [timestamp + relativeLower, timestamp + relativeUpper]}, in timestamp order; registers
     * its cleanup.
     */
    @SuppressWarnings("unchecked")
    private <T, U> void bufferAndJoin(T value, long timestamp, JoinBuffer<T> own, JoinBuffer<U> other,
                                      long relativeLower, long relativeUpper, boolean isLeft) throws Exception {
        own.add(timestamp, value);
        long[] candidates = other.timestamps();
        long last = timestamp + relativeUpper;
        for (int i = JoinBuffer.firstAtOrAfter(candidates, timestamp + relativeLower);
             i < candidates.length && candidates[i] <= last; i++) {
            long otherTimestamp = candidates[i];
            for (U match : other.elementsAt(otherTimestamp)) {
                if (isLeft) {
                    emitPair((L) value, (R) match, timestamp, otherTimestamp);
                } else {
                    emitPair((L) match, (R) value, otherTimestamp, timestamp);
                }
            }
        }
        // Past this time no element on time can fall in the bounds of this one any more.
        long cleanup = relativeUpper > 0 ? timestamp + relativeUpper : timestamp;
        timers.registerEventTimeTimer(isLeft ? LEFT : RIGHT, cleanup);
    }

    private void emitPair(L left, R right, long leftTimestamp, long rightTimestamp) throws Exception {
        context.leftTimestamp = leftTimestamp;
        context.rightTimestamp = rightTimestamp;
        context.timestamp = Math.max(leftTimestamp, rightTimestamp);
        function.processElement(left, right, context, context);
    }

    /** Removes the elements whose cleanup time this timer is: one timestamp of one side's buffer. */
    @Override
    public void onEventTime(Timer timer) throws Exception {
        long time = timer.timestamp();
        if (Arrays.equals(timer.namespace(), LEFT)) {
            leftBuffer.remove(spec.upperBound() <= 0 ? time : time - spec.upperBound());
        } else {
            rightBuffer.remove(spec.lowerBound() <= 0 ? time + spec.lowerBound() : time);
        }
    }

    @Override
    public void onProcessingTime(Timer timer) {
        // the join registers no processing-time timers
    }

    private void addLate(int row) {
        if (late == lateRows.length) {
            lateRows = Arrays.copyOf(lateRows, late * 2);
        }
        lateRows[late++] = row;
    }

    /** The batch's late rows, with the input's columns, to the side's late-data output (if there is one). */
    @Override
    void afterBatch(KeyedBatch input) {
        OutputTag tag = input.input() == 0 ? spec.leftLateData() : spec.rightLateData();
        if (late > 0 && tag != null) {
            agent.emit(tag, RowGather.gather(input.root(), lateRows, late, agent.allocator()),
                    input.eventTime().gather(lateRows, late));
        }
        late = 0;
    }

    @Override
    public void close() throws Exception {
        super.close();
        function.close();
    }

    /** The context of one pair: output gets the pair's timestamp. */
    private final class JoinContext extends ProcessJoinFunction<L, R, O>.Context implements Collector<O> {
        long leftTimestamp;
        long rightTimestamp;
        long timestamp;

        JoinContext() {
            function.super();
        }

        @Override
        public long getLeftTimestamp() {
            return leftTimestamp;
        }

        @Override
        public long getRightTimestamp() {
            return rightTimestamp;
        }

        @Override
        public long getTimestamp() {
            return timestamp;
        }

        @Override
        public void output(OutputTag tag, Record value) {
            IntervalJoinAgent.this.output(tag, value, timestamp);
        }

        @Override
        public void collect(O record) {
            IntervalJoinAgent.this.collect(record, timestamp);
        }
    }
}
