package io.sabot.persistence.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Passes writes to a file channel and keeps the CRC-32C of everything written. Closing it leaves the
 * file channel open: its owner still has to fsync it (Arrow's writer closes the channel it is given).
 */
final class ChecksumChannel implements WritableByteChannel {

    private final FileChannel file;
    private final CRC32C crc = new CRC32C();
    private boolean open = true;

    ChecksumChannel(FileChannel file) {
        this.file = file;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        ByteBuffer written = src.duplicate();
        int n = file.write(src);
        written.limit(written.position() + n);
        crc.update(written);
        return n;
    }

    int checksum() {
        return (int) crc.getValue();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }

    static int of(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /** The CRC-32C of a whole file, read in 1 MiB pieces. */
    static int of(Path path) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            while (in.read(buffer.clear()) >= 0) {
                crc.update(buffer.flip());
            }
        }
        return (int) crc.getValue();
    }
}
