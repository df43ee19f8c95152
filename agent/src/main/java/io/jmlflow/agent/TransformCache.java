package io.jmlflow.agent;

import io.jmlflow.internal.FileBytes;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Class files this agent build transformed in earlier JVMs, kept on disk so that later runs of the same program need
 * no Byte Buddy at all (setting it up and transforming the first class costs about half a second of CPU on a 2-core
 * machine, plus the JIT work it triggers, all of it competing with the application's start and its first training).
 *
 * <p>An entry is named by CRC-32s of the agent build (the agent jar's size and modification time), the integration,
 * whether the class carries our annotations and the class name, and of the original class file with its length. It
 * holds the original class file, compared byte for byte on every read (so two class files that share a name can
 * only cost a miss, never the wrong class), and the transformed class file, or nothing for "left unchanged".
 *
 * <p>Entries become classes, so one is trusted only when it carries an HMAC-SHA256 of its name and its transformed
 * class file, keyed by a secret made on first use ({@code .secret}, 32 random bytes) that lives in the cache folder
 * itself: someone who cannot read that folder cannot make an entry we accept. The folder must belong to the user
 * running the JVM and be writable by no one else (the agent creates it {@code rwx------}), the secret must be
 * readable by no one else, and an entry must be a plain file of that user's that no one else may write; otherwise
 * the cache is not used, with one warning, and classes are transformed as if there were none. An entry whose MAC
 * or format does not check out (damaged or forged) is deleted and the class transformed again. The MAC covers the
 * transformed bytes only, not the original (that one is compared with the class being loaded), so a "left
 * unchanged" entry costs a hash of its name: hashing runs interpreted this early (DL4J's 108 kB
 * {@code MultiLayerNetwork} costs some tens of milliseconds; see {@code bench.TransformCacheStartupBenchmark}).
 *
 * <p>Entries are written to a temporary file and moved into place, so JVMs sharing the folder never see half an
 * entry. The folder is {@code $XDG_CACHE_HOME/jmlflow/transforms} or {@code ~/.cache/jmlflow/transforms}, or
 * {@code agent.transform.cache.dir}; {@code agent.transform.cache=false} turns the cache off.
 */
final class TransformCache {
    private static final byte[] MAGIC = "jmlflow-transform-4\n".getBytes(StandardCharsets.US_ASCII);
    static final String SECRET = ".secret";
    private static final int SECRET_LENGTH = 32;
    private static final int HEADER = MAGIC.length + HmacSha256.LENGTH;
    /**
     * Beyond this many entries nothing new is written (user classes with our annotations change with each build, and
     * each agent build has its own entries); reaching it prunes entries older than {@link #PRUNE_AGE_MS}.
     */
    private static final int MAX_ENTRIES = 20_000;
    /** Entries written longer ago than this go when the folder is full (mostly earlier agent builds'). */
    static final long PRUNE_AGE_MS = 7L * 24 * 3600 * 1000;
    private volatile boolean pruning;

    private final Path dir;
    private final String build;
    private final HmacSha256 mac;
    /** Entries on disk: -1 until the first write counts them (a folder of many entries costs tens of ms to list). */
    private volatile int entries;
    private final boolean hadEntries;
    private volatile boolean broken;

    private TransformCache(Path dir, String build, HmacSha256 mac, boolean hadEntries) {
        this.dir = dir;
        this.build = build;
        this.mac = mac;
        this.hadEntries = hadEntries;
        this.entries = -1;
    }

    /** The cache for this agent build, or null when it is off or its folder cannot be used. Never throws. */
    static TransformCache open() {
        try {
            if (!io.jmlflow.MlflowConfig.getBoolean("agent.transform.cache", true)) return null;
            Path jar = agentJar();
            if (jar == null) return null; // not running from a jar (a development class path): nothing identifies the build
            String build = jar.getFileName() + ":" + Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis()
                    // advice built for tests rethrows what it would swallow: never mixed with the real thing
                    + (io.jmlflow.internal.autolog.AutologTesting.reraise() ? ":reraise" : "");
            return at(folder(), build);
        } catch (Throwable t) {
            return null;
        }
    }

    /**
     * The cache in {@code dir} (created owner-only when missing) for the agent build {@code build}, or null (with one
     * warning) when the folder or its secret is not safe to trust.
     */
    static TransformCache at(Path dir, String build) throws IOException {
        if (!Files.isDirectory(dir)) OwnerOnlyFiles.privateDirectory(dir);
        String problem = OwnerOnlyFiles.problem(dir, false);
        byte[] secret = null;
        if (problem == null) {
            try {
                secret = secret(dir);
            } catch (IOException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            refuse(problem);
            return null;
        }
        return new TransformCache(dir, build, new HmacSha256(secret), anyEntry(dir));
    }

    private static void refuse(String why) {
        Log.warnOnce("transform-cache-refused", "the agent's transform cache is not used: " + why
                + "; classes are transformed without it (remove the folder, or set agent.transform.cache.dir to one"
                + " only you can write)");
    }

    /** The cache's secret key, made on first use; an unsafe one is refused (IOException). */
    private static byte[] secret(Path dir) throws IOException {
        Path file = dir.resolve(SECRET);
        for (int attempt = 0; attempt < 2; attempt++) {
            PosixFileAttributes a;
            try {
                a = OwnerOnlyFiles.attributesOf(file);
                if (a == null && !Files.exists(file)) throw new NoSuchFileException(file.toString());
            } catch (NoSuchFileException missing) {
                create(file);
                continue;
            }
            String problem = a == null ? null : OwnerOnlyFiles.problem(file, a, true);
            if (problem != null) throw new IOException(problem);
            byte[] key = FileBytes.read(file);
            if (key.length == SECRET_LENGTH) return key;
            Files.deleteIfExists(file); // cut short: a new secret (entries made with the old one are made again)
        }
        throw new IOException("cannot make the secret " + file);
    }

    /** Writes a new random secret to {@code file} unless another JVM got there first. */
    private static void create(Path file) throws IOException {
        byte[] key = new byte[SECRET_LENGTH];
        new java.security.SecureRandom().nextBytes(key);
        Path tmp = file.resolveSibling(SECRET + "." + ProcessHandle.current().pid() + ".tmp");
        OwnerOnlyFiles.write(tmp, key);
        try {
            Files.createLink(file, tmp); // fails when the file exists: whoever came first wins, whole
        } catch (FileAlreadyExistsException ignored) {
            // another JVM made it first
        } catch (UnsupportedOperationException e) {
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException ignored) {
                // another JVM made it first
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** True when earlier runs left entries (then Byte Buddy is likely not needed at all). */
    boolean hasEntries() {
        return hadEntries;
    }

    /**
     * A file of this cache's folder for this agent build and {@code program}, named {@code prefix} and a hash of both;
     * with a {@code .} prefix it never counts as an entry.
     */
    Path programFile(String prefix, String program) {
        byte[] what = (build + '\0' + program).getBytes(StandardCharsets.UTF_8);
        return dir.resolve(prefix + hex(crc(what, 0, what.length)));
    }

    /** The key (file name) of one transformation; the entry itself is checked against the class file too. */
    String key(String integration, boolean annotated, String internalName, byte[] classFile) {
        byte[] what = (build + '\0' + integration + '\0' + annotated + '\0' + internalName)
                .getBytes(StandardCharsets.UTF_8);
        return hex(crc(what, 0, what.length)) + "-" + hex(crc(classFile, 0, classFile.length)) + "-"
                + Integer.toHexString(classFile.length);
    }

    private static String hex(long crc) {
        String h = Long.toHexString(crc);
        return "00000000".substring(h.length()) + h;
    }

    /**
     * The cached result of transforming {@code classFile}: {@code hit[0]} is true when there is one, and the returned
     * array is then the transformed class file, or null for "left unchanged". Never throws; an entry that fails its
     * checks is deleted and counts as a miss, as does an entry of another class file under the same key; an entry
     * someone else could have written turns the cache off (one warning).
     */
    byte[] get(String key, byte[] classFile, boolean[] hit) {
        hit[0] = false;
        if (broken) return null;
        Path file = dir.resolve(key);
        byte[] all;
        try {
            PosixFileAttributes a = OwnerOnlyFiles.attributesOf(file);
            String problem = a == null ? null : a.isRegularFile() ? OwnerOnlyFiles.problem(file, a, false)
                    : file + " is not a plain file";
            if (problem != null) {
                broken = true;
                refuse(problem);
                deleteQuietly(file);
                return null;
            }
            all = FileBytes.read(file);
        } catch (IOException | RuntimeException e) {
            return null; // a miss
        }
        int originalEnd = all.length < HEADER + 4 ? -1 : HEADER + 4 + ByteBuffer.wrap(all, HEADER, 4).getInt();
        if (originalEnd < HEADER + 4 || originalEnd > all.length
                || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            deleteQuietly(file);
            return null;
        }
        if (originalEnd - HEADER - 4 != classFile.length
                || !Arrays.equals(all, HEADER + 4, originalEnd, classFile, 0, classFile.length)) {
            return null; // another class file under this key: a miss, and put() replaces the entry
        }
        if (!sameMac(all, mac(key, all, originalEnd))) {
            deleteQuietly(file); // damaged or forged
            return null;
        }
        hit[0] = true;
        return originalEnd == all.length ? null : Arrays.copyOfRange(all, originalEnd, all.length);
    }

    /** Compares the entry's MAC with {@code expected} in constant time. */
    private static boolean sameMac(byte[] entry, byte[] expected) {
        int diff = 0;
        for (int i = 0; i < HmacSha256.LENGTH; i++) diff |= entry[MAGIC.length + i] ^ expected[i];
        return diff == 0;
    }

    /** The MAC of entry {@code key} whose transformed class file starts at {@code from} in {@code entry}. */
    private byte[] mac(String key, byte[] entry, int from) {
        return mac.mac(key.getBytes(StandardCharsets.UTF_8), entry, from, entry.length - from);
    }

    /**
     * Keeps the result of transforming {@code classFile} ({@code transformed} null: left unchanged). Never throws; a
     * failure turns the cache off.
     */
    void put(String key, byte[] classFile, byte[] transformed) {
        if (broken) return;
        if (entries < 0) {
            try {
                entries = count(dir);
            } catch (IOException | RuntimeException e) {
                broken = true;
                return;
            }
        }
        if (entries >= MAX_ENTRIES) {
            pruneInBackground();
            return;
        }
        byte[] content = transformed == null ? new byte[0] : transformed;
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, key, ".tmp"); // rw------- where there are POSIX permissions
            int originalEnd = HEADER + 4 + classFile.length;
            byte[] all = new byte[originalEnd + content.length];
            System.arraycopy(MAGIC, 0, all, 0, MAGIC.length);
            ByteBuffer.wrap(all, HEADER, 4).putInt(classFile.length);
            System.arraycopy(classFile, 0, all, HEADER + 4, classFile.length);
            System.arraycopy(content, 0, all, originalEnd, content.length);
            System.arraycopy(mac(key, all, originalEnd), 0, all, MAGIC.length, HmacSha256.LENGTH);
            Files.write(tmp, all);
            moveIntoPlace(tmp, dir.resolve(key));
            entries++;
        } catch (IOException | RuntimeException e) {
            broken = true; // a full disk or a read-only folder: transform without the cache from now on
            if (tmp != null) deleteQuietly(tmp);
        }
    }

    /** Moves {@code tmp} over {@code target}, atomically where the file system can: readers never see half a file. */
    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path folder() {
        String configured = io.jmlflow.MlflowConfig.get("agent.transform.cache.dir");
        if (configured != null && !configured.isBlank()) return Paths.get(configured);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg)
                : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("jmlflow").resolve("transforms");
    }

    private static Path agentJar() {
        try {
            java.security.CodeSource source = TransformCache.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) return null;
            Path p = Paths.get(source.getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Once per JVM at most, on a daemon thread: the folder is full, so old entries make room. */
    private void pruneInBackground() {
        if (pruning) return;
        pruning = true;
        try {
            Thread t = new Thread(new Runnable() { // not a lambda: agent code stays off invokedynamic
                @Override
                public void run() {
                    prune(System.currentTimeMillis() - PRUNE_AGE_MS);
                }
            }, "mlflow-transform-cache-prune");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        } catch (Throwable e) {
            // no thread: the cache stays full, classes are transformed without it
        }
    }

    /** Deletes the entries written before {@code cutoffMillis} and counts those left. Never throws. */
    void prune(long cutoffMillis) {
        int left = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (f.getFileName().toString().startsWith(".")) continue;
                try {
                    if (Files.getLastModifiedTime(f).toMillis() < cutoffMillis) {
                        Files.deleteIfExists(f);
                        continue;
                    }
                } catch (IOException | RuntimeException e) {
                    // gone already, or unreadable: counted as kept
                }
                left++;
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        entries = left;
    }

    /** Whether the folder holds an entry (of any build), found without listing it all. */
    private static boolean anyEntry(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!f.getFileName().toString().startsWith(".")) return true;
            }
        }
        return false;
    }

    private static int count(Path dir) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!f.getFileName().toString().startsWith(".")) n++;
            }
        }
        return n;
    }

    private static long crc(byte[] bytes, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, from, length);
        return crc.getValue();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException ignored) {
            // a leftover is retried or overwritten later
        }
    }
}
