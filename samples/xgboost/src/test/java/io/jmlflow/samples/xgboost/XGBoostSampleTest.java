package io.jmlflow.samples.xgboost;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample's smoke test: run as a user runs it, under the agent. What XGBoost autologging logs is tested in
 * {@code integrations/xgboost/e2e}.
 */
class XGBoostSampleTest {
    @TempDir
    Path dir;

    @Test
    void thePlainProgramGivesAFinishedRunWithItsModel() {
        String uri = "file:" + dir.resolve("mlruns");
        AgentJvm.ok(AgentJvm.traced(AgentJvm.plain(getClass(), CreditDefault.class.getName()), uri, null)
                .env("MLFLOW_EXPERIMENT_NAME", "xgboost-sample").workDir(dir));
        try (MlflowClient client = new MlflowClient(uri)) {
            List<Run> runs = Runs.all(client, "xgboost-sample");
            assertEquals(1, runs.size(), runs.toString());
            Run run = runs.get(0);
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals("xgboost", run.data().tags().get("mlflow.autologging"));
            assertEquals("binary:logistic", run.data().params().get("objective"));
            assertTrue(Runs.history(client, run.runId(), "validation-logloss").size() > 5);
            assertEquals(1, run.modelOutputs().size());
        }
    }
}
