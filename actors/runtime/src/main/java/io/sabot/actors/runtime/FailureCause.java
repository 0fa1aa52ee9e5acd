package io.sabot.actors.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * A task's exception as bytes, so the submitter of a job gets it back as the cause of its failure
 * whichever node the task ran on (as Flink's {@code SerializedThrowable}). The bytes hold the
 * exception itself (Java serialization; absent when it or a cause cannot be serialized) and always a
 * {@link TaskException} stand-in with its class name, message, stack trace and causes: the reader
 * gets the exception itself when it can load its classes, else the stand-in.
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
        byte[] original;
        try {
            original = bytes(error);
        } catch (IOException | RuntimeException notSerializable) {
            original = new byte[0];
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DataOutputStream data = new DataOutputStream(out)) {
                data.writeInt(original.length);
                data.write(original);
                data.write(bytes(standIn(error)));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("a TaskException could not be serialized", e);
        }
    }

    /**
     * The exception in {@code bytes} (null for null), its classes loaded with the thread's context
     * class loader (user classes); the stand-in when they cannot be.
     */
    public static Throwable deserialize(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (DataInputStream data = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte[] original = new byte[data.readInt()];
            data.readFully(original);
            if (original.length > 0) {
                try {
                    return read(original);
                } catch (IOException | ClassNotFoundException | ClassCastException e) {
                    // a class of the task's node only: the stand-in says what it was
                }
            }
            return read(data.readAllBytes());
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            return new TaskException("the task's exception could not be read here: " + e);
        }
    }

    private static Throwable read(byte[] bytes) throws IOException, ClassNotFoundException {
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
