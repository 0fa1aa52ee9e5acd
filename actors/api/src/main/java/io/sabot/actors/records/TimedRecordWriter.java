package io.sabot.actors.records;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.stream.EventTime;
import java.util.Arrays;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Collects output records with their event time (timestamp, and the watermark in effect before the
 * record: for a record emitted by a timer, the watermark before the one that fired it) and emits them
 * as one batch, in the order they were written, to the main output or to side output {@code tag}.
 */
final class TimedRecordWriter<T extends Record> {

    private final RecordType<T> type;
    private final AgentContext agent;
    private final OutputTag tag; // null: the main output
    private RecordType<T>.Writer writer;
    private long[] timestamps = new long[64];
    private long[] watermarks = new long[64];
    private int rows;

    TimedRecordWriter(RecordType<T> type, AgentContext agent, OutputTag tag) {
        this.type = type;
        this.agent = agent;
        this.tag = tag;
    }

    Class<T> type() {
        return type.type();
    }

    void write(T record, long timestamp, long watermarkBefore) {
        if (writer == null) {
            writer = type.writer(agent.allocator());
        }
        if (rows == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, rows * 2);
            watermarks = Arrays.copyOf(watermarks, rows * 2);
        }
        writer.write(record);
        timestamps[rows] = timestamp;
        watermarks[rows] = watermarkBefore;
        rows++;
    }

    /** Emits what was written since the last flush, if anything. */
    void flush() {
        if (rows == 0) {
            return;
        }
        EventTime eventTime = new EventTime(Arrays.copyOf(timestamps, rows), Arrays.copyOf(watermarks, rows));
        VectorSchemaRoot batch;
        try (RecordType<T>.Writer full = writer) {
            batch = full.finish();
        } finally {
            writer = null;
            rows = 0;
        }
        if (tag == null) { // the runtime owns the batch from here, even if this throws
            agent.emit(batch, eventTime);
        } else {
            agent.emit(tag, batch, eventTime);
        }
    }

    /** Frees records written but not emitted (the agent is closing). */
    void discard() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
        rows = 0;
    }
}
