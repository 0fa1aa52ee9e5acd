package io.sabot.actors.api;

import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Names a side output of an agent and the schema of its batches, as Flink's {@code OutputTag}:
 * the agent emits to it with {@link AgentContext#emit(OutputTag, org.apache.arrow.vector.VectorSchemaRoot,
 * io.sabot.actors.stream.EventTime)}, and {@code DataStream.getSideOutput(tag)} reads it.
 */
public record OutputTag(String id, Schema schema) {

    public OutputTag {
        Objects.requireNonNull(id, "an output tag needs an id");
        Objects.requireNonNull(schema, "an output tag needs a schema");
        if (id.isBlank()) {
            throw new IllegalArgumentException("an output tag id must not be blank");
        }
    }
}
