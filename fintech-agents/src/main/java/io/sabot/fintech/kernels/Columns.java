package io.sabot.fintech.kernels;

import io.sabot.actors.batch.SchemaBuilder;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Schema checks shared by the kernels. */
final class Columns {

    private Columns() {}

    /** Fails unless {@code schema} has a float64 column {@code name}. */
    static void requireFloat64(Schema schema, String name) {
        Field field = schema.getFields().stream().filter(f -> f.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("needs a float64 column '" + name
                        + "', the input has none (columns: "
                        + String.join(", ", schema.getFields().stream().map(Field::getName).toList()) + ")"));
        if (!field.getType().equals(SchemaBuilder.FLOAT64)) {
            throw new IllegalArgumentException("needs column '" + name + "' as float64, the input has " + field.getType());
        }
    }

    /** Fails if {@code schema} already has a column {@code name} (the kernel's output). */
    static void requireAbsent(Schema schema, String name) {
        if (schema.getFields().stream().anyMatch(f -> f.getName().equals(name))) {
            throw new IllegalArgumentException("would add column '" + name + "', which the input already has");
        }
    }
}
