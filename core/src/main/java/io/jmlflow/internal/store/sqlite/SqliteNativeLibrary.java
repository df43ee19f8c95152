package io.jmlflow.internal.store.sqlite;

import io.jmlflow.internal.Log;
import io.jmlflow.internal.OwnerOnlyFiles;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads SQLite's native library from a copy kept in the user's cache folder ({@code $XDG_CACHE_HOME/jmlflow/sqlite}
 * or {@code ~/.cache/jmlflow/sqlite}, owner-only, one file per driver version and platform) instead of letting the
 * driver extract it to the temporary folder in every process: the driver's own way writes 1 MB, compares it byte by
 * byte and runs {@code uname} twice, about 100-200 ms of each process's start (measured on 2 cores). The first process
 * finds the library as the driver does and copies it there; later ones load the copy. Anything unusual (no cache
 * folder, a folder others can write, a copy that does not load) falls back to the driver's own way.
 *
 * <p>The driver reads {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} when it loads the library: they are
 * set only for that moment and removed again, and left alone when the user set them. So is {@code org.sqlite.tmpdir}:
 * before loading, the driver lists that folder (by default the whole temporary folder, often thousands of entries)
 * to delete copies other processes extracted; with the cached copy, an empty folder of ours is listed instead.
 */
final class SqliteNativeLibrary {
    private static final String PATH = "org.sqlite.lib.path";
    private static final String NAME = "org.sqlite.lib.name";
    private static final String TMPDIR = "org.sqlite.tmpdir";
    private static boolean done;

    private SqliteNativeLibrary() {
    }

    /** Makes sure the driver's native library is loaded. Never throws (the driver then loads it its own way). */
    static synchronized void load() {
        if (done) return;
        done = true;
        try {
            if (System.getProperty(PATH) != null || System.getProperty(NAME) != null) return;
            Path dir = folder();
            String name = fileName();
            Path lib = dir.resolve(name);
            if (!Files.isRegularFile(lib) && !copy(dir, lib)) return;
            if (OwnerOnlyFiles.problem(dir, false) != null || OwnerOnlyFiles.problem(lib, false) != null) return;
            Path empty = emptyFolder(dir);
            System.setProperty(PATH, dir.toString());
            System.setProperty(NAME, name);
            if (empty != null) System.setProperty(TMPDIR, empty.toString());
            try {
                SQLiteJDBCLoader.initialize();
            } finally {
                System.clearProperty(PATH);
                System.clearProperty(NAME);
                if (empty != null) System.clearProperty(TMPDIR);
            }
        } catch (Throwable t) {
            Log.debug("SQLite's native library is loaded without the cached copy: " + t, null);
        }
    }

    /** One name per driver version and platform (os.name, os.arch): a copy is never mistaken for another's. */
    private static String fileName() {
        char[] platform = (System.getProperty("os.name") + "-" + System.getProperty("os.arch"))
                .toLowerCase(Locale.ROOT).toCharArray();
        for (int i = 0; i < platform.length; i++) {
            char c = platform[i];
            boolean kept = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
            if (!kept) platform[i] = '_';
        }
        return "sqlite-" + SQLiteJDBCLoader.getVersion() + "-" + new String(platform) + "-" + LibraryLoaderUtil.getNativeLibName();
    }

    /**
     * An empty owner-only folder inside {@code dir} for the driver's clean-up to list, or null (the driver then lists
     * its default folder) when the user chose one or it cannot be made.
     */
    private static Path emptyFolder(Path dir) {
        if (System.getProperty(TMPDIR) != null) return null;
        try {
            Path empty = dir.resolve("empty");
            if (!Files.isDirectory(empty)) OwnerOnlyFiles.privateDirectory(empty);
            return OwnerOnlyFiles.problem(empty, false) == null ? empty : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static Path folder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("jmlflow").resolve("sqlite");
    }

    /**
     * Copies the library the driver would extract (the same resource, found the same way) into the cache folder,
     * atomically; false when there is none (the driver then finds its library elsewhere) or it cannot be written.
     */
    private static boolean copy(Path dir, Path lib) {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        Path tmp = null;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) return false;
            if (!Files.isDirectory(dir)) OwnerOnlyFiles.privateDirectory(dir);
            if (OwnerOnlyFiles.problem(dir, false) != null) return false;
            tmp = Files.createTempFile(dir, ".copy-", ".tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (Exception e) {
            Log.debug("could not keep a copy of SQLite's native library in " + dir + ": " + e, null);
            return false;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (Exception ignored) {
                    // a stray temporary file in our own cache folder
                }
            }
        }
    }
}
