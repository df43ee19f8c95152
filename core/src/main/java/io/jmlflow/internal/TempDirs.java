package io.jmlflow.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary folders of our own (model files before upload, a warm-up's scratch store). */
public final class TempDirs {
    private TempDirs() {
    }

    /** Deletes {@code dir} and everything in it, as far as it can; null is nothing. Never throws. */
    public static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (Throwable ignored) {
            // a leftover in the temporary folder is harmless
        }
    }
}
