package io.sabot.persistence.journal;

import static io.sabot.persistence.SerializedValue.optionalSize;
import static io.sabot.persistence.SerializedValue.readOptional;
import static io.sabot.persistence.SerializedValue.readString;
import static io.sabot.persistence.SerializedValue.stringSize;
import static io.sabot.persistence.SerializedValue.writeOptional;
import static io.sabot.persistence.SerializedValue.writeString;

import io.sabot.persistence.PekkoSerialization;
import io.sabot.persistence.SerializedValue;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.persistence.PersistentRepr;
import scala.Option;

/**
 * The stored form of one event: the payload and metadata through Pekko serialization (whatever
 * serializer the application binds), plus what a replay must give back. The persistence id and
 * sequence number are in the key; the sender is never stored (Pekko clears it before writing).
 *
 * <pre>
 * byte   format (1)
 * long   timestamp
 * string writer uuid, string event adapter manifest
 * value  payload                    (a {@link SerializedValue})
 * byte   0, or 1 and a value       the event's metadata
 * </pre>
 */
public final class PersistentReprCodec {

    private static final byte FORMAT = 1;

    private final PekkoSerialization serialization;

    public PersistentReprCodec(PekkoSerialization serialization) {
        this.serialization = serialization;
    }

    public PekkoSerialization serialization() {
        return serialization;
    }

    /**
     * Serializes an event (its payload already unwrapped from {@code Tagged}); call it inside
     * {@link PekkoSerialization#withTransportInformation}.
     */
    public byte[] encode(PersistentRepr repr) {
        SerializedValue payload = serialization.serialize(repr.payload());
        SerializedValue metadata = serialization.serialize(repr.metadata());
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + stringSize(repr.writerUuid()) + stringSize(repr.manifest())
                + payload.size() + optionalSize(metadata));
        out.put(FORMAT).putLong(repr.timestamp());
        writeString(out, repr.writerUuid());
        writeString(out, repr.manifest());
        payload.writeTo(out);
        writeOptional(out, metadata);
        return out.array();
    }

    /** Rebuilds the event stored under this persistence id and sequence number. */
    public PersistentRepr decode(String persistenceId, long sequenceNr, byte[] record) {
        try {
            ByteBuffer in = ByteBuffer.wrap(record);
            byte format = in.get();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown event format " + format);
            }
            long timestamp = in.getLong();
            String writerUuid = readString(in);
            String manifest = readString(in);
            Object payload = serialization.deserialize(SerializedValue.readFrom(in));
            Option<Object> metadata = serialization.deserializeOptional(readOptional(in));
            PersistentRepr repr = PersistentRepr.apply(payload, sequenceNr, persistenceId, manifest, false,
                    ActorRef.noSender(), writerUuid).withTimestamp(timestamp);
            return metadata.isDefined() ? repr.withMetadata(metadata.get()) : repr;
        } catch (Exception e) { // a corrupt record, or a payload its serializer cannot read
            String reason = e instanceof BufferUnderflowException || e instanceof NegativeArraySizeException
                    ? "the record is truncated or corrupt" : e.toString();
            throw new IllegalStateException("cannot read event " + sequenceNr + " of persistence id '"
                    + persistenceId + "': " + reason, e);
        }
    }
}
