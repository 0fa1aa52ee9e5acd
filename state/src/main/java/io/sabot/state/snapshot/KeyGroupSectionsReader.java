package io.sabot.state.snapshot;

import io.sabot.state.backend.CorruptSnapshotException;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/** Reads a file written by {@link KeyGroupSectionsWriter}, verifying every checksum it touches. */
public final class KeyGroupSectionsReader implements AutoCloseable {

    private record Section(long offset, long length, int crc) {}

    private final Path file;
    private final FileChannel channel;
    private final String format;
    private final byte[] metadata;
    private final Map<Integer, Section> sections = new TreeMap<>();

    private KeyGroupSectionsReader(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        long size = channel.size();
        int footerLength = 8 + 4 + 4 + KeyGroupSectionsWriter.MAGIC.length;
        if (size < KeyGroupSectionsWriter.MAGIC.length + footerLength) {
            throw new CorruptSnapshotException(file, "it is " + size + " bytes long, too short for a snapshot (truncated?)");
        }
        ByteBuffer footer = read(size - footerLength, footerLength);
        long indexOffset = footer.getLong();
        int indexLength = footer.getInt();
        int indexCrc = footer.getInt();
        byte[] magic = new byte[KeyGroupSectionsWriter.MAGIC.length];
        footer.get(magic);
        if (!Arrays.equals(magic, KeyGroupSectionsWriter.MAGIC)) {
            throw new CorruptSnapshotException(file, "no snapshot footer (truncated, or not a snapshot file)");
        }
        if (indexOffset < 0 || indexLength < 0 || indexOffset + indexLength > size - footerLength) {
            throw new CorruptSnapshotException(file, "the index points outside the file");
        }
        byte[] index = new byte[indexLength];
        read(indexOffset, indexLength).get(index);
        if (crc(index) != indexCrc) {
            throw new CorruptSnapshotException(file, "the index checksum does not match");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(index));
        this.format = in.readUTF();
        this.metadata = new byte[in.readInt()];
        in.readFully(metadata);
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            sections.put(in.readInt(), new Section(in.readLong(), in.readLong(), in.readInt()));
        }
    }

    /** Opens {@code file}, checking its footer and index. */
    public static KeyGroupSectionsReader open(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CorruptSnapshotException(file, "the file is missing");
        }
        try {
            return new KeyGroupSectionsReader(file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public String format() {
        return format;
    }

    public byte[] metadata() {
        return metadata;
    }

    public Iterable<Integer> keyGroups() {
        return sections.keySet();
    }

    /** The bytes of a key group's section (empty if the file has none), checksum verified. */
    public byte[] section(int keyGroup) throws IOException {
        Section section = sections.get(keyGroup);
        if (section == null) {
            return new byte[0];
        }
        byte[] bytes = new byte[(int) section.length()];
        read(section.offset(), (int) section.length()).get(bytes);
        if (crc(bytes) != section.crc()) {
            throw new CorruptSnapshotException(file, "the checksum of key group " + keyGroup + " does not match");
        }
        return bytes;
    }

    public Path file() {
        return file;
    }

    /** Reads every section, verifying its checksum: the whole file is intact. */
    public void verifyAll() throws IOException {
        for (int keyGroup : sections.keySet()) {
            section(keyGroup);
        }
    }

    private ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new CorruptSnapshotException(file, "it ends early (truncated)");
            }
        }
        return buffer.flip();
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
