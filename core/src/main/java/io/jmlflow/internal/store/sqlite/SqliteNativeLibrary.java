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
 * set only for that moment and removed again, and left alone when the user set them.
 */
final class SqliteNativeLibrary {
    private static final String PATH = "org.sqlite.lib.path";
    private static final String NAME = "org.sqlite.lib.name";
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
            System.setProperty(PATH, dir.toString());
            System.setProperty(NAME, name);
            try {
                SQLiteJDBCLoader.initialize();
            } finally {
                System.clearProperty(PATH);
                System.clearProperty(NAME);
            }
        } catch (Throwable t) {
            Log.debug("SQLite's native library is loaded without the cached copy: " + t, null);
        }
    }

    /** One name per driver version and platform (os.name, os.arch): a copy is never mistaken for another's. */
    private static String fileName() {
        String platform = (System.getProperty("os.name") + "-" + System.getProperty("os.arch"))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
        return "sqlite-" + SQLiteJDBCLoader.getVersion() + "-" + platform + "-" + LibraryLoaderUtil.getNativeLibName();
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
