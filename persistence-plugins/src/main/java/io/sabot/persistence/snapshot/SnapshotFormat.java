package io.sabot.persistence.snapshot;

/** How a snapshot file holds its snapshot; the file name's extension says which. */
enum SnapshotFormat {
    /** The snapshot's Pekko-serialized bytes ({@link SerializedSnapshotCodec}). */
    SERIALIZED("bin"),
    /** An Arrow IPC file of an {@link ArrowTableSnapshot} ({@link ArrowSnapshotCodec}). */
    ARROW("arrow");

    final String extension;

    SnapshotFormat(String extension) {
        this.extension = extension;
    }

    static SnapshotFormat of(Object snapshot) {
        return snapshot instanceof ArrowTableSnapshot ? ARROW : SERIALIZED;
    }

    static SnapshotFormat ofExtension(String extension) {
        return extension.equals(ARROW.extension) ? ARROW : SERIALIZED;
    }
}
