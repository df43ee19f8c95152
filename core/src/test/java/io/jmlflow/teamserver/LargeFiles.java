package io.jmlflow.teamserver;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Files of random bytes for upload tests, and their SHA-256. */
final class LargeFiles {
    private LargeFiles() {
    }

    /** Writes {@code size} pseudo-random bytes (incompressible, so no store or proxy can shortcut them). */
    static Path random(Path file, long size) throws IOException {
        SplittableRandom rnd = new SplittableRandom(size);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                for (int i = 0; i < buf.length; i += 8) {
                    long v = rnd.nextLong();
                    for (int j = 0; j < 8; j++) buf[i + j] = (byte) (v >>> (8 * j));
                }
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
        return file;
    }

    static String sha256(Path file) throws IOException {
        return io.jmlflow.testing.PythonDownloads.sha256(file);
    }
}
