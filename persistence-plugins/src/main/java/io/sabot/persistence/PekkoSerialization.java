package io.sabot.persistence;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serialization$;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import scala.Option;

/**
 * Pekko serialization as the plugin uses it: events, snapshots and their metadata are written with
 * whatever serializer the application binds to their class (Jackson, protobuf, …), never with Java
 * serialization unless the application allows it.
 */
public final class PekkoSerialization {

    private final ExtendedActorSystem system;
    private final Serialization serialization;

    public PekkoSerialization(ExtendedActorSystem system) {
        this.system = system;
        this.serialization = SerializationExtension.get(system);
    }

    /**
     * Runs {@code work} with the serialization context set, which serializers of actor references
     * need; wrap a batch of {@link #serialize} calls in one call.
     */
    public <T> T withTransportInformation(scala.Function0<T> work) {
        // The companion object's method: Serialization has a private instance method of that name.
        return Serialization$.MODULE$.withTransportInformation(system, work);
    }

    /**
     * Serializes {@code value} with the serializer bound to its class.
     *
     * @throws java.io.NotSerializableException (unchecked by Pekko) when no serializer is bound
     */
    public SerializedValue serialize(Object value) {
        Serializer serializer = serialization.findSerializerFor(value);
        byte[] bytes = serializer.toBinary(value);
        return new SerializedValue(serializer.identifier(),
                Serializers.manifestFor(serializer, value), bytes);
    }

    /** Serializes optional metadata (of an event or a snapshot); {@code null} when there is none. */
    public SerializedValue serialize(Option<Object> metadata) {
        return metadata.isDefined() ? serialize(metadata.get()) : null;
    }

    /** The object, through the serializer that wrote it. */
    public Object deserialize(SerializedValue value) {
        return serialization.deserialize(value.bytes(), value.serializerId(), value.manifest()).get();
    }

    /** Deserializes optional metadata: empty for {@code null}. */
    public Option<Object> deserializeOptional(SerializedValue value) {
        return value == null ? Option.empty() : Option.apply(deserialize(value));
    }
}
