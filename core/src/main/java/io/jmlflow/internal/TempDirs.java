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

    /**
     * Deletes the folders in {@code parent} whose names start with {@code prefix} and that were last modified more
     * than {@code maxAgeMillis} ago: what a JVM that ended in the middle of using one (killed, or exited while a
     * daemon thread still worked in it) left behind. Never throws.
     */
    public static void deleteStale(Path parent, String prefix, long maxAgeMillis) {
        long cutoff = System.currentTimeMillis() - maxAgeMillis;
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path p : entries) {
                Path name = p.getFileName();
                if (name == null || !name.toString().startsWith(prefix)) continue;
                try {
                    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(p).toMillis() < cutoff) {
                        deleteQuietly(p);
                    }
                } catch (Throwable ignored) {
                    // someone else's, or gone meanwhile
                }
            }
        } catch (Throwable ignored) {
            // no listing: nothing to tidy
        }
    }

    /**
     * Creates a folder named {@code prefix...} in the temporary folder, first deleting the ones of that prefix older
     * than {@code staleAfterMillis} ({@link #deleteStale}): where a JVM may end while its folder is in use, its
     * leftovers are tidied by the next one.
     */
    public static Path createTidyingStale(String prefix, long staleAfterMillis) throws java.io.IOException {
        deleteStale(java.nio.file.Paths.get(System.getProperty("java.io.tmpdir")), prefix, staleAfterMillis);
        return Files.createTempDirectory(prefix);
    }
}
