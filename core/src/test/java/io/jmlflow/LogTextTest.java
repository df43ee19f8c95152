package io.jmlflow;

import io.jmlflow.entities.FileInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link MlflowClient#logText}: a run's text artifact, as Python's {@code MlflowClient.log_text}, in every local store. */
class LogTextTest {
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        Mlflow.resetForTesting();
    }

    @Test
    void writesTheTextAsTheRunsArtifactFile() throws Exception {
        for (String uri : new String[] {"sqlite:///" + dir.resolve("mlflow.db"), dir.resolve("mlruns").toUri().toString()}) {
            try (MlflowClient client = new MlflowClient(uri)) {
                String runId = client.createRun("0", "notes", Map.of()).runId();
                client.logText(runId, "caf\u00e9 au lait\n", "notes/summary.txt");
                client.logText(runId, "at the root", "root.txt");
                List<FileInfo> inNotes = client.listArtifacts(runId, "notes");
                assertEquals(1, inNotes.size(), uri + ": " + inNotes);
                assertEquals("notes/summary.txt", inNotes.get(0).path(), uri);
                Path got = client.downloadArtifacts(runId, "notes/summary.txt", Files.createTempDirectory(dir, "dl"));
                assertEquals("caf\u00e9 au lait\n", Files.readString(got, StandardCharsets.UTF_8), uri);
                assertTrue(client.listArtifacts(runId, null).stream().anyMatch(f -> f.path().equals("root.txt")), uri);
                assertThrows(IllegalArgumentException.class, () -> client.logText(runId, "x", "../outside.txt"),
                        uri + ": a path leaving the run's artifacts is refused");
            }
        }
    }
}
