package io.sabot.actors.testing;

import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.batch.Batches;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** A vectorized agent that forwards its input unchanged (moving the buffers, not copying them). */
public final class PassThrough implements BatchFunction {

    @Override
    public Schema outputSchema(Schema input) {
        return input;
    }

    @Override
    public VectorSchemaRoot process(KeyedBatch input) {
        return Batches.appendColumns(input.root(), List.of());
    }
}
