package io.sabot.persistence.testing;

/** Marker of test events, commands and states: bound to Pekko's Jackson JSON serializer in application.conf. */
public interface JsonSerializable {
}
