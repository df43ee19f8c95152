package io.jmlflow.internal.artifacts.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code length} bytes of a file from {@code offset}, read as a stream each time it is sent (a retry reads it again),
 * never held in memory.
 */
public record FileRegion(Path file, long offset, long length) {

    /** A new stream over the region; the caller closes it. */
    public InputStream open() throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(offset);
        return new RegionStream(channel, length);
    }

    private static final class RegionStream extends InputStream {
        private final FileChannel channel;
        private long left;

        RegionStream(FileChannel channel, long left) {
            this.channel = channel;
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)));
            if (n < 0) throw new IOException("the file ended " + left + " bytes before the part did (was it changed?)");
            left -= n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, left);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
