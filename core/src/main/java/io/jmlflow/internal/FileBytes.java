package io.jmlflow.internal;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file reads and writes of the logging path through {@code java.io}'s file streams. The first
 * {@code Files.readAllBytes}, {@code Files.write} or {@code Files.newOutputStream} of a process loads and initialises
 * about thirty NIO channel classes that the JDK's shared archive does not hold (about 4 ms of CPU in a fresh JVM);
 * the file streams are loaded at every JVM's start. A missing file is reported as {@code Files} does
 * ({@link NoSuchFileException}).
 */
public final class FileBytes {
    private FileBytes() {
    }

    /** The file's bytes. */
    public static byte[] read(Path file) throws IOException {
        try (InputStream in = newInputStream(file)) {
            return in.readAllBytes();
        }
    }

    /** The file's text, read as UTF-8. */
    public static String readString(Path file) throws IOException {
        return new String(read(file), StandardCharsets.UTF_8);
    }

    /** Opens the file for reading. */
    public static InputStream newInputStream(Path file) throws IOException {
        if (!onDefaultFileSystem(file)) return Files.newInputStream(file);
        try {
            return new FileInputStream(file.toFile());
        } catch (FileNotFoundException e) {
            throw asFilesWould(file, !Files.exists(file, LinkOption.NOFOLLOW_LINKS), e);
        }
    }

    /** Writes {@code content} to the file, created or truncated (as {@code Files.write}). */
    public static void write(Path file, byte[] content) throws IOException {
        try (OutputStream out = newOutputStream(file)) {
            out.write(content);
        }
    }

    /** Writes {@code text} in UTF-8 to the file, created or truncated. */
    public static void write(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code content} to a file that must not exist yet ({@link FileAlreadyExistsException} when it does). */
    public static void writeNew(Path file, byte[] content) throws IOException {
        if (!onDefaultFileSystem(file)) {
            Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return;
        }
        boolean created;
        try {
            created = file.toFile().createNewFile();
        } catch (IOException e) {
            throw asFilesWould(file, parentMissing(file), e);
        }
        if (!created) throw new FileAlreadyExistsException(file.toString());
        write(file, content);
    }

    /** Opens the file for writing, created or truncated (as {@code Files.newOutputStream}). */
    public static OutputStream newOutputStream(Path file) throws IOException {
        if (!onDefaultFileSystem(file)) return Files.newOutputStream(file);
        try {
            return new FileOutputStream(file.toFile());
        } catch (FileNotFoundException e) {
            throw asFilesWould(file, parentMissing(file), e);
        }
    }

    /** A path of another file system (a zip's, say) has no {@code java.io.File}: {@code Files} is used for it. */
    private static boolean onDefaultFileSystem(Path file) {
        return file.getFileSystem() == FileSystems.getDefault();
    }

    private static boolean parentMissing(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null && !Files.isDirectory(parent);
    }

    private static IOException asFilesWould(Path file, boolean missing, IOException e) {
        if (!missing) return e; // there, but not readable or writable, or a folder (the message says which)
        NoSuchFileException n = new NoSuchFileException(file.toString());
        n.initCause(e);
        return n;
    }
}
