package io.sabot.state.snapshot;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes a snapshot file of independent key-group sections, each with a CRC32C, so that a restore
 * reads only the key groups it owns and detects any damaged byte:
 *
 * <pre>
 *   "SABOTKG1" | section … | index | footer
 *   index  = format, metadata, count, (keyGroup, offset, length, crc32c)…
 *   footer = indexOffset: long, indexLength: int, indexCrc: int, "SABOTKG1"
 * </pre>
 *
 * The file is written under a temporary name, fsynced, then renamed: a crash or a full disk never
 * leaves a file that looks complete.
 */
public final class KeyGroupSectionsWriter implements AutoCloseable {

    static final byte[] MAGIC = {'S', 'A', 'B', 'O', 'T', 'K', 'G', '1'};

    private record Section(int keyGroup, long offset, long length, int crc) {}

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final CountingOutput counting;
    private final DataOutputStream out;
    private final List<Section> sections = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private long sectionStart = -1;
    private int sectionKeyGroup;
    private boolean done;

    public KeyGroupSectionsWriter(Path target) throws IOException {
        this.target = target;
        Files.createDirectories(target.toAbsolutePath().getParent());
        this.temporary = target.resolveSibling("." + target.getFileName() + ".inprogress");
        this.channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.counting = new CountingOutput(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16), crc);
        this.out = new DataOutputStream(counting);
        out.write(MAGIC);
    }

    /** Starts the section of {@code keyGroup}; write its bytes to the returned stream. */
    public DataOutputStream beginSection(int keyGroup) {
        if (sectionStart >= 0) {
            throw new IllegalStateException("section " + sectionKeyGroup + " is still open");
        }
        sectionStart = counting.count;
        sectionKeyGroup = keyGroup;
        crc.reset();
        return out;
    }

    public void endSection() throws IOException {
        out.flush();
        sections.add(new Section(sectionKeyGroup, sectionStart, counting.count - sectionStart, (int) crc.getValue()));
        sectionStart = -1;
    }

    /** Writes the index and footer, makes the file durable and gives it its name. */
    public void finish(String format, byte[] metadata) throws IOException {
        long indexOffset = counting.count;
        crc.reset();
        out.writeUTF(format);
        out.writeInt(metadata.length);
        out.write(metadata);
        out.writeInt(sections.size());
        for (Section section : sections) {
            out.writeInt(section.keyGroup());
            out.writeLong(section.offset());
            out.writeLong(section.length());
            out.writeInt(section.crc());
        }
        out.flush();
        int indexLength = (int) (counting.count - indexOffset);
        int indexCrc = (int) crc.getValue();
        out.writeLong(indexOffset);
        out.writeInt(indexLength);
        out.writeInt(indexCrc);
        out.write(MAGIC);
        out.flush();
        channel.force(true);
        channel.close();
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
        done = true;
    }

    /** Without {@link #finish}: removes the temporary file (the snapshot failed). */
    @Override
    public void close() {
        if (done) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleted next
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // its name says it is incomplete
        }
    }

    /** Counts bytes and feeds the running checksum. */
    private static final class CountingOutput extends OutputStream {
        private final OutputStream delegate;
        private final CRC32C crc;
        long count;

        CountingOutput(OutputStream delegate, CRC32C crc) {
            this.delegate = delegate;
            this.crc = crc;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
            crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
            crc.update(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }
    }
}
