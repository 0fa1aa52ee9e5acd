package io.sabot.actors.api;

import io.sabot.actors.stream.EventTime;
import io.sabot.state.api.ColumnarStateStore;
import io.sabot.state.api.KeyedStateStore;
import io.sabot.watermarks.timers.OperatorTimerService;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** What a running agent subtask knows about itself, and where it emits. */
public interface AgentContext {

    String jobName();

    String agentName();

    int subtaskIndex();

    int parallelism();

    /** This subtask's Arrow allocator: allocate output vectors here. Closed with the subtask. */
    BufferAllocator allocator();

    /** The key with dense id {@code keyId} (a String, Integer or Long). */
    Object key(int keyId);

    /** Flink's keyed states of this subtask, scoped to the current key (see {@link #setCurrentKey}). */
    KeyedStateStore state();

    /**
     * Numeric per-key state as primitive arrays indexed by the key ids of the batch being processed:
     * the fast path for vectorized kernels. Register columns in {@code open}; read {@code values()}
     * again for every batch.
     */
    ColumnarStateStore columns();

    /** Makes {@code keyId} of the current batch the key that {@link #state()} reads and writes. */
    void setCurrentKey(int keyId);

    /**
     * The combined watermark of this subtask's inputs that the function was last told of through
     * {@link BatchFunction#onWatermark} (Long.MIN_VALUE before the first). While a batch is
     * processed it is the watermark before the batch; each row's own is in {@code KeyedBatch.eventTime()}.
     */
    long currentWatermark();

    /**
     * The timers named {@code name}, kept in this subtask's keyed state (so snapshots hold them);
     * processing-time timers wake the function through {@link BatchFunction#onProcessingTime}.
     * Only on a keyed stream; call it once, in {@code open}.
     */
    OperatorTimerService timerService(String name);

    /**
     * Emits {@code batch} (allocated from {@link #allocator()}; the runtime owns it from now on) with
     * its rows' event time, which may be null on a stream without event time.
     */
    void emit(VectorSchemaRoot batch, EventTime eventTime);

    /** Emits to a side output declared by {@link BatchFunction#sideOutputs}. */
    void emit(OutputTag tag, VectorSchemaRoot batch, EventTime eventTime);

    /**
     * Emits rows {@code rows[0..count)} of {@code input} (increasing row indices) with their event
     * time and the input's dictionaries, gathered in one pass: how a function that drops rows (a
     * filter) keeps their timestamps.
     */
    void emitRows(KeyedBatch input, int[] rows, int count);

    /** True when side output {@code tag} is declared (and read by the job): emitting to another fails. */
    boolean hasSideOutput(OutputTag tag);
}
