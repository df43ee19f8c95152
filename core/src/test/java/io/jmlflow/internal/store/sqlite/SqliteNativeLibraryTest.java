package io.jmlflow.internal.store.sqlite;

import io.jmlflow.internal.TempDirs;
import io.jmlflow.testing.JavaProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQLite's native library is kept in the user's cache folder: the first JVM copies it there, later ones load that
 * copy instead of extracting the library to the temporary folder again; a cache folder others may write is not used.
 */
class SqliteNativeLibraryTest {
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("jmlflow-sqlite-native");
    }

    @AfterEach
    void tearDown() {
        TempDirs.deleteQuietly(dir);
    }

    @Test
    void laterJvmsLoadTheCachedCopyAndStillWriteTheStore() throws IOException {
        Path cache = dir.resolve("cache");
        Path sqliteCache = cache.resolve("jmlflow").resolve("sqlite");
        List<String> first = libraries(cache, "a.db");
        assertEquals(1, first.size(), "one SQLite library mapped: " + first);
        List<Path> copies = cachedCopies(sqliteCache);
        assertEquals(1, copies.size(), "the first JVM keeps one copy: " + copies);
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(sqliteCache);
        assertFalse(perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE),
                "the cache folder is the user's own: " + perms);

        // what the driver's clean-up would delete from the temporary folder: the driver is told its library is loaded,
        // so its clean-up never runs
        Path leftover = Files.createFile(dir.resolve("sqlite-" + org.sqlite.SQLiteJDBCLoader.getVersion() + "-x.so"));
        List<String> second = libraries(cache, "b.db");
        assertEquals(List.of(copies.get(0).toRealPath().toString()), second,
                "a later JVM maps the cached copy, not a fresh extraction");
        assertTrue(Files.size(dir.resolve("b.db")) > 0, "the store was written");
        assertTrue(Files.exists(leftover), "the temporary folder was not listed by the driver's clean-up");
    }

    @Test
    void aCacheFolderOthersMayWriteIsNotUsed() throws IOException {
        Path cache = dir.resolve("cache");
        libraries(cache, "a.db");
        Path sqliteCache = cache.resolve("jmlflow").resolve("sqlite");
        Files.setPosixFilePermissions(sqliteCache, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> second = libraries(cache, "b.db");
        assertEquals(1, second.size(), "one SQLite library mapped: " + second);
        assertFalse(second.get(0).startsWith(sqliteCache.toRealPath().toString()),
                "the driver extracted its own copy: " + second);
        assertTrue(Files.size(dir.resolve("b.db")) > 0, "the store was written");
    }

    /** The SQLite libraries a JVM with {@code XDG_CACHE_HOME=cache} mapped while it wrote {@code db}. */
    private List<String> libraries(Path cache, String db) {
        JavaProcess.Result r = JavaProcess.main(SqliteNativeLibraryMain.class, "sqlite:///" + dir.resolve(db))
                .env("XDG_CACHE_HOME", cache.toString())
                .jvmArg("-Djava.io.tmpdir=" + dir)
                .run(120);
        assertEquals(0, r.exitCode(), r.describe());
        List<String> libs = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("LIB ")) libs.add(line.substring(4).trim());
        }
        return libs;
    }

    private static List<Path> cachedCopies(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().startsWith("sqlite-")).toList();
        }
    }
}
