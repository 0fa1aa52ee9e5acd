package io.sabot.actors.records;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.OutputTag;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outputs of a per-record agent: records for the main output and for side outputs
 * ({@code ctx.output(tag, value)}), each collected with its event time and emitted as one batch per
 * output when the agent flushes (after a batch, a watermark or a wake-up). Side-output records of a
 * tag the job does not read are dropped, as in Flink.
 */
final class RecordOutputs<O extends Record> {

    private final AgentContext agent;
    private final TimedRecordWriter<O> main;
    private final Map<String, TimedRecordWriter<Record>> sides = new LinkedHashMap<>();

    RecordOutputs(RecordType<O> mainType, AgentContext agent) {
        this.agent = agent;
        this.main = new TimedRecordWriter<>(mainType, agent, null);
    }

    void collect(O record, long timestamp, long watermarkBefore) {
        main.write(record, timestamp, watermarkBefore);
    }

    /** Collects {@code value} for side output {@code tag}; its record type must have the tag's schema. */
    void output(OutputTag tag, Record value, long timestamp, long watermarkBefore) {
        if (!agent.hasSideOutput(tag)) {
            return; // nobody reads it
        }
        TimedRecordWriter<Record> writer = sides.get(tag.id());
        if (writer == null) {
            @SuppressWarnings("unchecked")
            RecordType<Record> type = (RecordType<Record>) RecordType.of(value.getClass());
            if (!type.schema().equals(tag.schema())) {
                throw new IllegalArgumentException("agent '" + agent.agentName() + "' emitted a "
                        + value.getClass().getSimpleName() + " to side output '" + tag.id() + "', whose schema is "
                        + tag.schema() + "; the record's is " + type.schema());
            }
            writer = new TimedRecordWriter<>(type, agent, tag);
            sides.put(tag.id(), writer);
        } else if (value.getClass() != writer.type()) {
            throw new IllegalArgumentException("agent '" + agent.agentName() + "' emitted a " + value.getClass().getSimpleName()
                    + " to side output '" + tag.id() + "', which takes " + writer.type().getSimpleName());
        }
        writer.write(value, timestamp, watermarkBefore);
    }

    /** Emits what was collected since the last flush: the main output's batch, then each side output's. */
    void flush() {
        main.flush();
        sides.values().forEach(TimedRecordWriter::flush);
    }

    /** Frees what was collected but not emitted (the agent is closing). */
    void discard() {
        main.discard();
        sides.values().forEach(TimedRecordWriter::discard);
    }
}
