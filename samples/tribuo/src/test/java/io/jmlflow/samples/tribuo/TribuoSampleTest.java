package io.jmlflow.samples.tribuo;

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
 * The sample's smoke test: run as a user runs it, under the agent. What Tribuo autologging logs is tested in
 * {@code integrations/tribuo/e2e}.
 */
class TribuoSampleTest {
    @TempDir
    Path dir;

    @Test
    void eachTrainingOfThePlainProgramIsAFinishedRunWithItsModel() {
        String uri = "file:" + dir.resolve("mlruns");
        AgentJvm.ok(AgentJvm.traced(AgentJvm.plain(getClass(), TribuoSample.class.getName()), uri, null)
                .env("MLFLOW_EXPERIMENT_NAME", "tribuo-sample").workDir(dir));
        try (MlflowClient client = new MlflowClient(uri)) {
            List<Run> runs = Runs.all(client, "tribuo-sample");
            assertEquals(4, runs.size(), "one run per training: " + runs);
            for (Run run : runs) {
                assertEquals(RunStatus.FINISHED, run.info().status());
                assertEquals("tribuo", run.data().tags().get("mlflow.autologging"));
                assertTrue(run.data().params().containsKey("dataset.num_examples"), run.data().params().toString());
                assertEquals(1, run.modelOutputs().size());
            }
        }
    }
}
