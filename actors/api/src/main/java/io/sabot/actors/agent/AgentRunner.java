package io.sabot.actors.agent;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.batch.Dictionaries;
import io.sabot.actors.batch.RowGather;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.EventTime;
import io.sabot.actors.stream.StreamElement;
import io.sabot.actors.stream.Watermark;
import io.sabot.actors.stream.WatermarkStatus;
import io.sabot.state.api.ColumnarStateStore;
import io.sabot.state.api.KeyedStateStore;
import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.keys.KeyColumn;
import io.sabot.watermarks.timers.InternalTimerService;
import io.sabot.watermarks.timers.OperatorTimerService;
import io.sabot.watermarks.valve.StatusWatermarkValve;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider.MapDictionaryProvider;

/**
 * One subtask of an agent, without actors: it runs the user's {@link BatchFunction} over the
 * elements of the subtask's input channels and is the one implementation of the
 * {@link AgentContext} the function sees. The runtime's agent task feeds it what its input gate
 * delivers; {@code KernelRunner} (fintech) drives it directly. A hook a function needs (a snapshot,
 * a restore) is written here once.
 *
 * <p>Keys. On a keyed input every batch is bound to the subtask's keyed state backend first (each
 * row gets the dense id of its key, by that input's key column), the function runs, and the batch is
 * unbound; batches of an input that is not keyed (the broadcast side) come without key ids.
 *
 * <p>Event time. Input watermarks and idle/active statuses go through a {@link StatusWatermarkValve}
 * per channel, row by row: every row of a batch is given the combined watermark in effect just
 * before it, which is what a per-record runtime would show the function. After each element that
 * advanced the combined watermark the function hears {@link BatchFunction#onWatermark}, then the
 * watermark goes to the output, behind the output it caused.
 *
 * <p>Not thread-safe: one thread (the task's actor) calls it.
 */
public final class AgentRunner implements AutoCloseable {

    /** Where the agent's output goes. */
    public interface Output {
        /** Takes ownership of {@code batch}; {@code outputTag} null is the main output, else a side output's id. */
        void emit(String outputTag, Batch batch);

        /** A watermark or watermark status, for every downstream channel. */
        void broadcast(StreamElement element);
    }

    /** Who this subtask is: its job, its agent, its index among {@code parallelism}. */
    public record Subtask(String jobName, String agentName, int index, int parallelism) {}

    private final Subtask subtask;
    private final BatchFunction function;
    private final List<KeyColumn> keyColumns; // per input; null entries for inputs that are not keyed
    private final KeyedStateBackend state;    // null when no input is keyed
    private final int[] inputOfChannel;       // the input (0 or 1) each channel belongs to
    private final Set<String> sideOutputs;
    private final BufferAllocator allocator;
    private final Output output;
    private final LongConsumer wakeUpAt;
    private final StatusWatermarkValve valve;
    private final Context context = new Context();
    private long functionWatermark = Long.MIN_VALUE;   // the last watermark the function heard of
    private long forwardedWatermark = Long.MIN_VALUE;  // the last watermark sent downstream
    private int[] keyIds = new int[0];
    private long origin; // of the batch being processed (0 between batches): output made from it keeps it
    private int endedChannels;
    private boolean closed;

