package io.sabot.state.snapshot;

import io.sabot.state.files.AtomicFile;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
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
 * The file is written through {@link AtomicFile}: a crash or a full disk never leaves a file that
 * looks complete.
 */
public final class KeyGroupSectionsWriter implements AutoCloseable {

    static final byte[] MAGIC = {'S', 'A', 'B', 'O', 'T', 'K', 'G', '1'};

    private record Section(int keyGroup, long offset, long length, int crc) {}

    private final AtomicFile file;
    private final CountingOutput counting;
    private final DataOutputStream out;
    private final List<Section> sections = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private long sectionStart = -1;
    private int sectionKeyGroup;
    private boolean done;

    public KeyGroupSectionsWriter(Path target) throws IOException {
        this.file = AtomicFile.create(target);
        this.counting = new CountingOutput(new BufferedOutputStream(Channels.newOutputStream(file.channel()), 1 << 16), crc);
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
        file.commit();
        done = true;
    }

    /** Without {@link #finish}: removes the temporary file (the snapshot failed). */
    @Override
    public void close() {
        if (!done) {
            file.abort();
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
