package io.jmlflow.integrations.dl4j;

import io.jmlflow.Mlflow;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.internal.Log;

import java.io.IOException;
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

    /**
     * A text artifact named {@code fileName} at the root of the run's artifacts (written in place: a temporary file's
     * random name would set up the JDK's SecureRandom, some 80 classes, in a program that may not use it).
     */
    static void artifact(String runId, String fileName, String text) throws IOException {
        try {
            Mlflow.client().logText(runId, text, fileName);
        } catch (io.jmlflow.MlflowException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
