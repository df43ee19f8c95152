package io.jmlflow.internal.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** MLmodel's {@code model_size_bytes}: the bytes of every file under the model's folder, sub-folders included. */
class ModelSizeTest {
    @TempDir
    Path dir;

    @Test
    void sumsTheFilesOfAllSubFolders() throws Exception {
        Files.write(dir.resolve("model.ubj"), new byte[1_234]);
        Files.createDirectories(dir.resolve("data/deeper"));
        Files.write(dir.resolve("data/weights.bin"), new byte[500]);
        Files.write(dir.resolve("data/deeper/extra.txt"), new byte[7]);
        Files.createDirectories(dir.resolve("empty"));
        assertEquals(1_234 + 500 + 7, ModelLogging.sizeOf(dir));
        assertEquals(0, ModelLogging.sizeOf(dir.resolve("empty")));
    }
}
