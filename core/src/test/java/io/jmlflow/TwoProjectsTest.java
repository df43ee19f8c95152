package io.jmlflow;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.Spool;
import io.jmlflow.internal.StoreIdentity;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MetricPoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two project folders on one machine, each with the default store ({@code ./mlflow.db}) and one spool: what project A
 * left in the spool at exit is never replayed into project B's database, and {@code sync} run in A delivers it to A's.
 */
class TwoProjectsTest {
    private static final int POINTS = 300_000;

    @TempDir
    Path dir;

    @Test
    void eachProjectsDatabaseHoldsExactlyItsOwnPoints() throws Exception {
        Path a = Files.createDirectories(dir.resolve("project-a"));
        Path b = Files.createDirectories(dir.resolve("project-b"));
        Path spool = dir.resolve("spool");

        // A exits at once with most of its points not written: they go to the spool
        JavaProcess.Result exitA = JavaProcess.main(ExitWithPendingDataProgram.class, Integer.toString(POINTS))
                .workDir(a).env("MLFLOW_SPOOL_DIR", spool.toString()).env("MLFLOW_FLUSH_TIMEOUT_MS", "1").run(180);
        assertEquals(0, exitA.exitCode(), exitA.describe());
        assertTrue(exitA.stderr().contains("were kept in the local spool"), exitA.describe());
        String runA = exitA.stdout().lines().filter(l -> l.startsWith("RUN ")).findFirst().orElseThrow().substring(4);
        Spool spoolA = new Spool(spool.resolve(StoreIdentity.of("sqlite:///" + a.resolve("mlflow.db")).folderName()),
                StoreIdentity.of("sqlite:///" + a.resolve("mlflow.db")));
        assertTrue(!spoolA.isEmpty(), "A's leftovers are in A's spool folder");

        // B runs in its own folder: its start replays only what belongs to B's database
        JavaProcess.Result runB = JavaProcess.main(SmallTrainingProgram.class).workDir(b)
                .env("MLFLOW_SPOOL_DIR", spool.toString()).run(180);
        assertEquals(0, runB.exitCode(), runB.describe());
        assertTrue(!spoolA.isEmpty(), "B did not touch A's spool folder: " + runB.describe());

        // `sync` in A, with no argument: what belongs to A's configuration
        JavaProcess.Result sync = JavaProcess.main(SyncMain.class).workDir(a).env("MLFLOW_SPOOL_DIR", spool.toString())
                .run(300);
        assertEquals(0, sync.exitCode(), sync.describe());
        assertTrue(spoolA.isEmpty(), sync.describe());

        try (MlflowClient clientA = new MlflowClient("sqlite:///" + a.resolve("mlflow.db"));
             MlflowClient clientB = new MlflowClient("sqlite:///" + b.resolve("mlflow.db"))) {
            List<Metric> history = clientA.getMetricHistory(runA, "m");
            MetricPoints.assertEachStepOnce(history, POINTS, "project A");
            assertEquals(RunStatus.FINISHED, clientA.getRun(runA).info().status());

            List<Run> runsB = clientB.searchRuns(List.of("0"), null);
            assertEquals(1, runsB.size(), "B holds only its own run: " + runsB);
            assertEquals("small-training", runsB.get(0).info().runName());
            assertEquals(50, clientB.getMetricHistory(runsB.get(0).runId(), "loss").size());
            assertTrue(clientB.getMetricHistory(runsB.get(0).runId(), "m").isEmpty());
        }
    }
}
