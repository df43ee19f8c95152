package io.jmlflow.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Whole-file reads and writes behave as the {@code Files} methods they replace, failures included. */
class FileBytesTest {
    @TempDir
    Path dir;

    @Test
    void writesCreateOrTruncateAndReadsGetTheBytesBack() throws Exception {
        Path f = dir.resolve("a.txt");
        FileBytes.write(f, "a longer first text");
        FileBytes.write(f, "é\n");
        assertEquals("é\n", Files.readString(f, StandardCharsets.UTF_8));
        assertEquals("é\n", FileBytes.readString(f));
        assertArrayEquals("é\n".getBytes(StandardCharsets.UTF_8), FileBytes.read(f));
    }

    @Test
    void aNewFileMustNotExistYet() throws Exception {
        Path f = dir.resolve("new.bin");
        FileBytes.writeNew(f, new byte[] {1, 2});
        assertThrows(FileAlreadyExistsException.class, () -> FileBytes.writeNew(f, new byte[] {3}));
        assertArrayEquals(new byte[] {1, 2}, FileBytes.read(f));
    }

    @Test
    void pathsOfOtherFileSystemsGoThroughFiles() throws Exception {
        Path zip = dir.resolve("a.zip");
        try (java.nio.file.FileSystem fs = java.nio.file.FileSystems.newFileSystem(zip, java.util.Map.of("create", "true"))) {
            Path inside = fs.getPath("/x.txt");
            FileBytes.writeNew(inside, new byte[] {7});
            assertThrows(FileAlreadyExistsException.class, () -> FileBytes.writeNew(inside, new byte[] {8}));
            assertArrayEquals(new byte[] {7}, FileBytes.read(inside));
        }
    }

    @Test
    void missingFilesAndFoldersAreReportedAsFilesReportsThem() {
        assertThrows(NoSuchFileException.class, () -> FileBytes.read(dir.resolve("none")));
        assertThrows(NoSuchFileException.class, () -> FileBytes.write(dir.resolve("no/such/folder.txt"), "x"));
        assertThrows(NoSuchFileException.class, () -> FileBytes.writeNew(dir.resolve("no/such/folder.bin"), new byte[0]));
    }
}
