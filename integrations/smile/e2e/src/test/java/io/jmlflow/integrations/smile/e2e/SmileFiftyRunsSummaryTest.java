package io.jmlflow.integrations.smile.e2e;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.RunSummaries;
import io.jmlflow.testing.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 24, point 15: a user's loop of 50 autologged trainings ({@link FiftyRunsProgram}: four kinds of models, half
 * of them scored afterwards with {@code Accuracy.of}, which logs onto the model after training) prints one summary
 * line per run, and each line's counts are what the real Python client reads from the store: params, metric points
 * (every point of every metric's history, the post-training ones included), tags and logged models.
 */
class SmileFiftyRunsSummaryTest {
    @TempDir
    Path dir;

    @Test
    void everyRunOfAFiftyRunLoopReportsWhatTheStoreHolds() {
        String uri = "sqlite:///" + dir.resolve("mlflow.db");
        JavaProcess.Result r = SmileJvm.ok(SmileJvm.traced(FiftyRunsProgram.class, uri).workDir(dir));
        Map<String, RunSummaries.Counts> store = RunSummaries.assertEveryRunReportsTheStore(r.stderr(), uri, dir,
                FiftyRunsProgram.RUNS);
        for (Map.Entry<String, RunSummaries.Counts> e : store.entrySet()) {
            assertEquals(1, e.getValue().models(), e.getKey() + " logged its model");
        }
        int scored = 0;
        try (MlflowClient client = new MlflowClient(uri)) {
            for (Run run : Runs.all(client, "Default")) {
                boolean eval = false;
                for (Metric m : run.data().metrics()) eval |= m.key().startsWith("eval_");
                if (eval) scored++;
            }
        }
        assertEquals(FiftyRunsProgram.RUNS / 2, scored, "the runs whose model was scored after training");
    }
}
