package io.jmlflow;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MetricPoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On the file store, whose appends a second write would repeat: a JVM that exits with most of its points not written
 * keeps them in the spool without the batch that was being written, so after {@code sync} each point is there once.
 */
class ExitSpillTest {
    private static final int POINTS = 300_000;

    @TempDir
    Path dir;

    @Test
    void theFileStoreGetsEveryPointOnceAfterAnExitSpillAndSync() {
        String uri = dir.resolve("mlruns").toUri().toString();
        Path spool = dir.resolve("spool");
        JavaProcess.Result exit = JavaProcess.main(ExitWithPendingDataProgram.class, Integer.toString(POINTS))
                .workDir(dir).env("MLFLOW_TRACKING_URI", uri).env("MLFLOW_SPOOL_DIR", spool.toString())
                .env("MLFLOW_FLUSH_TIMEOUT_MS", "1").run(180);
        assertEquals(0, exit.exitCode(), exit.describe());
        assertTrue(exit.stderr().contains("were kept in the local spool"), exit.describe());
        String runId = exit.stdout().lines().filter(l -> l.startsWith("RUN ")).findFirst().orElseThrow().substring(4);

        JavaProcess.Result sync = JavaProcess.main(SyncMain.class).workDir(dir).env("MLFLOW_TRACKING_URI", uri)
                .env("MLFLOW_SPOOL_DIR", spool.toString()).run(300);
        assertEquals(0, sync.exitCode(), sync.describe());
        try (MlflowClient client = new MlflowClient(uri)) {
            List<Metric> history = client.getMetricHistory(runId, "m");
            MetricPoints.assertEachStepOnce(history, POINTS, uri);
            assertEquals(RunStatus.FINISHED, client.getRun(runId).info().status());
        }
    }
}
