package io.jmlflow.internal.store.sqlite;

import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * A JVM of {@link SqliteNativeLibraryTest}: opens the SQLite store {@code args[0]}, creates an experiment, and prints
 * {@code LIB <path>} for each SQLite native library file this process has mapped (from {@code /proc/self/maps}).
 */
public final class SqliteNativeLibraryMain {
    private SqliteNativeLibraryMain() {
    }

    public static void main(String[] args) throws Exception {
        try (SqliteStore store = SqliteStore.open(args[0])) {
            store.createExperiment("native-" + System.nanoTime(), null, java.util.List.of());
        }
        Files.readAllLines(Paths.get("/proc/self/maps")).stream()
                .filter(l -> l.contains("sqlitejdbc"))
                .map(l -> l.substring(l.indexOf('/')))
                .distinct()
                .forEach(p -> System.out.println("LIB " + p));
    }
}
