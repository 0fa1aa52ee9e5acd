package io.sabot.actors.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * A task's exception as bytes, so the submitter of a job gets it back as the cause of its failure
 * whichever node the task ran on (as Flink's {@code SerializedThrowable}): Java serialization of the
 * exception itself, or of a {@link TaskException} with its class name, message and stack trace when
 * it (or a cause) cannot be serialized or its class cannot be loaded where it is read.
 */
public final class FailureCause {

    private FailureCause() {}

    /** Thrown in place of a task's exception that could not travel: it names the original class. */
    public static final class TaskException extends Exception {
        public TaskException(String message) {
            super(message);
        }
    }

    public static byte[] serialize(Throwable error) {
        try {
            return bytes(error);
        } catch (IOException | RuntimeException notSerializable) {
            try {
                return bytes(standIn(error));
            } catch (IOException e) {
                throw new IllegalStateException("a TaskException could not be serialized", e);
            }
        }
    }

    /** The exception in {@code bytes} (null for null), loaded with the thread's context class loader (user classes). */
    public static Throwable deserialize(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            return (Throwable) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            return new TaskException("the task's exception could not be read here: " + e);
        }
    }

    private static byte[] bytes(Throwable error) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(error);
        }
        return out.toByteArray();
    }

    /** {@code error} and its causes as TaskExceptions naming the original classes, stack traces kept. */
    private static TaskException standIn(Throwable error) {
        TaskException standIn = new TaskException(error.toString());
        standIn.setStackTrace(error.getStackTrace());
        if (error.getCause() != null && error.getCause() != error) {
            standIn.initCause(standIn(error.getCause()));
        }
        return standIn;
    }
}
