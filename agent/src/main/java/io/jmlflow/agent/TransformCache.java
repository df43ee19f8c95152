package io.jmlflow.agent;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.charset.StandardCharsets;
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
 * only cost a miss, never the wrong class), and the transformed class file, or nothing for "left unchanged", behind
 * a CRC-32 of the whole entry (a damaged entry is deleted and the class transformed again). Only native or
 * intrinsic code runs over the class bytes: the first classes an application loads run interpreted, where a
 * cryptographic hash of a 50 kB class file took 10-20 ms of the first training call. Entries are written to a
 * temporary file and moved into place, so JVMs sharing the folder never see half an entry. The folder is
 * {@code $XDG_CACHE_HOME/jmlflow/transforms} or {@code ~/.cache/jmlflow/transforms} (owner-only access), or
 * {@code agent.transform.cache.dir}; {@code agent.transform.cache=false} turns the cache off.
 */
final class TransformCache {
    private static final byte[] MAGIC = "jmlflow-transform-3\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CHECKSUM = 8;
    /** Beyond this many entries nothing new is written (user classes with our annotations change with each build). */
    private static final int MAX_ENTRIES = 20_000;

    private final Path dir;
    private final String build;
    private volatile int entries;
    private volatile boolean broken;

    private TransformCache(Path dir, String build, int entries) {
        this.dir = dir;
        this.build = build;
        this.entries = entries;
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

    /** The cache in {@code dir} (created when missing) for the agent build {@code build}. */
    static TransformCache at(Path dir, String build) throws IOException {
        if (!Files.isDirectory(dir)) createPrivately(dir);
        return new TransformCache(dir, build, count(dir));
    }

    /** True when earlier runs left entries (then Byte Buddy is likely not needed at all). */
    boolean hasEntries() {
        return entries > 0;
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
     * array is then the transformed class file, or null for "left unchanged". Never throws; a damaged entry is
     * deleted and counts as a miss, as does an entry of another class file under the same key.
     */
    byte[] get(String key, byte[] classFile, boolean[] hit) {
        hit[0] = false;
        if (broken) return null;
        Path file = dir.resolve(key);
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return null; // a miss
        }
        int header = MAGIC.length + CHECKSUM;
        if (all.length < header + 4 || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || !Arrays.equals(all, MAGIC.length, header, checksum(all, header), 0, CHECKSUM)) {
            deleteQuietly(file);
            return null;
        }
        int originalLength = java.nio.ByteBuffer.wrap(all, header, 4).getInt();
        int contentStart = header + 4 + originalLength;
        if (originalLength != classFile.length || contentStart > all.length) return null;
        if (!Arrays.equals(all, header + 4, contentStart, classFile, 0, classFile.length)) return null;
        hit[0] = true;
        return contentStart == all.length ? null : Arrays.copyOfRange(all, contentStart, all.length);
    }

    /**
     * Keeps the result of transforming {@code classFile} ({@code transformed} null: left unchanged). Never throws; a
     * failure turns the cache off.
     */
    void put(String key, byte[] classFile, byte[] transformed) {
        if (broken || entries >= MAX_ENTRIES) return;
        byte[] content = transformed == null ? new byte[0] : transformed;
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, key, ".tmp");
            int header = MAGIC.length + CHECKSUM;
            byte[] all = new byte[header + 4 + classFile.length + content.length];
            System.arraycopy(MAGIC, 0, all, 0, MAGIC.length);
            java.nio.ByteBuffer.wrap(all, header, 4).putInt(classFile.length);
            System.arraycopy(classFile, 0, all, header + 4, classFile.length);
            System.arraycopy(content, 0, all, header + 4 + classFile.length, content.length);
            System.arraycopy(checksum(all, header), 0, all, MAGIC.length, CHECKSUM);
            Files.write(tmp, all);
            try {
                Files.move(tmp, dir.resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(key), StandardCopyOption.REPLACE_EXISTING);
            }
            entries++;
        } catch (IOException | RuntimeException e) {
            broken = true; // a full disk or a read-only folder: transform without the cache from now on
            if (tmp != null) deleteQuietly(tmp);
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

    private static void createPrivately(Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another JVM made it first
        }
    }

    private static int count(Path dir) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path ignored : files) n++;
        }
        return n;
    }

    /** CRC-32 (native code, fast even before the JIT) and length of {@code all} from {@code from} on. */
    private static byte[] checksum(byte[] all, int from) {
        return java.nio.ByteBuffer.allocate(CHECKSUM).putInt((int) crc(all, from, all.length - from))
                .putInt(all.length - from).array();
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