    private final StatusWatermarkValve.Output valveOutput = new StatusWatermarkValve.Output() {
        @Override
        public void emitWatermark(long watermark) {
            // read from the valve after each element (or row), see advanceWatermark
        }

        @Override
        public void emitStatus(boolean idle) {
            try {
                advanceWatermark(); // a flushed watermark goes out before the status, as in Flink
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            output.broadcast(idle ? WatermarkStatus.IDLE : WatermarkStatus.ACTIVE);
        }
    };

    /**
     * An agent with one input of {@code channels} channels.
     *
     * @param keyColumn   the key column of a keyed stream, else null (and {@code state} null)
     * @param state       the subtask's keyed state backend on a keyed stream; its owner closes it
     * @param sideOutputs ids of the side outputs the function declared
     * @param channels    input channels
     * @param allocator   the subtask's allocator: the function allocates its output here
     * @param wakeUpAt    asks to be called back ({@link #onProcessingTime}) at a processing time
     */
    public AgentRunner(Subtask subtask, BatchFunction function, KeyColumn keyColumn, KeyedStateBackend state,
                       Set<String> sideOutputs, int channels, BufferAllocator allocator, Output output,
                       LongConsumer wakeUpAt) {
        this(subtask, function, Collections.singletonList(keyColumn), state, sideOutputs, new int[channels], allocator,
                output, wakeUpAt);
    }

    /**
     * An agent with one or two inputs.
     *
     * @param keyColumns     per input, its key column, or null for an input that is not keyed
     * @param state          the subtask's keyed state backend when some input is keyed (else null); its owner closes it
     * @param inputOfChannel per input channel, the input it belongs to
     */
    public AgentRunner(Subtask subtask, BatchFunction function, List<KeyColumn> keyColumns, KeyedStateBackend state,
                       Set<String> sideOutputs, int[] inputOfChannel, BufferAllocator allocator, Output output,
                       LongConsumer wakeUpAt) {
        if (keyColumns.stream().allMatch(Objects::isNull) != (state == null)) {
            throw new IllegalArgumentException("a keyed agent needs both a key column and a state backend");
        }
        this.subtask = subtask;
        this.function = function;
        this.keyColumns = new ArrayList<>(keyColumns);
        this.inputOfChannel = inputOfChannel.clone();
        this.state = state;
        this.sideOutputs = Set.copyOf(sideOutputs);
        this.allocator = allocator;
        this.output = output;
        this.wakeUpAt = wakeUpAt;
        this.valve = new StatusWatermarkValve(inputOfChannel.length);
    }

    /**
     * Opens the function: call once, before the first element. A restored subtask then tells it the
     * watermark it had been told, so its timers continue from there.
     */
    public void open() throws Exception {
        function.open(context);
        if (functionWatermark != Long.MIN_VALUE) {
            function.onWatermark(functionWatermark);
        }
    }

    /** Processes a batch of input channel {@code channel}, then closes it. */
    public void onBatch(int channel, Batch batch) throws Exception {
        origin = batch.origin();
        try (batch) {
            process(channel, batch);
        } finally {
            origin = 0;
        }
        advanceWatermark();
    }

    public void onWatermark(int channel, long watermark) throws Exception {
        valve.inputWatermark(watermark, channel, valveOutput);
        advanceWatermark();
    }

    public void onStatus(int channel, boolean idle) throws Exception {
        valve.inputStatus(idle, channel, valveOutput);
        advanceWatermark();
    }

    /** Input channel {@code channel} ended; true once every channel has. */
    public boolean onEndOfInput(int channel) throws Exception {
        // An ended channel holds nothing back, even if it went idle before it ended.
        valve.inputStatus(false, channel, valveOutput);
        valve.inputWatermark(Long.MAX_VALUE, channel, valveOutput);
        advanceWatermark();
        return ++endedChannels == valve.channels();
    }

    /** A processing-time wake-up asked for through {@code wakeUpAt} is due. */
    public void onProcessingTime() throws Exception {
        function.onProcessingTime();
    }

    /** The last watermark sent downstream (Long.MIN_VALUE before the first). */
    public long forwardedWatermark() {
        return forwardedWatermark;
    }

    /** Distinct keys in the subtask's state (0 on a non-keyed stream). */
    public long keyCount() {
        return state == null ? 0 : state.keyCount();
    }

    /**
     * The subtask's operator state for a checkpoint (its keyed state is the backend's): what it knows
     * of event time (the input channels' watermarks and statuses, and the watermarks the function
     * and the output were last given), then the function's own operator state
     * ({@link BatchFunction#snapshotOperatorState()}, e.g. broadcast state). A restored subtask with
     * as many channels continues from it exactly, so lateness is judged as in a run without failure.
     */
    public byte[] snapshotState() throws Exception {
        StatusWatermarkValve.State valveState = valve.state();
        byte[] functionState = function.snapshotOperatorState();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(valveState.watermarks().length);
            for (int c = 0; c < valveState.watermarks().length; c++) {
                out.writeLong(valveState.watermarks()[c]);
                out.writeBoolean(valveState.active()[c]);
                out.writeBoolean(valveState.aligned()[c]);
            }
            out.writeLong(valveState.lastOutputWatermark());
            out.writeBoolean(valveState.lastOutputActive());
            out.writeLong(functionWatermark);
            out.writeLong(forwardedWatermark);
            // last, so that snapshots written before functions had operator state still read
            out.writeInt(functionState == null ? -1 : functionState.length);
            if (functionState != null) {
                out.write(functionState);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Continues from {@link #snapshotState()} of an earlier run; call before {@link #open()}. The
     * function gets its operator state back. Event time continues only from this subtask's own
     * snapshot over the same input channels: when they differ ({@code rescaled}: this vertex or one
     * feeding it runs at another parallelism, and the snapshot may be of old subtask i mod old
     * parallelism) or their number does, it starts afresh and watermarks rise again from the inputs.
     */
    public void restoreState(byte[] snapshot, boolean rescaled) throws Exception {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int channels = in.readInt();
            long[] watermarks = new long[channels];
            boolean[] active = new boolean[channels];
            boolean[] aligned = new boolean[channels];
            for (int c = 0; c < channels; c++) {
                watermarks[c] = in.readLong();
                active[c] = in.readBoolean();
                aligned[c] = in.readBoolean();
            }
            StatusWatermarkValve.State valveState =
                    new StatusWatermarkValve.State(watermarks, active, aligned, in.readLong(), in.readBoolean());
            long restoredFunctionWatermark = in.readLong();
            long restoredForwardedWatermark = in.readLong();
            if (!rescaled && channels == valve.channels()) {
                valve.restore(valveState);
                functionWatermark = restoredFunctionWatermark;
                forwardedWatermark = restoredForwardedWatermark;
            }
            int length = in.available() == 0 ? -1 : in.readInt(); // nothing more: a snapshot of an older version
            if (length >= 0) {
                byte[] functionState = new byte[length];
                in.readFully(functionState);
                function.restoreOperatorState(functionState);
            }
        }
    }

    /** Closes the function (after the last element, or when the task is cancelled); only the first call does. */
    @Override
    public void close() throws Exception {
        if (!closed) {
            closed = true;
            function.close();
        }
    }

    /** Tells the function, then the output, that the combined watermark advanced. */
    private void advanceWatermark() throws Exception {
        long combined = valve.watermark();
        if (combined > functionWatermark) {
            functionWatermark = combined;
            function.onWatermark(combined);
        }
        if (combined > forwardedWatermark) {
            forwardedWatermark = combined;
            output.broadcast(new Watermark(combined));
        }
    }

    private void process(int channel, Batch input) throws Exception {
        VectorSchemaRoot root = input.root();
        int rows = root.getRowCount();
        EventTime eventTime = combinedEventTime(channel, input.eventTime());
        int in = inputOfChannel[channel];
        KeyColumn keyColumn = keyColumns.get(in);
        if (keyColumn == null) {
            emitResult(function.process(new KeyedBatch(root, null, 0, input.dictionaries(), eventTime, in)), input,
                    eventTime);
            return;
        }
        if (keyIds.length < rows) {
            keyIds = new int[Math.max(rows, keyIds.length * 2)];
        }
        int keys = state.bindBatch(root, input.dictionaries(), keyColumn, keyIds);
        VectorSchemaRoot result;
        try {
            result = function.process(new KeyedBatch(root, keyIds, keys, input.dictionaries(), eventTime, in));
        } finally {
            state.finishBatch();
        }
        emitResult(result, input, eventTime);
    }

    /** The rows' timestamps with, per row, the combined watermark just before it (null without event time). */
    private EventTime combinedEventTime(int channel, EventTime channelTime) {
        if (channelTime == null) {
            return null;
        }
        long[] rowWatermarks = channelTime.watermarks();
        long[] combined = new long[rowWatermarks.length];
        for (int row = 0; row < combined.length; row++) {
            valve.inputWatermark(rowWatermarks[row], channel, valveOutput); // repeats return at once
            combined[row] = valve.watermark();
        }
        return new EventTime(channelTime.timestamps(), combined);
    }

    /**
     * Emits the function's output. It keeps its input's event time row for row (one of another
     * length has no timestamps), and the input's dictionaries if it kept dictionary-encoded columns.
     */
    private void emitResult(VectorSchemaRoot result, Batch input, EventTime inputTime) {
        if (result == null) {
            return;
        }
        EventTime eventTime = inputTime;
        if (inputTime != null && result.getRowCount() != inputTime.rows()) {
            long[] none = new long[result.getRowCount()];
            Arrays.fill(none, Long.MIN_VALUE);
            long[] watermarks = new long[none.length];
            Arrays.fill(watermarks, inputTime.rows() == 0 ? functionWatermark : inputTime.watermarks()[0]);
            eventTime = new EventTime(none, watermarks);
        }
        boolean encoded = result.getSchema().getFields().stream().anyMatch(f -> f.getDictionary() != null);
        output.emit(null, Batch.of(result, encoded ? input.takeDictionaries() : null, eventTime).withOrigin(origin));
    }

    /** The batch the runtime now owns; a batch that cannot be taken (event time of another length) is freed. */
    private Batch owned(VectorSchemaRoot batch, EventTime eventTime) {
        try {
            return Batch.of(batch, eventTime).withOrigin(origin);
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
    }

    /** What the user's function sees of its subtask. */
    private final class Context implements AgentContext {

        @Override
        public String jobName() {
            return subtask.jobName();
        }

        @Override
        public String agentName() {
            return subtask.agentName();
        }

        @Override
        public int subtaskIndex() {
            return subtask.index();
        }

        @Override
        public int parallelism() {
            return subtask.parallelism();
        }

        @Override
        public BufferAllocator allocator() {
            return allocator;
        }

        @Override
        public Object key(int keyId) {
            return keyed().key(keyId);
        }

        @Override
        public KeyedStateStore state() {
            return keyed();
        }

        @Override
        public ColumnarStateStore columns() {
            return keyed();
        }

        @Override
        public void setCurrentKey(int keyId) {
            keyed().setCurrentKey(keyId);
        }

        /** The watermark the function was last told of: during a batch, the one before it (per row: the batch's event time). */
        @Override
        public long currentWatermark() {
            return functionWatermark;
        }

        @Override
        public OperatorTimerService timerService(String name) {
            return new InternalTimerService(keyed(), name, System::currentTimeMillis, wakeUpAt);
        }

        @Override
        public void emit(VectorSchemaRoot batch, EventTime eventTime) {
            output.emit(null, owned(batch, eventTime));
        }

        @Override
        public void emit(OutputTag tag, VectorSchemaRoot batch, EventTime eventTime) {
            if (!sideOutputs.contains(tag.id())) {
                batch.close();
                throw new IllegalArgumentException("agent '" + subtask.agentName() + "' did not declare side output '"
                        + tag.id() + "' (BatchFunction.sideOutputs)");
            }
            output.emit(tag.id(), owned(batch, eventTime));
        }

        @Override
        public void emitRows(KeyedBatch input, int[] rows, int count) {
            VectorSchemaRoot kept = RowGather.gather(input.root(), rows, count, allocator);
            Batch batch;
            try {
                EventTime eventTime = input.eventTime() == null ? null : input.eventTime().gather(rows, count);
                boolean encoded = kept.getSchema().getFields().stream().anyMatch(f -> f.getDictionary() != null);
                MapDictionaryProvider dictionaries = null;
                if (encoded) {
                    if (!(input.dictionaries() instanceof MapDictionaryProvider map)) {
                        throw new IllegalStateException("agent '" + subtask.agentName()
                                + "': a batch with dictionary-encoded columns came without their dictionaries");
                    }
                    dictionaries = Dictionaries.share(map, allocator);
                }
                batch = Batch.of(kept, dictionaries, eventTime).withOrigin(origin);
            } catch (RuntimeException e) {
                kept.close();
                throw e;
            }
            output.emit(null, batch);
        }

        @Override
        public boolean hasSideOutput(OutputTag tag) {
            return sideOutputs.contains(tag.id());
        }

        private KeyedStateBackend keyed() {
            if (state == null) {
                throw new IllegalStateException("agent '" + subtask.agentName()
                        + "' is not on a keyed stream: it has no keyed state");
            }
            return state;
        }
    }
}
