package io.jmlflow.internal.artifacts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In-memory artifacts written straight into a local artifact root: in place, replaced whole, never outside it. */
class LocalArtifactWriteTest {
    @TempDir
    Path dir;

    @Test
    void writesInPlaceAndReplacesWithoutLeftovers() throws Exception {
        Path root = dir.resolve("run/artifacts");
        LocalArtifactRepository repo = new LocalArtifactRepository(root);
        repo.write("plots/curves/roc.svg", "<svg/>".getBytes());
        repo.write("summary.json", new byte[] {1, 2});
        repo.write("summary.json", new byte[] {3});
        assertArrayEquals("<svg/>".getBytes(), Files.readAllBytes(root.resolve("plots/curves/roc.svg")));
        assertArrayEquals(new byte[] {3}, Files.readAllBytes(root.resolve("summary.json")));
        try (Stream<Path> all = Files.walk(dir)) {
            List<String> tmp = all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertEquals(List.of(), tmp, "no temporary file is left");
        }
    }

    @Test
    void namesThatLeaveTheRootOrNameNoFileAreRefused() throws Exception {
        Path root = dir.resolve("artifacts");
        LocalArtifactRepository repo = new LocalArtifactRepository(root);
        Files.createDirectories(root.resolve("plots"));
        for (String bad : new String[] {"../outside.txt", "/tmp/abs.txt", "", "plots/", "plots/..", "."}) {
            assertThrows(Exception.class, () -> repo.write(bad, new byte[] {1}), bad);
        }
        assertThrows(Exception.class, () -> repo.write("plots", new byte[] {1}), "an existing folder stays a folder");
        assertTrue(Files.isDirectory(root.resolve("plots")));
        assertTrue(Files.notExists(dir.resolve("outside.txt")));
    }
}
