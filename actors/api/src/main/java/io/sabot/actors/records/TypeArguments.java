package io.sabot.actors.records;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Reads the type argument a class gives a generic interface it implements (what Flink's type
 * extractor does): how the runtime learns an aggregate's accumulator class without asking.
 */
public final class TypeArguments {

    private TypeArguments() {}

    /**
     * The class given as type argument {@code index} of {@code generic} by {@code implementation} or
     * one of its superclasses; throws naming the implementation when it is not a plain class.
     */
    public static Class<?> of(Class<?> implementation, Class<?> generic, int index) {
        for (Class<?> c = implementation; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type type : c.getGenericInterfaces()) {
                if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == generic) {
                    Type argument = parameterized.getActualTypeArguments()[index];
                    if (argument instanceof Class<?> plain) {
                        return plain;
                    }
                    if (argument instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
                        return raw;
                    }
                    break;
                }
            }
        }
        throw new IllegalArgumentException(implementation.getName() + " does not name type argument " + index + " of "
                + generic.getSimpleName() + " as a class: implement " + generic.getSimpleName()
                + " with concrete types (class X implements " + generic.getSimpleName() + "<A, B, C>)");
    }
}
