package io.jmlflow.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TempDirsTest {
    @TempDir
    Path tmp;

    @Test
    void deleteStaleRemovesOnlyOldFoldersWithThePrefix() throws Exception {
        long hour = 3_600_000L;
        Path old = folder("jm-scratch-old", 2 * hour);
        Files.createDirectories(old.resolve("a/b"));
        Files.writeString(old.resolve("a/b/model.bin"), "x");
        Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 2 * hour)); // after filling it
        Path young = folder("jm-scratch-young", 0);
        Path otherName = folder("someone-else", 2 * hour);
        Path plainFile = tmp.resolve("jm-scratch-file");
        Files.writeString(plainFile, "not a folder");
        Files.setLastModifiedTime(plainFile, FileTime.fromMillis(System.currentTimeMillis() - 2 * hour));

        TempDirs.deleteStale(tmp, "jm-scratch", hour);

        assertFalse(Files.exists(old), "an old folder with the prefix goes, with what it holds");
        assertTrue(Files.isDirectory(young), "a recent one may be in use");
        assertTrue(Files.isDirectory(otherName), "another name is not ours");
        assertTrue(Files.isRegularFile(plainFile), "only folders");
        TempDirs.deleteStale(tmp.resolve("missing"), "jm-scratch", hour); // never throws
    }

    private Path folder(String name, long ageMillis) throws Exception {
        Path p = Files.createDirectory(tmp.resolve(name));
        Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - ageMillis));
        return p;
    }
}
