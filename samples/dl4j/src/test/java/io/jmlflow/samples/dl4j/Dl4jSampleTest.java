package io.jmlflow.samples.dl4j;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The samples' smoke test: {@link IrisClassifier} run as a user runs it, under the agent. What DL4J autologging logs,
 * for this and the other samples, is tested in {@code integrations/dl4j/e2e}.
 */
class Dl4jSampleTest {
    @TempDir
    Path dir;

    @Test
    void thePlainProgramIsOneFinishedRunWithItsLossAndModel() {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess program = AgentJvm.plain(getClass(), IrisClassifier.class.getName(), "3", "16")
                .env("OMP_NUM_THREADS", "1").workDir(dir);
        JavaProcess.Result r = AgentJvm.ok(AgentJvm.traced(program, uri, null));
        assertTrue(r.stdout().contains("accuracy after 3 epochs"), r.stdout());
        try (MlflowClient client = new MlflowClient(uri)) {
            List<Run> runs = client.searchRuns(List.of("0"), "");
            assertEquals(1, runs.size(), runs.toString());
            Run run = runs.get(0);
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals("dl4j", run.data().tags().get("mlflow.autologging"));
            assertTrue(run.data().metric("epoch_loss") != null, run.data().metrics().toString());
            assertEquals(1, run.modelOutputs().size());
        }
    }
}
