package io.sabot.state.serialization;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;

/**
 * Reads the components of a Java record and makes records from component values, through method
 * handles adapted once so that each call is exact (no per-call adaptation): what the record
 * serializer here and the Arrow record mapping of the API share.
 */
public final class RecordAccess<T> {

    private final Class<T> type;
    private final RecordComponent[] components;
    private final MethodHandle[] accessors;   // (Object) -> Object
    private final MethodHandle constructor;   // (Object[]) -> Object

    private RecordAccess(Class<T> type) throws IllegalAccessException, NoSuchMethodException {
        this.type = type;
        this.components = type.getRecordComponents();
        this.accessors = new MethodHandle[components.length];
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            accessors[i] = lookup.unreflect(components[i].getAccessor())
                    .asType(MethodType.methodType(Object.class, Object.class));
            parameterTypes[i] = components[i].getType();
        }
        this.constructor = lookup.findConstructor(type, MethodType.methodType(void.class, parameterTypes))
                .asSpreader(Object[].class, components.length)
                .asType(MethodType.methodType(Object.class, Object[].class));
    }

    /** Access to record {@code type}; throws when it is not public or has no public canonical constructor. */
    public static <T> RecordAccess<T> of(Class<T> type) throws IllegalAccessException, NoSuchMethodException {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        return new RecordAccess<>(type);
    }

    public RecordComponent[] components() {
        return components.clone();
    }

    /** The value of component {@code component} of {@code record}. */
    public Object get(T record, int component) {
        try {
            return accessors[component].invokeExact((Object) record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("reading " + components[component].getName() + " failed", t);
        }
    }

    /** The record of component values {@code values}, in declaration order. */
    public T make(Object[] values) {
        try {
            return type.cast((Object) constructor.invokeExact(values));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("constructing " + type.getSimpleName() + " failed", t);
        }
    }
}
