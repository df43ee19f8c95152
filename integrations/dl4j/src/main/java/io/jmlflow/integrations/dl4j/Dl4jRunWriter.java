package io.jmlflow.integrations.dl4j;

import io.jmlflow.internal.FileBytes;
import io.jmlflow.Mlflow;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.internal.Log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes to a run directly, not through the asynchronous writer of the thread's active run: what the end of training
 * logs, which may run on the post-training thread or during JVM exit.
 */
final class Dl4jRunWriter {
    private Dl4jRunWriter() {
    }

    /** Metrics and params in one batch; a failure is one warning. */
    static void batch(String runId, List<Metric> points, List<Param> params) {
        try {
            Mlflow.client().logBatch(runId, points, params, List.of());
        } catch (RuntimeException e) {
            Log.warn("dl4j autologging could not write the final metrics of run " + runId + ": " + e.getMessage());
        }
    }

    /** A text artifact named {@code fileName} at the root of the run's artifacts. */
    static void artifact(String runId, String fileName, String text) throws IOException {
        Path dir = Files.createTempDirectory("mlflow-dl4j");
        Path file = dir.resolve(fileName);
        try {
            FileBytes.write(file, text);
            Mlflow.client().logArtifact(runId, file, null);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
