package io.sabot.actors.joins;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.CoBatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.batch.Dictionaries;
import io.sabot.actors.batch.RowGather;
import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import io.sabot.state.backend.TimerQueue.Timer;
import io.sabot.watermarks.timers.OperatorTimerService;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The as-of join in event time, vectorized: each row of the left input (input 0) joined with the
 * latest row of the right input (input 1) of the same key whose timestamp is at or before the left
 * row's; of right rows with equal timestamps, the one that arrived last. Both inputs are keyed by
 * columns of one type and carry event time. Build it with
 * {@code left.keyBy(k).asOfJoin(right.keyBy(k))} (see {@code AsOfJoinedStreams}).
 *
 * <p>Output: the left row's columns, then (if asked for) the matched right row's timestamp as an
 * int64 column, then the carried right columns; the right columns are null when the key had no
 * right row at or before the left row's time. An output row has the left row's timestamp as its
 * event time.
 *
 * <p>Invariants, per key, in keyed state (so checkpoints hold them and a restore continues exactly):
 * <ul>
 *   <li>A left row waits until the combined watermark (the minimum over both inputs) reaches its
 *       timestamp: then no right row at or before it can come any more, unless late. One event-time
 *       timer per key, at its earliest waiting left row, emits them.</li>
 *   <li>The right rows are kept sorted by timestamp, then arrival; of those at or before the
 *       watermark only the last is kept, since no later left row can match an earlier one.</li>
 *   <li>A row is late when its timestamp is at or before the combined watermark when it arrives
 *       (this join's rule, as Flink's windows judge lateness: at the watermark, the quote in force can
 *       no longer change; judged with the watermark before the row itself, so the result does not
 *       depend on batch sizes).
 *       A late left row goes to the late side output, if there is one, with the left input's columns;
 *       else it is dropped and counted ({@link #droppedLeftRows}). A late right row is dropped and
 *       counted ({@link #droppedRightRows}): left rows already emitted cannot see it, and letting the
 *       others see it would make them depend on when watermarks arrived.</li>
 * </ul>
 *
 * <p>Rows are kept encoded in primitive arrays ({@link RowCodec}, {@link RowBuffer}): a batch's rows
 * are grouped by key, and each key's state is read and written once per batch, not per row.
 * Dictionary-encoded columns are decoded first (the output has the decoded columns).
 */
public final class AsOfJoin implements CoBatchFunction, OperatorTimerService.Triggerable {

    /** A right column carried into the output, named {@code as} there. */
    public record Carry(String column, String as) {
        public Carry {
            Objects.requireNonNull(column, "a carried column needs a name");
            Objects.requireNonNull(as, "a carried column needs an output name");
        }
    }

    /**
     * What the join writes besides the left columns: the right columns {@code carried}, the matched
     * right row's timestamp in column {@code rightTimestamp} (null: not written), and where late left
     * rows go ({@code lateData} with the left input's schema; null: dropped).
     */
    public record Spec(List<Carry> carried, String rightTimestamp, OutputTag lateData) {
        public Spec {
            carried = List.copyOf(carried);
        }
    }

    private static final byte[] NAMESPACE = new byte[0];
    private static final int COUNTING_SORT_KEYS_PER_ROW = 4; // beyond, rows are grouped by a sort instead

    private final Schema leftInput;
    private final Schema rightInput;
    private final Spec spec;
    private final Schema leftSchema;   // the left input with dictionary-encoded columns decoded
    private final RowCodec left;
    private final RowCodec right;
    private final Schema output;

    private AgentContext agent;
    private OperatorTimerService timers;
    private ValueState<RowBuffer> leftRows;
    private ValueState<RowBuffer> rightRows;
    private JoinedRows joined;
    private long droppedLeft;
    private long droppedRight;
    private long heldRows;
    private long heldBytes;

    // scratch, reused from batch to batch
    private int[] order = new int[0];
    private int[] counts = new int[0];
    private long[] packed = new long[0];
    private int[] late = new int[16];
    private int[] due = new int[16];
    private final int[] dueCount = new int[1];

    /**
     * A join of inputs with schemas {@code left} and {@code right} (as the job graph gives them; the
     * key columns are the graph's), writing what {@code spec} says.
     *
     * @throws IllegalArgumentException naming a carried column that is missing or of an unsupported
     *                                  type, or an output column name used twice
     */
    public AsOfJoin(Schema left, Schema right, Spec spec) {
        this.leftInput = left;
        this.rightInput = right;
        this.spec = spec;
        this.leftSchema = Dictionaries.decodedSchema(left);
        Schema rightSchema = Dictionaries.decodedSchema(right);
        this.left = RowCodec.allColumns(leftSchema, "left");
        this.right = new RowCodec(rightSchema, spec.carried().stream().map(Carry::column).toList(),
                spec.carried().stream().map(Carry::as).toList(), "right", true);
        SchemaBuilder columns = SchemaBuilder.from(leftSchema);
        Set<String> names = new HashSet<>(leftSchema.getFields().stream().map(Field::getName).toList());
        if (spec.rightTimestamp() != null) {
            requireFree(names, spec.rightTimestamp(), "the right timestamp column", "give it another name");
            columns.int64(spec.rightTimestamp());
        }
        for (int c = 0; c < spec.carried().size(); c++) {
            Field field = this.right.fields().get(c);
            requireFree(names, field.getName(), "carried right column '" + spec.carried().get(c).column() + "'",
                    "carry it under another name (AsOfJoinedStreams.carryAs)");
            columns.add(field);
        }
        this.output = columns.build();
    }

    private static void requireFree(Set<String> names, String name, String what, String remedy) {
        if (!names.add(name)) {
            throw new IllegalArgumentException(what + " would be named '" + name + "', which the output has already: "
                    + remedy);
        }
    }

    /** The schema of the joined rows. */
    public Schema outputSchema() {
        return output;
    }

    @Override
    public Schema outputSchema(Schema first, Schema second) {
        if (!first.equals(leftInput) || !second.equals(rightInput)) {
            throw new IllegalArgumentException("the as-of join was made for inputs " + leftInput + " and " + rightInput
                    + ", not " + first + " and " + second);
        }
        return output;
    }

    @Override
    public List<OutputTag> sideOutputs(Schema first, Schema second) {
        OutputTag tag = spec.lateData();
        if (tag == null) {
            return List.of();
        }
        if (!tag.schema().equals(leftSchema)) {
            throw new IllegalArgumentException("late data tag '" + tag.id() + "' has schema " + tag.schema()
                    + "; late rows have the left input's columns " + leftSchema);
        }
        return List.of(tag);
    }

    @Override
    public void open(AgentContext context) {
        this.agent = context;
        this.timers = context.timerService("as-of-join");
        this.leftRows = context.state().getState(new ValueStateDescriptor<>("as-of-join/left", RowBuffer.Serializer.INSTANCE));
        this.rightRows = context.state().getState(new ValueStateDescriptor<>("as-of-join/right", RowBuffer.Serializer.INSTANCE));
        this.joined = new JoinedRows(output, left, right, spec.rightTimestamp() != null);
    }

    @Override
    public VectorSchemaRoot process(KeyedBatch input) throws Exception {
        if (!input.isKeyed()) {
            throw new IllegalStateException("as-of join '" + agent.agentName() + "' needs both inputs keyed (keyBy)");
        }
        if (!input.hasEventTime()) {
            throw new IllegalStateException("as-of join '" + agent.agentName() + "' needs event time on both inputs:"
                    + " give both sources a WatermarkStrategy");
        }
        VectorSchemaRoot root = input.root();
        boolean encoded = root.getSchema().getFields().stream().anyMatch(f -> f.getDictionary() != null);
        VectorSchemaRoot decoded = encoded ? Dictionaries.decode(root, input.dictionaries(), agent.allocator()) : root;
        try {
            groupByKey(input.keyIds(), input.keyCount(), input.rowCount());
            if (input.input() == 0) {
                addLeft(input, decoded);
            } else {
                addRight(input, decoded);
            }
        } finally {
            if (encoded) {
                decoded.close();
            }
        }
        return null;
    }

    /**
     * Fills {@link #order} with the rows grouped by key id, each key's rows in input order: by
     * counting when the ids are few for the batch, else by sorting (key id, row) pairs (on the heap
     * backends ids number all the subtask's keys, which may be many more than a batch has).
     */
    private void groupByKey(int[] keyIds, int keyCount, int rows) {
        if (order.length < rows) {
            order = new int[Math.max(rows, order.length * 2)];
        }
        if (keyCount <= COUNTING_SORT_KEYS_PER_ROW * rows) {
            if (counts.length < keyCount + 1) {
                counts = new int[Math.max(keyCount + 1, counts.length * 2)];
            }
            Arrays.fill(counts, 0, keyCount + 1, 0);
            for (int row = 0; row < rows; row++) {
                counts[keyIds[row] + 1]++;
            }
            for (int k = 0; k < keyCount; k++) {
                counts[k + 1] += counts[k];
            }
            for (int row = 0; row < rows; row++) {
                order[counts[keyIds[row]]++] = row;
            }
        } else {
            if (packed.length < rows) {
                packed = new long[Math.max(rows, packed.length * 2)];
            }
            for (int row = 0; row < rows; row++) {
                packed[row] = (long) keyIds[row] << 32 | row;
            }
            Arrays.sort(packed, 0, rows);
            for (int i = 0; i < rows; i++) {
                order[i] = (int) packed[i];
            }
        }
    }

    /** Keeps the left rows until the watermark reaches them; late ones go to the side output. */
    private void addLeft(KeyedBatch input, VectorSchemaRoot root) throws Exception {
        long[] timestamps = input.eventTime().timestamps();
        long[] watermarks = input.eventTime().watermarks();
        int[] keyIds = input.keyIds();
        int rows = input.rowCount();
        int lateRows = 0;
        left.bind(root);
        for (int i = 0; i < rows; ) {
            int key = keyIds[order[i]];
            RowBuffer buffer = null;
            long earliestBefore = Long.MAX_VALUE;
            for (; i < rows && keyIds[order[i]] == key; i++) {
                int row = order[i];
                long ts = timestamps[row];
                if (ts <= watermarks[row]) {
                    if (lateRows == late.length) {
                        late = Arrays.copyOf(late, lateRows * 2);
                    }
                    late[lateRows++] = row;
                    continue;
                }
                if (buffer == null) {
                    agent.setCurrentKey(key);
                    buffer = leftRows.value();
                    if (buffer == null) {
                        buffer = new RowBuffer();
                    }
                    earliestBefore = buffer.earliest();
                }
                int before = buffer.byteCount;
                left.encode(row, buffer);
                buffer.endRow(ts);
                heldRows++;
                heldBytes += buffer.byteCount - before;
            }
            if (buffer != null) {
                leftRows.update(buffer);
                if (buffer.earliest() < earliestBefore) { // one timer per key, at its earliest waiting row
                    if (earliestBefore != Long.MAX_VALUE) {
                        timers.deleteEventTimeTimer(NAMESPACE, earliestBefore);
                    }
                    timers.registerEventTimeTimer(NAMESPACE, buffer.earliest());
                }
            }
        }
        if (lateRows > 0) {
            Arrays.sort(late, 0, lateRows); // in input order
            if (spec.lateData() != null) {
                agent.emit(spec.lateData(), RowGather.gather(root, late, lateRows, agent.allocator()),
                        input.eventTime().gather(late, lateRows));
            } else {
                droppedLeft += lateRows;
            }
        }
    }

    /** Adds the right rows to their keys' sorted rows, first dropping those the watermark has superseded. */
    private void addRight(KeyedBatch input, VectorSchemaRoot root) throws Exception {
        long[] timestamps = input.eventTime().timestamps();
        long[] watermarks = input.eventTime().watermarks();
        int[] keyIds = input.keyIds();
        int rows = input.rowCount();
        long watermark = timers.currentWatermark(); // every waiting left row is later than it
        right.bind(root);
        for (int i = 0; i < rows; ) {
            int key = keyIds[order[i]];
            RowBuffer buffer = null;
            for (; i < rows && keyIds[order[i]] == key; i++) {
                int row = order[i];
                long ts = timestamps[row];
                if (ts <= watermarks[row]) {
                    droppedRight++;
                    continue;
                }
                if (buffer == null) {
                    agent.setCurrentKey(key);
                    buffer = rightRows.value();
                    if (buffer == null) {
                        buffer = new RowBuffer();
                    } else {
                        dropSuperseded(buffer, watermark);
                    }
                }
                int before = buffer.byteCount;
                right.encode(row, buffer);
                buffer.endRow(ts);
                buffer.sortLastRow();
                heldRows++;
                heldBytes += buffer.byteCount - before;
            }
            if (buffer != null) {
                rightRows.update(buffer);
            }
        }
    }

    private boolean dropSuperseded(RowBuffer rights, long watermark) {
        int bytesBefore = rights.byteCount;
        int dropped = rights.dropSupersededBy(watermark);
        heldRows -= dropped;
        heldBytes -= bytesBefore - rights.byteCount;
        return dropped > 0;
    }

    @Override
    public void onWatermark(long watermark) throws Exception {
        long before = timers.currentWatermark(); // what was forwarded before: the emitted rows go out ahead of the new one
        timers.advanceWatermark(watermark, this);
        if (joined.rows() > 0) {
            JoinedRows.Emitted emitted = joined.take(agent.allocator(), before);
            agent.emit(emitted.batch(), emitted.eventTime());
        }
    }

    /** The watermark reached the key's earliest waiting left row: joins every left row it has reached. */
    @Override
    public void onEventTime(Timer timer) throws Exception {
        RowBuffer lefts = leftRows.value();
        if (lefts == null || lefts.rows == 0) {
            return;
        }
        long watermark = timers.currentWatermark();
        RowBuffer rights = rightRows.value();
        due = lefts.selectUpTo(watermark, due, dueCount);
        int match = -1;
        for (int i = 0; i < dueCount[0]; i++) { // in time order: each match is at or after the one before
            int row = due[i];
            match = rights == null ? -1 : rights.lastAtOrBefore(lefts.timestamps[row], match);
            joined.add(lefts, row, rights, match);
        }
        int bytesBefore = lefts.byteCount;
        heldRows -= lefts.removeUpTo(watermark);
        heldBytes -= bytesBefore - lefts.byteCount;
        if (rights != null && dropSuperseded(rights, watermark)) {
            rightRows.update(rights);
        }
        if (lefts.rows == 0) {
            leftRows.clear();
        } else {
            leftRows.update(lefts);
            timers.registerEventTimeTimer(NAMESPACE, lefts.earliest());
        }
    }

    @Override
    public void onProcessingTime(Timer timer) {
        // the join uses event time only
    }

    /** Late left rows dropped because there is no late side output. */
    public long droppedLeftRows() {
        return droppedLeft;
    }

    /** Late right rows dropped. */
    public long droppedRightRows() {
        return droppedRight;
    }

    /**
     * Rows this instance added to its keyed state minus those it removed (waiting left rows, right
     * rows kept for matching): what it holds when it started empty. A restored instance does not count
     * the rows it restored.
     */
    public long heldRows() {
        return heldRows;
    }

    /** The encoded bytes of {@link #heldRows()} (beside them: 12 bytes of timestamp and offset per row). */
    public long heldBytes() {
        return heldBytes;
    }
}
