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
    static final int STALE_COPY_DAYS = 7;

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
            if (loadDirectly(lib)) return;
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

    /**
     * Loads the copy as the driver would and tells the driver it is loaded, which spares its start: it lists a folder
     * for copies other processes left and reads two resources for its version, each looked for in every module of the
     * JDK first. Only where the driver's classes share our class loader (a library belongs to the loader that loaded
     * it); false, for the driver's own way, when anything is not as expected.
     */
    private static boolean loadDirectly(Path lib) {
        try {
            if (SQLiteJDBCLoader.class.getClassLoader() != SqliteNativeLibrary.class.getClassLoader()) return false;
            java.lang.reflect.Field loaded = SQLiteJDBCLoader.class.getDeclaredField("extracted");
            if (loaded.getType() != boolean.class || !java.lang.reflect.Modifier.isStatic(loaded.getModifiers())) return false;
            loaded.setAccessible(true);
            synchronized (SQLiteJDBCLoader.class) { // the driver's initialize() is static synchronized
                if (!loaded.getBoolean(null)) {
                    System.load(lib.toAbsolutePath().toString());
                    loaded.setBoolean(null, true);
                }
            }
            return true;
        } catch (Throwable t) {
            Log.debug("SQLite's native library is left to the driver's own loading: " + t, null);
            return false;
        }
    }

    /**
     * One name per driver build and platform (os.name, os.arch): a copy is never mistaken for another's. The build is
     * the size and modification time of the jar the driver's classes come from (the agent jar bundles the driver
     * without its Maven metadata, where the driver's own version reads "unknown"), else the driver's version. Asking
     * the driver where its library is in the jar would run {@code uname}.
     */
    private static String fileName() {
        char[] platform = (System.getProperty("os.name") + "-" + System.getProperty("os.arch"))
                .toLowerCase(Locale.ROOT).toCharArray();
        for (int i = 0; i < platform.length; i++) {
            char c = platform[i];
            boolean kept = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
            if (!kept) platform[i] = '_';
        }
        return "sqlite-" + driverBuild() + "-" + new String(platform) + "-" + LibraryLoaderUtil.getNativeLibName();
    }

    private static String driverBuild() {
        try {
            java.security.CodeSource source = SQLiteJDBCLoader.class.getProtectionDomain().getCodeSource();
            Path jar = source == null || source.getLocation() == null ? null : Paths.get(source.getLocation().toURI());
            if (jar != null && Files.isRegularFile(jar)) {
                return Long.toHexString(Files.size(jar)) + "-" + Long.toHexString(Files.getLastModifiedTime(jar).toMillis());
            }
        } catch (Exception notAJar) {
            // asked of the driver below
        }
        return SQLiteJDBCLoader.getVersion();
    }

    /**
     * Deletes the copies of other driver builds (each agent build is one) made over {@value #STALE_COPY_DAYS} days ago:
     * a copy a running JVM has loaded stays mapped until that JVM ends.
     */
    private static void removeStaleCopies(Path dir, Path kept) {
        long before = System.currentTimeMillis() - STALE_COPY_DAYS * 24L * 3600 * 1000;
        try (java.nio.file.DirectoryStream<Path> copies = Files.newDirectoryStream(dir, "sqlite-*")) {
            for (Path copy : copies) {
                if (copy.equals(kept) || Files.getLastModifiedTime(copy).toMillis() > before) continue;
                Files.deleteIfExists(copy);
            }
        } catch (Exception ignored) {
            // tried again at the next copy
        }
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
            removeStaleCopies(dir, lib);
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
