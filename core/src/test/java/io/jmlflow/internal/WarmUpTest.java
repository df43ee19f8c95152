package io.jmlflow.internal;

import io.jmlflow.MlflowConfig;
import io.jmlflow.RuntimeTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's start-up warm-up leaves nothing behind and never touches the configured store. */
class WarmUpTest {
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        RuntimeTestSupport.resetMlflow();
    }

    @Test
    void rehearsesInAScratchStoreAndLeavesTheConfiguredOneAlone() throws IOException {
        for (String uri : new String[] {"sqlite:///" + dir.resolve("never.db"), dir.resolve("never-mlruns").toUri().toString()}) {
            MlflowConfig.set(MlflowConfig.TRACKING_URI, uri);
            Set<Path> before = scratchDirs();
            WarmUp.run();
            assertTrue(WarmUp.rehearseInScratchStore(), uri);
            assertFalse(Files.exists(dir.resolve("never.db")), uri);
            assertFalse(Files.exists(dir.resolve("never-mlruns")), uri);
            assertEquals(before, scratchDirs(), "scratch store deleted");
        }
    }

    private static Set<Path> scratchDirs() throws IOException {
        try (Stream<Path> s = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("jmlflow-warm-up")).collect(Collectors.toSet());
        }
    }
}
