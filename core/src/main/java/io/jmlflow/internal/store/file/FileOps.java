package io.jmlflow.internal.store.file;

import io.jmlflow.MlflowException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * File operations of the file store. Small files are replaced atomically (a temp file in the entity's own
 * directory, then a rename), so a reader in another process sees the old or the new content, never a torn one.
 * Temp files live next to {@code meta.yaml}, never inside {@code tags/}, {@code params/} or {@code metrics/},
 * where MLflow would take them for entries.
 */
final class FileOps {
    private FileOps() {
    }

    /** Replaces {@code target} with {@code data}; the temp file is made in {@code tempDir} (same file system). */
    static void writeAtomically(Path target, Path tempDir, byte[] data) throws IOException {
        Path tmp = writeTemp(target, tempDir, data);
        try {
            moveReplacing(tmp, target);
        } catch (NoSuchFileException e) {
            Files.createDirectories(target.getParent());
            moveReplacing(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void moveReplacing(Path tmp, Path target) throws IOException {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Creates {@code target} with {@code data} unless it already exists, atomically across processes (a hard
     * link fails when the name is taken). Returns false when the file already existed.
     */
    static boolean createAtomically(Path target, Path tempDir, byte[] data) throws IOException {
        if (Files.exists(target)) return false;
        Path tmp = writeTemp(target, tempDir, data);
        try {
            Files.createDirectories(target.getParent());
            try {
                Files.createLink(target, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (AccessDeniedException e) {
                throw e;
            } catch (UnsupportedOperationException | FileSystemException e) {
                // No hard links on this file system: a plain rename, racy only against a simultaneous writer.
                if (Files.exists(target)) return false;
                moveReplacing(tmp, target);
                return true;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path writeTemp(Path target, Path tempDir, byte[] data) throws IOException {
        // Short, fixed-length name: a key may already use most of the 255 bytes a file name can have.
        String name = ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
        Path tmp = tempDir.resolve(name);
        try {
            Files.write(tmp, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileSystemException e) {
            // Name the file being written in the error, not our temp file.
            FileSystemException named = e instanceof AccessDeniedException ? new AccessDeniedException(target.toString())
                    : new FileSystemException(target.toString(), null, e.getReason());
            named.initCause(e);
            throw named;
        }
        return tmp;
    }

    /** The file's text (UTF-8), or null when it does not exist. */
    static String readText(Path file) throws IOException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Sub-directories of {@code dir} sorted by name, skipping hidden ones; empty when {@code dir} is missing. */
    static List<Path> subdirectories(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().startsWith(".") && Files.isDirectory(p)) out.add(p);
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    /**
     * Every file under {@code dir} as key (its '/'-separated path relative to {@code dir}) to text, the way
     * MLflow reads tags and params whose keys contain '/'. Empty when {@code dir} is missing.
     */
    static Map<String, String> readTree(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(p)) continue;
                String text = readText(p);
                if (text != null) out.put(relativeKey(dir, p), text);
            }
        } catch (NoSuchFileException e) {
            return out; // removed while we walked
        }
        return out;
    }

    /** The names (keys) of every file under {@code dir}, '/'-separated, sorted. */
    static List<String> listTree(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(p -> out.add(relativeKey(dir, p)));
        } catch (NoSuchFileException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    private static String relativeKey(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** An {@code IO_ERROR} with a one-line message naming what failed, the file, and why. */
    static MlflowException ioError(String what, Path where, IOException e) {
        String file = e instanceof FileSystemException && ((FileSystemException) e).getFile() != null
                ? ((FileSystemException) e).getFile() : String.valueOf(where);
        return new MlflowException(MlflowException.IO_ERROR, "MLflow file store: cannot " + what + " (" + file
                + "): " + reason(e), e);
    }

    /** Something done against the file system that may fail with an {@link IOException}. */
    interface IoAction<T> {
        T run() throws IOException;
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (the directory is read-only or not writable by this user)";
        }
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof NotDirectoryException) return "a path component is not a directory";
        if (e instanceof FileAlreadyExistsException) return "a file is in the way";
        if (e instanceof FileSystemException) {
            String r = ((FileSystemException) e).getReason();
            if (r != null) {
                if (r.contains("Read-only file system")) return "the file system is read-only";
                if (r.contains("Operation not permitted")) return "operation not permitted (read-only or immutable directory)";
                if (r.contains("Not a directory")) return "a path component is not a directory";
                return oneLine(r);
            }
        }
        return oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
